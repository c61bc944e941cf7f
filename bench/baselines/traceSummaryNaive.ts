/**
 * Bench baseline only: the trace summary as Correlate computed it before it was made linear
 * (children lists copied per child, spans spread into Math.min/Math.max, "error below" searched
 * again from every span on the path, recursively). Kept to print the old figure beside the new one
 * in the same run; on a 20,000-deep chain it throws RangeError, on 50,000 siblings it takes
 * minutes, so the bench gives it bounded inputs and says so.
 */
import type { TraceSpan } from '../../src/correlation/traceSummary';

const endOf = (s: TraceSpan) => s.startMs + s.durationMs;

function hasErrorBelow(span: TraceSpan, children: Map<string, TraceSpan[]>, seen: Set<string>): boolean {
  if (seen.has(span.spanId)) {
    return false;
  }
  seen.add(span.spanId);
  return (children.get(span.spanId) ?? []).some((k) => k.error || hasErrorBelow(k, children, seen));
}

export function summarizeTraceNaive(spans: TraceSpan[]) {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const s of spans) {
    if (s.parentSpanId && byId.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      children.set(s.parentSpanId, [...(children.get(s.parentSpanId) ?? []), s]);
    } else {
      roots.push(s);
    }
  }
  const root = [...roots].sort((a, b) => a.startMs - b.startMs || b.durationMs - a.durationMs)[0];
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map(endOf));
  const services = [...new Set(spans.map((s) => s.service))];
  const errorSpans = spans.filter((s) => s.error).sort((a, b) => a.startMs - b.startMs);
  let rootCause: TraceSpan | undefined;
  const seen = new Set<string>();
  for (let s: TraceSpan | undefined = root; s && !seen.has(s.spanId);) {
    seen.add(s.spanId);
    if (s.error) {
      rootCause = s;
    }
    const kids: TraceSpan[] = children.get(s.spanId) ?? [];
    const failing = kids.filter((k) => k.error || hasErrorBelow(k, children, new Set()));
    const pool = failing.length > 0 ? failing : kids;
    s = [...pool].sort((a, b) => endOf(b) - endOf(a))[0];
  }
  const failingServices = [...new Set([rootCause, ...errorSpans].filter(Boolean).map((s) => s!.service))];
  return {
    root,
    startMs,
    endMs,
    services,
    errorSpans,
    rootCause,
    servicesFailingFirst: [...failingServices, ...services.filter((s) => !failingServices.includes(s))],
  };
}
