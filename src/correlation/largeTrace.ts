import { findSearchedTrace, rawSearchTraces, spanCountOf, type SearchedTrace } from './tempoTraceSearch';
import { summarizeTrace, type TraceSpan, type TraceSummary } from './traceSummary';

/**
 * A trace too large to send to the browser. Grafana's trace frame takes about 200 bytes a span with a
 * few attributes (the scale benchmark: 3,271,137 bytes for 16,666 spans) and 200–500 with the usual
 * dozen or two (review scale.md #10); at 500 a span, 4,000 spans stay within the 2 MB Correlate allows
 * one answer. Typical traces hold tens to hundreds of spans and keep the single trace-by-id fetch.
 */
export const BYTES_PER_SPAN = 500;
export const MAX_BROWSER_BYTES = 2_000_000;
export const MAX_TRACE_SPANS = Math.floor(MAX_BROWSER_BYTES / BYTES_PER_SPAN);

/** Failing spans asked for a large trace: Tempo's `max_spans_per_span_set` default (100). */
export const ERROR_SPANS_ASKED = 100;

export type SizeCheck =
  { kind: 'fetch'; reason: string } | { kind: 'large'; spans: number; estimatedBytes: number; trace: SearchedTrace };

/**
 * Whether to fetch the trace: only a search that found it with more than MAX_TRACE_SPANS spans stops the
 * fetch. Any failure (an error, an unreadable answer, a miss in the search's window) fetches it as before.
 */
export function sizeCheck(answer: { frames: unknown[]; error?: string }, traceId: string): SizeCheck {
  if (answer.error) {
    return { kind: 'fetch', reason: `size check failed: ${answer.error}` };
  }
  const read = rawSearchTraces(answer.frames as Parameters<typeof rawSearchTraces>[0]);
  if (!read.ok) {
    return { kind: 'fetch', reason: read.error };
  }
  const trace = findSearchedTrace(read.traces, traceId);
  if (!trace) {
    return { kind: 'fetch', reason: 'not found by the size check' };
  }
  const spans = spanCountOf(trace);
  return spans > MAX_TRACE_SPANS
    ? { kind: 'large', spans, estimatedBytes: spans * BYTES_PER_SPAN, trace }
    : { kind: 'fetch', reason: `${spans} spans` };
}

const NO_PARENT = /^0*$/;

/**
 * A summary of a large trace from two searches: its size (services, span counts, root, start and
 * duration) and up to ERROR_SPANS_ASKED of its failing spans with their parents. The failing spans are
 * chained by their parents, so the root cause is the failing span furthest down the failing chain.
 */
export function summaryFromSearch(
  size: Extract<SizeCheck, { kind: 'large' }>,
  errors: { frames: unknown[]; error?: string } | undefined,
  traceId: string
): TraceSummary {
  const meta = size.trace;
  const read = errors && !errors.error ? rawSearchTraces(errors.frames as never) : undefined;
  const failing = read?.ok ? findSearchedTrace(read.traces, traceId) : undefined;
  const spans: TraceSpan[] = (failing?.spans ?? []).map((s) => {
    const parent = s.attributes['span:parentID'];
    const service = s.attributes['service.name'];
    const message = s.attributes.statusMessage;
    return {
      spanId: s.spanId,
      parentSpanId: typeof parent === 'string' && !NO_PARENT.test(parent) ? parent : undefined,
      service: typeof service === 'string' ? service : '',
      name: s.name ?? '',
      startMs: s.startMs ?? meta.startMs ?? 0,
      durationMs: s.durationMs ?? 0,
      kind: typeof s.attributes.kind === 'string' ? s.attributes.kind : undefined,
      error: true,
      statusMessage: typeof message === 'string' ? message : undefined,
    };
  });
  const fromErrors = summarizeTrace(spans);
  const startMs = meta.startMs ?? fromErrors?.startMs ?? 0;
  const durationMs = meta.durationMs ?? fromErrors?.durationMs ?? 0;
  const byErrors = Object.entries(meta.services).sort((a, b) => b[1].errors - a[1].errors || b[1].spans - a[1].spans);
  const failingServices = fromErrors?.servicesFailingFirst ?? [];
  const errorTotal = Math.max(
    byErrors.reduce((a, [, s]) => a + s.errors, 0),
    failing?.matched ?? 0
  );
  return {
    root: meta.rootService
      ? { spanId: '', service: meta.rootService, name: meta.rootName ?? '', startMs, durationMs, error: false }
      : undefined,
    startMs,
    endMs: startMs + durationMs,
    durationMs,
    services: byErrors.length ? byErrors.map(([name]) => name) : (fromErrors?.services ?? []),
    errorSpans: fromErrors?.errorSpans ?? [],
    rootCause: fromErrors?.rootCause,
    servicesFailingFirst: [
      ...new Set([...failingServices, ...byErrors.filter(([, s]) => s.errors > 0).map(([n]) => n)]),
    ],
    large: {
      spans: size.spans,
      estimatedBytes: size.estimatedBytes,
      errorSpansRead: spans.length,
      errorSpansTotal: errorTotal,
      errorSearchFailed: errors?.error ?? (read && !read.ok ? read.error : undefined),
    },
  };
}
