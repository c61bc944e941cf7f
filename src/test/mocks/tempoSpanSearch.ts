// Tempo's answer to a TraceQL search over spans (`{ resource.service.name = "…" && kind = client && duration >= Nms
// && span.x = "…" } | select(…)`, the forms src/queries/traceql.ts writes), as grafana/tempo v2.10.8 gives it:
// - Every span kind is searched: recent data in the ingesters (modules/ingester/instance_search.go Search, its
//   live traces and blocks, unfiltered), older in the backend's blocks (search_sharder.go backendRange, after
//   `query_backend_after`, 15m, config.go:96; ingesters until `query_ingesters_until`, 30m, config.go:97).
//   Unlike TraceQL metrics, whose last 30 minutes come from the metrics-generator's local blocks, which keep
//   server and root spans only (modules/generator/processor/localblocks/config.go:59 FilterServerSpans = true,
//   processor.go:219 and filterBatches:967).
// - `limit`: 0 becomes `default_result_limit` (20), over `max_result_limit` (262144) is refused with HTTP 400
//   (config.go:98-99, search_handlers.go:162 adjustLimit); at most `limit` traces are returned.
// - `spss`: 0 becomes 3 (config.go:105, pkg/traceql/engine.go:118-123), over `max_spans_per_span_set` (100,
//   config.go:106) refused with HTTP 400 (search_sharder.go:108-110); a range over `max_duration` (168h,
//   config.go:100) refused too (search_sharder.go:100-103). Grafana's data source keeps only the status:
//   "failed to execute search query status: 400 Bad Request" (grafana-tempo-datasource pkg/tempo/search.go).
// - A span set's `matched` counts every matching span of the trace, only the first `spss` are sent
//   (engine.go:114-123); each span's attributes are the conditions' and select()'s fields by their name without
//   scope, `kind` included, name and duration as fields of their own (engine.go:303-350 asTraceSearchMetadata).
// - Which `limit` traces come back is not defined (the combiner keeps the first found); here, the newest.
import { TEMPO_LIMITS, type TempoLimits } from './limits/tempoLimits';
import type { OtlpValue, TraceSearchHit } from './tempoFrame';

/** A span as the search double reads it: attributes by their scoped TraceQL name (`span.db.statement`). */
export interface SearchableSpan {
  traceId: string;
  spanId: string;
  startMs: number;
  durationMs: number;
  kind: 'server' | 'client';
  name: string;
  attributes: Record<string, string | number | boolean>;
}

export interface SpanSearch {
  test: (s: SearchableSpan) => boolean;
  /** Fields named by the conditions and select(), scoped. */
  fields: string[];
}

const STRING = String.raw`"((?:[^"\\]|\\.)*)"`;
const unquote = (s: string) => s.replace(/\\(.)/g, '$1');

/** The conditions Correlate's span searches use; anything else throws, so the double never guesses. */
export function parseSpanSearch(query: string): SpanSearch {
  const m = /^\s*\{(.*)\}\s*(?:\|\s*select\(([^)]*)\))?\s*$/.exec(query);
  if (!m) {
    throw new Error(`not a span search: ${query}`);
  }
  const tests: Array<(s: SearchableSpan) => boolean> = [];
  const fields: string[] = [];
  for (const raw of m[1]
    .split('&&')
    .map((c) => c.trim())
    .filter(Boolean)) {
    const kind = /^kind\s*=\s*(server|client)$/.exec(raw);
    const duration = /^duration\s*>=\s*(\d+)ms$/.exec(raw);
    const equals = new RegExp(`^((?:resource|span)\\.[\\w.\\-/]+)\\s*=\\s*${STRING}$`).exec(raw);
    if (kind) {
      tests.push((s) => s.kind === kind[1]);
      fields.push('kind');
    } else if (duration) {
      tests.push((s) => s.durationMs >= Number(duration[1]));
    } else if (equals) {
      const value = unquote(equals[2]);
      tests.push((s) => String(s.attributes[equals[1]]) === value);
      fields.push(equals[1]);
    } else {
      throw new Error(`the Tempo search double does not evaluate this condition: ${raw}`);
    }
  }
  const select = (m[2] ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  return { test: (s) => tests.every((t) => t(s)), fields: [...new Set([...fields, ...select])] };
}

const otlp = (v: string | number | boolean): OtlpValue =>
  typeof v === 'number'
    ? Number.isInteger(v)
      ? { intValue: v }
      : { doubleValue: v }
    : typeof v === 'boolean'
      ? { boolValue: v }
      : { stringValue: v };

const ns = (ms: number) => `${Math.round(ms * 1e6)}`;

export interface SpanSearchRequest {
  query: string;
  fromMs: number;
  toMs: number;
  limit?: number;
  spss?: number;
}

/** Tempo's search answer over `spans` (each trace's spans, all kinds), or the Error Grafana reports when Tempo refuses it. */
export function spanSearch(
  spans: SearchableSpan[],
  req: SpanSearchRequest,
  limits: TempoLimits = TEMPO_LIMITS
): TraceSearchHit[] | Error {
  const limit = Math.trunc(Number(req.limit ?? 0)) || limits.searchDefaultLimit;
  const spss = Math.trunc(Number(req.spss ?? 0)) || limits.searchDefaultSpansPerSpanSet;
  if (
    req.toMs - req.fromMs > limits.searchMaxDurationMs ||
    (limits.searchMaxLimit > 0 && limit > limits.searchMaxLimit) ||
    (limits.maxSpansPerSpanSet > 0 && spss > limits.maxSpansPerSpanSet)
  ) {
    return new Error('failed to execute search query status: 400 Bad Request');
  }
  const search = parseSpanSearch(req.query);
  const byTrace = new Map<string, SearchableSpan[]>();
  for (const s of spans) {
    if (s.startMs >= req.fromMs && s.startMs < req.toMs) {
      const list = byTrace.get(s.traceId) ?? [];
      list.push(s);
      byTrace.set(s.traceId, list);
    }
  }
  const hits: Array<TraceSearchHit & { startMs: number }> = [];
  for (const [traceId, traceSpans] of byTrace) {
    const matching = traceSpans.filter(search.test).sort((a, b) => a.startMs - b.startMs);
    if (matching.length === 0) {
      continue;
    }
    const root = traceSpans.reduce((a, b) => (b.startMs < a.startMs ? b : a));
    const startMs = root.startMs;
    const endMs = Math.max(...traceSpans.map((s) => s.startMs + s.durationMs));
    hits.push({
      startMs,
      traceID: traceId.replace(/^0+/, ''),
      rootServiceName: String(root.attributes['resource.service.name'] ?? ''),
      rootTraceName: root.name,
      startTimeUnixNano: ns(startMs),
      durationMs: endMs - startMs >= 1 ? Math.trunc(endMs - startMs) : undefined,
      spanSets: [
        {
          matched: matching.length,
          spans: matching.slice(0, spss).map((s) => ({
            spanID: s.spanId,
            name: s.name,
            startTimeUnixNano: ns(s.startMs),
            durationNanos: ns(s.durationMs),
            attributes: search.fields.flatMap((f) => {
              const v = f === 'kind' ? s.kind : s.attributes[f];
              return v === undefined ? [] : [{ key: f.replace(/^(resource|span)\./, ''), value: otlp(v) }];
            }),
          })),
        },
      ],
    });
  }
  return hits
    .sort((a, b) => b.startMs - a.startMs)
    .slice(0, limit)
    .map(({ startMs: _, ...hit }) => hit);
}
