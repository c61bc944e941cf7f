/**
 * Reads Tempo's answer to a TraceQL search asked with `tableType: 'raw'`: the search response as JSON,
 * which (unlike the search tables) keeps `spanSet.matched` and `serviceStats`. Grafana builds it in two
 * ways (grafana-tempo-datasource v13.1.5, and 3c4dae8 for Grafana 12.4, alike):
 * - through the backend, pkg/tempo/search.go transformRawSearchResponse: one frame "Raw response", field
 *   `response`, Go's encoding/json of the whole SearchResponse `{ traces: [...], metrics }`;
 * - streamed, src/resultTransformer.ts createDataFrameFromTraceQlQuery: field `response`, JSON.stringify
 *   of the traces array the backend marshalled (pkg/tempo/search_stream.go sendResponse).
 * Both use Go's encoding/json on tempopb (grafana/tempo v2.10.8 pkg/tempopb/tempo.pb.go:740-956): numbers
 * for uint64, fields left out when zero (`omitempty`), and attribute values as `{"Value":{"string_value":…}}`.
 * Tempo writes trace ids without leading zeros (pkg/util/traceid.go TraceIDToHexString).
 */

export interface SearchedSpan {
  spanId: string;
  name?: string;
  startMs?: number;
  durationMs?: number;
  /** Attribute keys as Tempo names them: `service.name` (no scope), `span:parentID`, `status`. */
  attributes: Record<string, string | number | boolean>;
}

export interface SearchedTrace {
  traceId: string;
  startMs?: number;
  durationMs?: number;
  rootService?: string;
  rootName?: string;
  /** Spans that matched, over all span sets (Tempo returns only `spss` of them). */
  matched: number;
  spans: SearchedSpan[];
  /** Spans and failing spans per service, for the whole trace (vParquet4 blocks keep them per trace). */
  services: Record<string, { spans: number; errors: number }>;
}

export type RawSearch = { ok: true; traces: SearchedTrace[] } | { ok: false; error: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A count or time: Go writes numbers, protojson strings; anything else (negative, NaN, text) is unknown. */
function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,25}$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v.slice(0, 500) : undefined;
}

/** An OTLP AnyValue as Go's encoding/json (`Value.string_value`) or protojson (`stringValue`) writes it. */
function anyValue(v: unknown): string | number | boolean | undefined {
  const inner = isObj(v) && isObj(v.Value) ? v.Value : v;
  if (!isObj(inner)) {
    return undefined;
  }
  for (const key of ['string_value', 'stringValue', 'int_value', 'intValue', 'double_value', 'doubleValue']) {
    const x = inner[key];
    if (typeof x === 'string') {
      return key.startsWith('string') ? x.slice(0, 500) : (num(x) ?? x.slice(0, 500));
    }
    if (typeof x === 'number' && Number.isFinite(x)) {
      return x;
    }
  }
  const b = inner.bool_value ?? inner.boolValue;
  return typeof b === 'boolean' ? b : undefined;
}

function attributesOf(list: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (Array.isArray(list)) {
    for (const kv of list.slice(0, 200)) {
      const key = isObj(kv) ? str(kv.key) : undefined;
      const value = key ? anyValue(kv.value) : undefined;
      if (key && value !== undefined) {
        out[key] = value;
      }
    }
  }
  return out;
}

const nsToMs = (ns: number | undefined) => (ns === undefined ? undefined : ns / 1e6);

function spanOf(s: unknown, setAttributes: Record<string, string | number | boolean>): SearchedSpan | undefined {
  const spanId = isObj(s) ? str(s.spanID) : undefined;
  if (!isObj(s) || !spanId) {
    return undefined;
  }
  return {
    spanId,
    name: str(s.name),
    startMs: nsToMs(num(s.startTimeUnixNano)),
    durationMs: nsToMs(num(s.durationNanos) ?? 0),
    attributes: { ...setAttributes, ...attributesOf(s.attributes) },
  };
}

function traceOf(t: unknown): SearchedTrace | undefined {
  const traceId = isObj(t) ? str(t.traceID) : undefined;
  if (!isObj(t) || !traceId) {
    return undefined;
  }
  // `spanSets` replaces the deprecated `spanSet`; Tempo fills both with the same sets.
  const sets = Array.isArray(t.spanSets) ? t.spanSets : isObj(t.spanSet) ? [t.spanSet] : [];
  let matched = 0;
  const spans: SearchedSpan[] = [];
  const seen = new Set<string>();
  for (const set of sets.slice(0, 100)) {
    if (!isObj(set)) {
      continue;
    }
    matched = Math.max(matched, num(set.matched) ?? 0);
    const setAttributes = attributesOf(set.attributes);
    for (const s of Array.isArray(set.spans) ? set.spans.slice(0, 1000) : []) {
      const span = spanOf(s, setAttributes);
      if (span && !seen.has(span.spanId)) {
        seen.add(span.spanId);
        spans.push(span);
      }
    }
  }
  const services: SearchedTrace['services'] = {};
  if (isObj(t.serviceStats)) {
    for (const [name, stats] of Object.entries(t.serviceStats).slice(0, 10_000)) {
      if (isObj(stats)) {
        services[name.slice(0, 500)] = { spans: num(stats.spanCount) ?? 0, errors: num(stats.errorCount) ?? 0 };
      }
    }
  }
  return {
    traceId,
    startMs: nsToMs(num(t.startTimeUnixNano)),
    durationMs: num(t.durationMs),
    rootService: str(t.rootServiceName),
    rootName: str(t.rootTraceName),
    matched: Math.max(matched, spans.length),
    spans,
    services,
  };
}

interface FrameLike {
  fields?: Array<{ name?: string; values?: ArrayLike<unknown> }>;
}

/** The traces of a raw search answer, or why it could not be read. */
export function rawSearchTraces(frames: FrameLike[] | undefined): RawSearch {
  const field = (frames ?? []).flatMap((f) => f?.fields ?? []).find((f) => f?.name === 'response');
  const text = field?.values?.[0];
  if (typeof text !== 'string') {
    return { ok: false, error: 'Tempo’s search answer has no response text (was tableType "raw" honoured?).' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: 'Tempo’s search answer is not JSON.' };
  }
  const list = Array.isArray(parsed) ? parsed : isObj(parsed) ? (parsed.traces ?? []) : undefined;
  if (!Array.isArray(list)) {
    return { ok: false, error: 'Tempo’s search answer holds no list of traces.' };
  }
  return { ok: true, traces: list.slice(0, 1000).flatMap((t) => traceOf(t) ?? []) };
}

/** A trace id as Tempo writes it in search answers: lowercase, without leading zeros. */
export const searchTraceId = (id: string) => id.toLowerCase().replace(/^0+/, '');

/** The trace `traceId` among search results, if Tempo returned it. */
export function findSearchedTrace(traces: SearchedTrace[], traceId: string): SearchedTrace | undefined {
  const want = searchTraceId(traceId);
  return traces.find((t) => searchTraceId(t.traceId) === want);
}

/**
 * How many spans the trace holds: the per-service counts add up to the whole trace; `matched` (the spans
 * of the best-matching block, kept by Tempo's combiner, pkg/traceql/combine.go:296-303) is the fallback.
 */
export function spanCountOf(trace: SearchedTrace): number {
  const byService = Object.values(trace.services).reduce((a, s) => a + s.spans, 0);
  return Math.max(byService, trace.matched);
}
