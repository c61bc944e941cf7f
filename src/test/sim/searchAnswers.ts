import type { DataFrame } from '@grafana/data';
import { spanSearch, type SearchableSpan } from '../mocks/tempoSpanSearch';
import { tempoSearchBackendFrame, tempoSearchStreamFrame } from '../mocks/tempoFrame';
import type { Window } from '../../correlation/changes/windows';
import type { SimSpan, Simulation } from './simTypes';

/**
 * A simulated range as Tempo answers a TraceQL search (src/test/mocks/tempoSpanSearch.ts: every span
 * kind, Tempo's limits), in the table Grafana's Tempo data source builds (without streaming: the
 * query's refId; with it: refId `traces`). Test code.
 */

const searchable = new WeakMap<SimSpan, SearchableSpan>();

/** A simulated span by its TraceQL names: resource attributes and span attributes scoped. */
function searchableOf(s: SimSpan): SearchableSpan {
  let span = searchable.get(s);
  if (!span) {
    const attributes: SearchableSpan['attributes'] = {
      'resource.service.name': s.service,
      'resource.service.version': s.version,
      'resource.k8s.pod.name': s.pod,
    };
    for (const k in s.attributes) {
      attributes[`span.${k}`] = s.attributes[k];
    }
    span = {
      traceId: s.traceId,
      spanId: s.spanId,
      startMs: s.startMs,
      durationMs: s.durationMs,
      kind: s.kind,
      name: s.name,
      attributes,
    };
    searchable.set(s, span);
  }
  return span;
}

export interface SearchTarget {
  refId: string;
  query: string;
  limit?: number;
  spss?: number;
}

/** Grafana's frames of Tempo's answer to one search over `window`, or the Error Grafana reports. */
export function searchFrames(
  sim: Simulation,
  target: SearchTarget,
  window: Window,
  opts: { streaming?: boolean } = {}
): DataFrame[] | Error {
  const hits = spanSearch(sim.spans.map(searchableOf), { ...target, fromMs: window.fromMs, toMs: window.toMs });
  if (hits instanceof Error) {
    return hits;
  }
  return [opts.streaming ? tempoSearchStreamFrame(hits) : tempoSearchBackendFrame(target.refId, hits)];
}
