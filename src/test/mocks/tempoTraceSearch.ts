// Tempo's answer to a TraceQL search for one trace by id (`{ trace:id = "…" }`, optionally `&& status = error`
// and `| select(…)`), built from the trace's frame, as grafana/tempo v2.10.8 gives it:
// - pkg/traceql/engine.go:111-123: a span set holds every matching span; `matched` counts them, and only the
//   first `spss` are kept (default 3, modules/frontend/config.go:105; over `max_spans_per_span_set` (100) the
//   request is refused: search_sharder.go:108-110).
// - engine.go:317-380 asTraceSearchMetadata: span attributes are the conditions' and select()'s fields, named
//   without scope (`service.name`), intrinsics by their name (`status`, `span:parentID`, `kind`,
//   `statusMessage`); the span id and name are fields of their own. `serviceStats` counts spans and
//   failing spans per service for the whole trace (vparquet4 block_traceql.go:1343-1352).
// - A trace over `max_bytes_per_trace` was cut when it was ingested, so a search counts the spans Tempo kept
//   (limits/tempoLimits.ts keeps the same number in a trace-by-id answer).
// - The search sees a trace only when it overlaps the request's start..end (pkg/traceql/engine.go:85-86).
// - pkg/util/traceid.go:17-26: the trace id without leading zeros.
import type { DataFrame } from '@grafana/data';
import { TEMPO_LIMITS, type TempoLimits } from './limits/tempoLimits';
import { tempoSearchResult, type OtlpValue, type TempoSearchResult, type TraceSearchHit } from './tempoFrame';

export interface TraceIdSearch {
  traceId: string;
  errorsOnly: boolean;
  select: string[];
}

const SEARCH = /^\{ trace:id = "([0-9a-f]{32})"( && status = error)? \}(?: \| select\(([^)]*)\))?$/;

/** The trace-id search Correlate sends (src/queries/traceql.ts), or undefined for any other query. */
export function parseTraceIdSearch(query: string): TraceIdSearch | undefined {
  const m = SEARCH.exec(query.trim());
  return m
    ? {
        traceId: m[1],
        errorsOnly: Boolean(m[2]),
        select: m[3] ? m[3].split(',').map((s) => s.trim()) : [],
      }
    : undefined;
}

const column = (frame: DataFrame, name: string): ArrayLike<unknown> =>
  frame.fields.find((f) => f.name === name)?.values ?? [];

/** What one field of a span reads as in a search answer (key without scope, value as OTLP). */
function selected(field: string, row: (name: string) => unknown): { key: string; value: OtlpValue } | undefined {
  const s = (v: unknown) => (typeof v === 'string' ? { stringValue: v } : undefined);
  switch (field) {
    case 'span:parentID':
      return { key: 'span:parentID', value: s(row('parentSpanID') || '0000000000000000')! };
    case 'resource.service.name':
      return row('serviceName') ? { key: 'service.name', value: s(row('serviceName'))! } : undefined;
    case 'statusMessage':
      return row('statusMessage') ? { key: 'statusMessage', value: s(row('statusMessage'))! } : undefined;
    case 'kind':
      return row('kind') ? { key: 'kind', value: s(String(row('kind')))! } : undefined;
    default:
      return undefined;
  }
}

/**
 * The hit for `frame` (the trace Tempo holds) for the trace-id search `search`, or no hit when the trace is
 * not in the request's range or no span matches. `spss`: spans per span set, as the request asked. One
 * pass over the frame's columns (a 50,000-span trace is searched in the browser harness).
 */
export function traceIdSearchHits(
  frame: DataFrame | undefined,
  search: TraceIdSearch,
  opts: { spss?: number; fromMs?: number; toMs?: number; limits?: TempoLimits }
): TraceSearchHit[] {
  if (!frame) {
    return [];
  }
  const limits = opts.limits ?? TEMPO_LIMITS;
  const kept = Math.min(frame.length, Math.floor(limits.maxBytesPerTrace / limits.bytesPerSpan));
  if (kept <= 0) {
    return [];
  }
  const starts = column(frame, 'startTime');
  const durations = column(frame, 'duration');
  const services = column(frame, 'serviceName');
  const statuses = column(frame, 'statusCode');
  const parents = column(frame, 'parentSpanID');
  const failing = (i: number) => statuses[i] === 2;
  const spss = opts.spss && opts.spss > 0 ? opts.spss : 3;
  let startMs = Infinity;
  let endMs = -Infinity;
  let root = -1;
  let matched = 0;
  const shown: number[] = [];
  const serviceStats: Record<string, { spanCount?: number; errorCount?: number }> = {};
  for (let i = 0; i < kept; i++) {
    const start = Number(starts[i]);
    startMs = Math.min(startMs, start);
    endMs = Math.max(endMs, start + Number(durations[i]));
    if (root < 0 && !parents[i]) {
      root = i;
    }
    const s = (serviceStats[String(services[i])] ??= {});
    s.spanCount = (s.spanCount ?? 0) + 1;
    if (failing(i)) {
      s.errorCount = (s.errorCount ?? 0) + 1;
    }
    if (!search.errorsOnly || failing(i)) {
      matched++;
      if (shown.length < spss) {
        shown.push(i);
      }
    }
  }
  if ((opts.fromMs && opts.toMs && (endMs < opts.fromMs || startMs > opts.toMs)) || matched === 0) {
    return [];
  }
  const cell = (i: number) => (name: string) => column(frame, name)[i];
  const rootRow = cell(root < 0 ? 0 : root);
  const ns = (ms: number) => `${Math.round(ms * 1e6)}`;
  return [
    {
      traceID: search.traceId.replace(/^0+/, ''),
      rootServiceName: String(rootRow('serviceName')),
      rootTraceName: String(rootRow('operationName')),
      startTimeUnixNano: ns(startMs),
      durationMs: endMs - startMs >= 1 ? Math.trunc(endMs - startMs) : undefined,
      serviceStats,
      spanSets: [
        {
          matched,
          spans: shown.map((i) => {
            const row = cell(i);
            return {
              spanID: String(row('spanID')),
              name: String(row('operationName')),
              startTimeUnixNano: ns(Number(row('startTime'))),
              durationNanos: ns(Number(row('duration'))),
              attributes: [
                ...(search.errorsOnly ? [{ key: 'status', value: { stringValue: 'error' } }] : []),
                ...search.select.flatMap((f) => selected(f, row) ?? []),
              ],
            };
          }),
        },
      ],
    },
  ];
}

/**
 * A responder's answer to a trace-id search, from the frame its trace-by-id would give (undefined: Tempo
 * has no such trace); undefined when `req` is not a trace-id search.
 */
export function answerTraceIdSearch(
  req: { targets: Array<Record<string, unknown>>; fromMs: number; toMs: number },
  frameOf: (traceId: string) => DataFrame | undefined
): TempoSearchResult | undefined {
  const t = req.targets[0] ?? {};
  const search = parseTraceIdSearch(String(t.query ?? ''));
  if (!search) {
    return undefined;
  }
  const hits = traceIdSearchHits(frameOf(search.traceId), search, {
    spss: Number(t.spss ?? 0),
    fromMs: req.fromMs,
    toMs: req.toMs,
  });
  return tempoSearchResult(hits.slice(0, Math.max(1, Number(t.limit ?? 20))));
}
