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

function isError(statusCode: unknown, tags: unknown): boolean {
  // Tempo frames carry statusCode 2 (ERROR); older ones only the `error` tag.
  return (
    statusCode === 2 ||
    statusCode === 'STATUS_CODE_ERROR' ||
    statusCode === 'error' ||
    tagValue(tags, 'error') === 'true'
  );
}

/** Spans of a Tempo trace frame; rows without a span id or a finite start are skipped. */
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
    if (!spanId || !Number.isFinite(startMs)) {
      continue;
    }
    const exception = exceptionOf(logs[i]);
    spans.push({
      spanId,
      parentSpanId: str(parents[i]),
      service: str(services[i]) ?? 'unknown service',
      name: str(names[i]) ?? '',
      startMs,
      durationMs: Math.max(0, Number(durations[i]) || 0),
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

export function summarizeTrace(spans: TraceSpan[]): TraceSummary | undefined {
  if (spans.length === 0) {
    return undefined;
  }
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
  // Missing parents (spans not yet arrived) leave several roots: the earliest is the trace's root.
  const root = [...roots].sort((a, b) => a.startMs - b.startMs || b.durationMs - a.durationMs)[0];
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map(endOf));
  const services = [...new Set(spans.map((s) => s.service))];
  const errorSpans = spans.filter((s) => s.error).sort((a, b) => a.startMs - b.startMs);

  // Walk down the critical path: at each span, follow the child that failed (the error came from
  // there), else the child that ended last. The last failing span met is the root cause.
  let rootCause: TraceSpan | undefined;
  const seen = new Set<string>();
  for (let s: TraceSpan | undefined = root; s && !seen.has(s.spanId);) {
    seen.add(s.spanId);
    if (s.error) {
      rootCause = s;
    }
    const kids: TraceSpan[] = children.get(s.spanId) ?? [];
    const failing: TraceSpan[] = kids.filter((k) => k.error || hasErrorBelow(k, children, new Set()));
    const pool: TraceSpan[] = failing.length > 0 ? failing : kids;
    s = [...pool].sort((a, b) => endOf(b) - endOf(a))[0];
  }
  if (!rootCause && errorSpans.length > 0) {
    rootCause = errorSpans[errorSpans.length - 1];
  }
  const failingServices = [...new Set([rootCause, ...errorSpans].filter(Boolean).map((s) => s!.service))];
  return {
    root,
    startMs,
    endMs,
    durationMs: endMs - startMs,
    services,
    errorSpans,
    rootCause,
    servicesFailingFirst: [...failingServices, ...services.filter((s) => !failingServices.includes(s))],
  };
}

function hasErrorBelow(span: TraceSpan, children: Map<string, TraceSpan[]>, seen: Set<string>): boolean {
  if (seen.has(span.spanId)) {
    return false;
  }
  seen.add(span.spanId);
  return (children.get(span.spanId) ?? []).some((k) => k.error || hasErrorBelow(k, children, seen));
}
