import { fieldValues, findField, frameLength, type FrameLike } from './frame';

/**
 * What an on-call engineer needs from a trace before reading the waterfall: its root, duration,
 * services, the spans that failed, and the failing span furthest down the critical path (usually
 * where the error started). Reads Grafana's Tempo trace frame; pure.
 */

export interface TraceSpan {
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  startMs: number;
  durationMs: number;
  kind?: string;
  error: boolean;
  statusMessage?: string;
  exceptionType?: string;
  exceptionMessage?: string;
}

export interface TraceSummary {
  root?: TraceSpan;
  startMs: number;
  endMs: number;
  durationMs: number;
  /** Services in order of first appearance. */
  services: string[];
  errorSpans: TraceSpan[];
  /** The failing span furthest down the critical path; undefined when nothing failed. */
  rootCause?: TraceSpan;
  /** Services ordered for the RED section: the root cause's first, then the other failing ones. */
  servicesFailingFirst: string[];
  /** Set when spans are missing: the root cause is then named from part of the trace. */
  partial?: TracePartial;
  /** Set for a trace too large to load (largeTrace.ts): the summary comes from searches, not the trace. */
  large?: LargeTraceInfo;
}

export interface LargeTraceInfo {
  spans: number;
  /** What the trace would take to send, at largeTrace.ts's bytes per span. */
  estimatedBytes: number;
  /** Failing spans read (Tempo returns at most `max_spans_per_span_set` of them). */
  errorSpansRead: number;
  errorSpansTotal: number;
  /** Why the failing spans could not be read. */
  errorSearchFailed?: string;
}

/** What is known of a trace's missing spans. */
export interface TracePartial {
  /** Tempo cut the trace (over `max_bytes_per_trace`), with its message. */
  tempoMessage?: string;
  byTempo: boolean;
  /** Spans naming a parent span the trace does not hold (cut off, still arriving, or dropped). */
  missingParents: number;
}

/**
 * Tempo's partial status as Grafana passes it on: the trace frame's `meta.custom` `{ partial, message }`
 * (grafana-tempo-datasource v13.1.5 pkg/tempo/trace.go:143-146, Grafana 13.2; the same code is in
 * grafana/grafana's pkg/tsdb/tempo/trace.go, read unversioned, not at the 12.4 tag), from Tempo's TraceByIDResponse status, PARTIAL when the trace is over `max_bytes_per_trace`
 * (grafana/tempo v2.10.8 modules/frontend/combiner/trace_by_id_v2.go:45-47). Tempo's v1 API has no
 * status: then only missing parents tell.
 */
export function tempoPartialOf(frame: FrameLike | undefined): { partial: boolean; message?: string } {
  const custom = (frame as { meta?: { custom?: unknown } } | undefined)?.meta?.custom;
  if (!custom || typeof custom !== 'object') {
    return { partial: false };
  }
  const { partial, message } = custom as { partial?: unknown; message?: unknown };
  return {
    partial: partial === true,
    message: partial === true && typeof message === 'string' && message !== '' ? message.slice(0, 300) : undefined,
  };
}

type KeyValue = { key?: unknown; value?: unknown };

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function tagValue(tags: unknown, key: string): string | undefined {
  if (!Array.isArray(tags)) {
    return undefined;
  }
  const kv = (tags as KeyValue[]).find((t) => t && t.key === key);
  return kv ? str(kv.value) : undefined;
}

/** Exception type and message from the span's `exception` event (Grafana calls events `logs`). */
function exceptionOf(logs: unknown): { type?: string; message?: string } {
  if (!Array.isArray(logs)) {
    return {};
  }
  for (const log of logs as Array<{ name?: unknown; fields?: unknown }>) {
    const fields = log?.fields;
    const type = tagValue(fields, 'exception.type');
    const message = tagValue(fields, 'exception.message');
    if (log?.name === 'exception' || type || message) {
      return { type, message };
    }
  }
  return {};
}

/**
 * OpenTelemetry marks failure in the status (Tempo frames: statusCode 2); OpenTracing and Jaeger
 * instrumentation sets an `error` tag instead. Grafana's Tempo data source (pkg/tempo/trace_transform.go)
 * keeps an attribute's type, so that tag arrives as boolean `true`; older pipelines send "true".
 */
function isError(statusCode: unknown, tags: unknown): boolean {
  if (statusCode === 2 || statusCode === 'STATUS_CODE_ERROR' || statusCode === 'error') {
    return true;
  }
  if (!Array.isArray(tags)) {
    return false;
  }
  const kv = (tags as KeyValue[]).find((t) => t && t.key === 'error');
  const v = kv?.value;
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

// Spans are placed on a time axis: a start before 1970 or after the year 9999 is not a time.
const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Spans of a Tempo trace frame; rows without a span id or a start from 1970 to 9999 are skipped. */
export function spansOfFrame(frame: FrameLike | undefined): TraceSpan[] {
  if (!frame) {
    return [];
  }
  const col = (...names: string[]) => fieldValues(findField(frame, ...names));
  const ids = col('spanID', 'spanId');
  const parents = col('parentSpanID', 'parentSpanId');
  const services = col('serviceName');
  const names = col('operationName', 'name');
  const starts = col('startTime');
  const durations = col('duration');
  const kinds = col('kind');
  const codes = col('statusCode');
  const messages = col('statusMessage');
  const tags = col('tags');
  const logs = col('logs');
  const spans: TraceSpan[] = [];
  for (let i = 0; i < frameLength(frame); i++) {
    const spanId = str(ids[i]);
    const startMs = Number(starts[i]);
    if (!spanId || !(startMs >= 0 && startMs <= MAX_TIME_MS)) {
      continue;
    }
    const exception = exceptionOf(logs[i]);
    spans.push({
      spanId,
      parentSpanId: str(parents[i]),
      service: str(services[i]) ?? 'unknown service',
      name: str(names[i]) ?? '',
      startMs,
      durationMs: Math.min(MAX_TIME_MS - startMs, Math.max(0, Number(durations[i]) || 0)),
      kind: str(kinds[i]),
      error: isError(codes[i], tags[i]),
      statusMessage: str(messages[i]),
      exceptionType: exception.type,
      exceptionMessage: exception.message,
    });
  }
  return spans;
}

const endOf = (s: TraceSpan) => s.startMs + s.durationMs;

/**
 * Parent links of the spans as arrays: each span's children as a slice of one shared array
 * (`childStart[p]` to `childStart[p + 1]`), built in two passes without per-span lists.
 */
interface SpanTree {
  roots: number[];
  /** Spans whose parent id names no span of the trace. */
  missingParents: number;
  childStart: Int32Array;
  children: Int32Array;
}

function spanTree(spans: TraceSpan[]): SpanTree {
  const n = spans.length;
  // Only ids some span names as its parent are keyed (inserting is the costly part of a Map):
  // first the ids asked for, then the first span holding each.
  const indexById = new Map<string, number>();
  for (const s of spans) {
    if (s.parentSpanId && !indexById.has(s.parentSpanId)) {
      indexById.set(s.parentSpanId, -1);
    }
  }
  for (let i = 0; i < n; i++) {
    if (indexById.get(spans[i].spanId) === -1) {
      indexById.set(spans[i].spanId, i);
    }
  }
  const parent = new Int32Array(n).fill(-1);
  const childStart = new Int32Array(n + 1);
  const roots: number[] = [];
  let missingParents = 0;
  for (let i = 0; i < n; i++) {
    const p = spans[i].parentSpanId ? (indexById.get(spans[i].parentSpanId!) ?? -1) : -1;
    if (p < 0 || p === i) {
      roots.push(i);
      missingParents += p < 0 && spans[i].parentSpanId ? 1 : 0;
    } else {
      parent[i] = p;
      childStart[p + 1]++;
    }
  }
  for (let i = 0; i < n; i++) {
    childStart[i + 1] += childStart[i];
  }
  const fill = childStart.slice(0, n);
  const children = new Int32Array(Math.max(0, childStart[n]));
  for (let i = 0; i < n; i++) {
    if (parent[i] >= 0) {
      children[fill[parent[i]]++] = i;
    }
  }
  return { roots, missingParents, childStart, children };
}

/**
 * For every span, whether it or a span below it failed, in one pass: spans in breadth-first order
 * from the roots, then folded from the leaves up. Spans on a parent cycle (no root above them) are
 * never reached and count as not failing below.
 */
function errorBelow(spans: TraceSpan[], tree: SpanTree): Uint8Array {
  const order = new Int32Array(spans.length);
  let size = 0;
  for (const r of tree.roots) {
    order[size++] = r;
  }
  for (let head = 0; head < size; head++) {
    const p = order[head];
    for (let c = tree.childStart[p]; c < tree.childStart[p + 1]; c++) {
      order[size++] = tree.children[c];
    }
  }
  const failed = new Uint8Array(spans.length);
  for (let k = size - 1; k >= 0; k--) {
    const p = order[k];
    let f = spans[p].error ? 1 : 0;
    for (let c = tree.childStart[p]; c < tree.childStart[p + 1] && !f; c++) {
      f = failed[tree.children[c]];
    }
    failed[p] = f;
  }
  return failed;
}

/** Missing parents (spans not yet arrived) leave several roots: the earliest (then longest) is the trace's. */
function earliestRoot(spans: TraceSpan[], roots: number[]): TraceSpan | undefined {
  let best: TraceSpan | undefined;
  for (const r of roots) {
    const s = spans[r];
    if (!best || s.startMs < best.startMs || (s.startMs === best.startMs && s.durationMs > best.durationMs)) {
      best = s;
    }
  }
  return best;
}

/**
 * The summary of a trace, in time linear in its spans (plus sorting its failing spans) and without
 * recursion, so a 200,000-span trace or a 20,000-deep chain is summarised like a small one.
 */
export function summarizeTrace(
  spans: TraceSpan[],
  tempo: { partial: boolean; message?: string } = { partial: false }
): TraceSummary | undefined {
  if (spans.length === 0) {
    return undefined;
  }
  const tree = spanTree(spans);
  const root = earliestRoot(spans, tree.roots);
  // The trace's own root may name a parent outside it (a caller Tempo never saw, such as a proxy or a
  // browser): that alone is no missing span.
  const rootParentOutside = root?.parentSpanId && root.parentSpanId !== root.spanId ? 1 : 0;
  const missingParents = tree.missingParents - rootParentOutside;
  const partial: TracePartial | undefined =
    tempo?.partial || missingParents > 0
      ? { byTempo: Boolean(tempo?.partial), tempoMessage: tempo?.message, missingParents }
      : undefined;
  let startMs = Infinity;
  let endMs = -Infinity;
  const serviceSet = new Set<string>();
  for (const s of spans) {
    startMs = Math.min(startMs, s.startMs);
    endMs = Math.max(endMs, endOf(s));
    serviceSet.add(s.service);
  }
  const services = [...serviceSet];
  const errorSpans = spans.filter((s) => s.error).sort((a, b) => a.startMs - b.startMs);

  // Walk down the critical path: at each span, follow the child that failed (the error came from
  // there), else the child that ended last. The last failing span met is the root cause. Each span
  // is visited at most once, so the walk ends even on a malformed tree.
  const failedBelow = errorBelow(spans, tree);
  const rootIndex = root ? spans.indexOf(root) : -1;
  let rootCause: TraceSpan | undefined;
  for (let p = rootIndex, steps = 0; p >= 0 && steps < spans.length; steps++) {
    if (spans[p].error) {
      rootCause = spans[p];
    }
    let next = -1;
    let nextFailed = 0;
    for (let c = tree.childStart[p]; c < tree.childStart[p + 1]; c++) {
      const k = tree.children[c];
      const better =
        next < 0 ||
        failedBelow[k] > nextFailed ||
        (failedBelow[k] === nextFailed && endOf(spans[k]) > endOf(spans[next]));
      if (better) {
        next = k;
        nextFailed = failedBelow[k];
      }
    }
    p = next;
  }
  if (!rootCause && errorSpans.length > 0) {
    rootCause = errorSpans[errorSpans.length - 1];
  }
  const failing = new Set<string>();
  if (rootCause) {
    failing.add(rootCause.service);
  }
  errorSpans.forEach((s) => failing.add(s.service));
  return {
    root,
    startMs,
    endMs,
    durationMs: endMs - startMs,
    services,
    errorSpans,
    rootCause,
    servicesFailingFirst: [...failing, ...services.filter((s) => !failing.has(s))],
    ...(partial ? { partial } : {}),
  };
}
