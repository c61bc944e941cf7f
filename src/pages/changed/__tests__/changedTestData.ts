import type { DataFrame } from '@grafana/data';
import { stepMsFor, type Window, type Windows } from '../../../correlation/changes/windows';
import type { RecordedRequest } from '../../../test/mocks/grafanaRuntime';
import { lokiFrame, lokiMetricFrame } from '../../../test/mocks/lokiFrame';
import type { PatternLine } from '../../../test/mocks/lokiPatterns';
import { promSeries } from '../../../test/mocks/promFrame';
import { checkoutTrace, tempoSearchResult, type TraceSearchHit } from '../../../test/mocks/tempoFrame';
import { histogramAnswer } from '../../../test/mocks/tempoHistogram';
import { compareAnswer, tempoMetricsResult, type CompareSpan } from '../../../test/mocks/tempoMetrics';

/**
 * A bad deploy of `payments` as the data sources would answer it: version 1.5.0 next to 1.4.0,
 * a new TypeError, its error fraction up from 2% to 12%, and, as in the demo shop, the new version
 * 400 ms slower, which pushes its 800 ms latency spikes (1 request in 20) over the 1 s slow
 * threshold. Each answer is built as the doubles of the upstream data sources build theirs.
 */

export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);
export const INCIDENT: Window = { fromMs: T0, toMs: T0 + 15 * 60_000 };

export interface Incident {
  /** false: the same figures in both windows. */
  bad: boolean;
}

export function patternLines(windows: Windows, { bad }: Incident): PatternLine[] {
  const stepMs = stepMsFor(windows.incident);
  const lines: PatternLine[] = [];
  const each = (w: Window, pattern: string, perStep: number, level = 'error') => {
    for (let t = w.fromMs; t < w.toMs; t += stepMs) {
      lines.push({ timeMs: t, pattern, level, count: perStep });
    }
  };
  for (const w of [windows.baseline, windows.incident]) {
    each(w, 'payment declined: insufficient funds for order <_>', 4);
    each(w, 'charged order <_>', 40, 'info');
  }
  if (bad) {
    each(windows.incident, 'TypeError: Cannot read properties of undefined (reading <_>)', 3);
  }
  return lines;
}

function spans(w: Window, side: 'baseline' | 'incident', { bad }: Incident): CompareSpan[] {
  const out: CompareSpan[] = [];
  const n = 1500;
  for (let i = 0; i < n; i++) {
    const newVersion = bad && side === 'incident' && i % 2 === 1;
    const failed = newVersion ? i % 8 === 1 || i % 8 === 3 : i % 50 === 0;
    const spike = i % 40 === 5 || i % 40 === 15 ? 800 : 0;
    out.push({
      timeMs: w.fromMs + ((w.toMs - w.fromMs) * i) / n,
      durationMs: 20 + spike + (newVersion ? 400 : 0),
      attributes: {
        status: failed ? 'error' : 'unset',
        'resource.service.version': newVersion ? '1.5.0' : '1.4.0',
        'span.http.route': '/charge',
      },
    });
  }
  return out;
}

/** Server spans sampled by a TraceQL search, attributes as Tempo returns them (names without scope). */
function sampleHits(w: Window, side: 'baseline' | 'incident', incident: Incident): TraceSearchHit[] {
  return spans(w, side, incident)
    .filter((_s, i) => i % 5 === 0)
    .map((s, i) => ({
      traceID: (i + 1).toString(16).padStart(32, '0'),
      rootServiceName: 'gateway',
      rootTraceName: 'POST /checkout',
      startTimeUnixNano: `${Math.trunc(s.timeMs)}000000`,
      durationMs: s.durationMs,
      spanSets: [
        {
          matched: 1,
          spans: [
            {
              spanID: (i + 1).toString(16).padStart(16, '0'),
              name: 'POST /charge',
              startTimeUnixNano: `${Math.trunc(s.timeMs)}000000`,
              durationNanos: String((s.durationMs ?? 0) * 1e6),
              attributes: [
                { key: 'status', value: { stringValue: String(s.attributes.status) } },
                { key: 'service.version', value: { stringValue: String(s.attributes['resource.service.version']) } },
                { key: 'http.route', value: { stringValue: '/charge' } },
              ],
            },
          ],
        },
      ],
    }));
}

function redFrames(w: Window, side: 'baseline' | 'incident', { bad }: Incident, targets: Array<{ refId: string }>) {
  const stepMs = stepMsFor(w);
  const points = (v: (i: number) => number) => {
    const out: Array<[number, number]> = [];
    for (let t = w.fromMs, i = 0; t <= w.toMs; t += stepMs, i++) {
      out.push([t, v(i)]);
    }
    return out;
  };
  const wobble = (i: number) => 1 + ((i * 37) % 7) / 100 - 0.03;
  const frames: DataFrame[] = [];
  for (const t of targets) {
    for (const service of ['gateway', 'payments']) {
      const errors = service === 'payments' && bad && side === 'incident' ? 0.12 : 0.02;
      const value =
        t.refId === 'rate'
          ? (i: number) => 5 * wobble(i)
          : t.refId === 'errors'
            ? (i: number) => errors * wobble(i)
            : (i: number) => 0.2 * wobble(i);
      frames.push(promSeries(t.refId, { service }, points(value), { stepMs }));
    }
  }
  return frames;
}

export interface RespondOptions extends Incident {
  windows: Windows;
  /** Tempo cannot run compare() (no local-blocks processor). */
  noMetrics?: boolean;
  /** Only the slow-span compare() fails (Tempo refuses a duration filter it cannot evaluate, say). */
  slowCompareFail?: boolean;
  metricsFail?: boolean;
  tempoFail?: boolean;
  lokiFail?: boolean;
}

/** Answers every data source query of What changed. */
export function respond(opts: RespondOptions) {
  const side = (req: RecordedRequest): 'baseline' | 'incident' =>
    req.fromMs === opts.windows.incident.fromMs ? 'incident' : 'baseline';
  const windowOf = (req: RecordedRequest) => opts.windows[side(req)];
  return (req: RecordedRequest) => {
    if (req.type === 'tempo') {
      const query = String(req.targets[0]?.query ?? '');
      if (/^[0-9a-f]+$/.test(query)) {
        return [checkoutTrace(TRACE_ID, T0 + 60_000)];
      }
      if (opts.tempoFail) {
        return new Error('rpc error: code = Unavailable desc = connection refused');
      }
      if (query.includes('| compare(')) {
        if (opts.noMetrics) {
          return new Error('localblocks processor not found');
        }
        if (opts.slowCompareFail && query.includes('compare({ duration')) {
          return new Error('query is too expensive');
        }
        const w = windowOf(req);
        return tempoMetricsResult(compareAnswer(query, spans(w, side(req), opts), { ...w, stepMs: stepMsFor(w) }));
      }
      if (query.includes('| histogram_over_time(')) {
        const w = windowOf(req);
        return tempoMetricsResult(histogramAnswer(query, spans(w, side(req), opts), { ...w, stepMs: stepMsFor(w) }));
      }
      return tempoSearchResult(sampleHits(windowOf(req), side(req), opts));
    }
    if (req.type === 'prometheus') {
      return opts.metricsFail
        ? new Error('bad_data: parse error')
        : redFrames(windowOf(req), side(req), opts, req.targets as never);
    }
    if (req.type === 'loki') {
      if (opts.lokiFail) {
        return new Error('too many outstanding requests');
      }
      const w = windowOf(req);
      const bad = opts.bad && side(req) === 'incident';
      return req.targets.map((t) =>
        t.refId === 'lines'
          ? lokiFrame(
              Array.from({ length: 40 }, (_x, i) => ({
                timeMs: w.toMs - i * 1000,
                line:
                  bad && i % 2 === 0
                    ? `TypeError: Cannot read properties of undefined (reading 'currency') order ord-${i}`
                    : `payment declined: insufficient funds for order ord-${i}`,
                labels: { service_name: 'payments', detected_level: 'error' },
              })),
              'lines'
            )
          : lokiMetricFrame('total', { service_name: 'payments' }, [[w.fromMs, 120]])
      );
    }
    return [];
  };
}
