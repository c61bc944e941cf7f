import type { TraceIdSource } from '../traceId';
import { couldNotCheck, dataSourceLink, result, stateRank } from './checks';
import { count, groupOf, nameList, percent, plural } from './format';
import { isJsonLine, isOtlpLine, type SampledLine } from './sampledLines';
import type { CheckResult, CheckState, Fetched } from './types';

export const SOURCE_NAMES: Record<TraceIdSource, string> = {
  fields: 'structured metadata or labels',
  json: 'JSON',
  keyValue: 'logfmt / key=value',
  traceparent: 'traceparent',
  pattern: 'own pattern',
};

/** Below this share a service's lines are a problem; at 0% with this many lines or more, a broken link. */
const GOOD_SHARE = 0.9;
const MIN_LINES_FOR_BROKEN = 3;

export interface ServiceShare {
  service: string;
  lines: number;
  withId: number;
  bySource: Partial<Record<TraceIdSource, number>>;
  otlp: number;
  json: number;
  state: CheckState;
}

export function sharesByService(lines: SampledLine[]): ServiceShare[] {
  const by = new Map<string, ServiceShare>();
  for (const l of lines) {
    let s = by.get(l.service);
    if (!s) {
      s = { service: l.service, lines: 0, withId: 0, bySource: {}, otlp: 0, json: 0, state: 'ok' };
      by.set(l.service, s);
    }
    s.lines++;
    if (l.traceId && l.source) {
      s.withId++;
      s.bySource[l.source] = (s.bySource[l.source] ?? 0) + 1;
    }
    s.otlp += isOtlpLine(l) ? 1 : 0;
    s.json += isJsonLine(l) ? 1 : 0;
  }
  for (const s of by.values()) {
    s.state =
      s.withId === 0 && s.lines >= MIN_LINES_FOR_BROKEN
        ? 'broken'
        : s.withId / s.lines < GOOD_SHARE
          ? 'degraded'
          : 'ok';
  }
  // Worst first: state, then lowest share, then most lines.
  return [...by.values()].sort(
    (a, b) =>
      stateRank(a.state) - stateRank(b.state) ||
      a.withId / a.lines - b.withId / b.lines ||
      b.lines - a.lines ||
      a.service.localeCompare(b.service)
  );
}

function sourcesText(bySource: Partial<Record<TraceIdSource, number>>, total: number): string {
  const parts = (Object.keys(bySource) as TraceIdSource[])
    .sort((a, b) => (bySource[b] ?? 0) - (bySource[a] ?? 0))
    .map((s) => `${SOURCE_NAMES[s]} ${percent(bySource[s] ?? 0, total)}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** Why a service's lines carry no trace id, read from what the lines are. */
function diagnosis(failing: ServiceShare[], all: ServiceShare[]): { cause: string; fix: string } {
  const otlp = failing.filter((s) => s.otlp > s.lines / 2);
  const json = failing.filter((s) => !otlp.includes(s) && s.json > s.lines / 2);
  const text = failing.filter((s) => !otlp.includes(s) && !json.includes(s));
  const healthyOtlp = all.filter((s) => s.state === 'ok' && s.otlp > s.lines / 2);
  const names = (list: ServiceShare[]) => nameList(list.map((s) => s.service));
  if (otlp.length > 0) {
    if (healthyOtlp.length > 0) {
      return {
        cause: `${names(otlp)} log${otlp.length === 1 ? 's' : ''} over OpenTelemetry without trace context, while ${names(healthyOtlp)} send${healthyOtlp.length === 1 ? 's' : ''} it through the same pipeline: the collector keeps trace ids, so the SDK setup of ${names(otlp)} is at fault.`,
        fix: 'In that service, log while the request’s span is active: install the HTTP server instrumentation (or extract the incoming traceparent) and a context manager, and send logs through the OpenTelemetry log bridge so each record gets the active span’s trace id.',
      };
    }
    return {
      cause: `Every service that logs over OpenTelemetry (${names(otlp)}) arrives without a trace id: either no SDK attaches the span context to log records, or the collector drops it.`,
      fix: 'Check the collector’s logs pipeline for processors that rewrite or drop `trace_id` (transform, attributes, redaction), then each SDK’s log bridge and context propagation.',
    };
  }
  if (json.length > 0) {
    return {
      cause: `${names(json)} write${json.length === 1 ? 's' : ''} JSON lines without a trace-id field that Correlate reads.`,
      fix: 'Add the active trace id to the logger’s output (OpenTelemetry log correlation or MDC fields such as `trace_id`), or add the field name the service uses under Trace-id fields in Correlate’s configuration.',
    };
  }
  return {
    cause: `${names(text)} write${text.length === 1 ? 's' : ''} plain-text lines without a trace id.`,
    fix: 'Add `trace_id=<id>` (or a W3C traceparent) to the log format, or add a trace-id pattern in Correlate’s configuration that captures the id the lines do carry.',
  };
}

export interface TraceIdsCheckInput {
  /** Error lines sampled per service (both waves), or why Loki could not be read. */
  lines: Fetched<SampledLine[]>;
  lokiUid?: string;
  /** The services the sample read: those with the most error lines in the window. */
  sampledFrom?: string[];
}

/** Per service, the share of error lines from which Correlate reads a trace id, and by which path. */
export function traceIdsCheck(input: TraceIdsCheckInput): CheckResult {
  const links = dataSourceLink(input.lokiUid, 'Loki');
  if (!input.lines.ok) {
    return couldNotCheck('trace-ids', 'Loki did not give error lines', input.lines.error, links);
  }
  const lines = input.lines.value;
  if (lines.length === 0) {
    return result('trace-ids', {
      state: 'unknown',
      figure: 'No error lines in this window',
      cause: 'There are no error lines in this window to read trace ids from.',
      fix: 'Widen the time range, or check the Loki check above.',
      links,
    });
  }
  const shares = sharesByService(lines);
  const withId = shares.reduce((a, s) => a + s.withId, 0);
  const bySource: Partial<Record<TraceIdSource, number>> = {};
  for (const s of shares) {
    for (const [k, v] of Object.entries(s.bySource) as Array<[TraceIdSource, number]>) {
      bySource[k] = (bySource[k] ?? 0) + v;
    }
  }
  const from = input.sampledFrom?.length
    ? ` (sampled from the ${plural(input.sampledFrom.length, 'service')} with the most errors)`
    : '';
  const figure = `${count(withId)} of ${count(lines.length)} sampled error lines carry a trace id (${percent(withId, lines.length)}) in ${plural(shares.length, 'service')}${from}; by ${sourcesText(bySource, withId)}`;
  const details = [
    groupOf('Services, worst first', shares, (s) => ({
      name: s.service || '(no service_name)',
      figure: `${count(s.withId)} of ${count(s.lines)} (${percent(s.withId, s.lines)})`,
      state: s.state,
      note: s.withId ? `by ${sourcesText(s.bySource, s.withId)}` : undefined,
    })),
  ];
  const failing = shares.filter((s) => s.state !== 'ok');
  if (failing.length === 0) {
    return result('trace-ids', { state: 'ok', figure, links, details });
  }
  const state = failing.some((s) => s.state === 'broken') || withId === 0 ? 'broken' : 'degraded';
  const zero = failing.filter((s) => s.withId === 0);
  const { cause, fix } = diagnosis(zero.length ? zero : failing, shares);
  const lead =
    withId === 0
      ? 'No sampled error line carries a trace id, so no log opens its trace.'
      : zero.length
        ? `${nameList(zero.map((s) => s.service))} at 0% while other services are not.`
        : `${nameList(failing.map((s) => s.service))} below ${Math.round(GOOD_SHARE * 100)}%.`;
  return result('trace-ids', { state, figure, cause: `${lead} ${cause}`, fix, links, details });
}
