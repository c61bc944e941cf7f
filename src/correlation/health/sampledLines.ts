import type { FrameLike } from '../frame';
import { logRowsOfFrame } from '../logRows';
import type { TraceIdOptions, TraceIdSource } from '../traceId';

/** One sampled error line, with the trace id Correlate reads from it and where it was found. */
export interface SampledLine {
  service: string;
  timeMs: number;
  line: string;
  labels: Record<string, string>;
  traceId?: string;
  source?: TraceIdSource;
}

/** Structured metadata Loki writes for OpenTelemetry logs (pkg/loghttp/push/otlp.go, v3.7). */
const OTLP_MARKERS = ['severity_number', 'observed_timestamp', 'scope_name'];

export function isOtlpLine(l: SampledLine): boolean {
  return OTLP_MARKERS.some((k) => k in l.labels);
}

export function isJsonLine(l: SampledLine): boolean {
  return l.line.trimStart().startsWith('{');
}

/**
 * The trace flags of an OpenTelemetry line that carries a trace id: Loki stores them as `flags` only
 * when they are not zero, so an OTLP line with `span_id` and no `flags` was not sampled. Undefined
 * for other lines.
 */
export function traceFlagsOf(l: SampledLine): number | undefined {
  if (l.source !== 'fields' || !('span_id' in l.labels)) {
    return undefined;
  }
  const flags = Number(l.labels.flags ?? '0');
  return Number.isInteger(flags) ? flags : undefined;
}

/** The sampled lines of Loki logs frames, each with its trace id and source. */
export function sampledLines(
  frames: FrameLike[] | undefined,
  refIds: Set<string>,
  options: TraceIdOptions
): SampledLine[] {
  const out: SampledLine[] = [];
  for (const frame of Array.isArray(frames) ? frames : []) {
    if (!frame || !refIds.has(String(frame.refId))) {
      continue;
    }
    // The rows carry their trace id and its source: extracted once per line (review F11).
    for (const row of logRowsOfFrame(frame, options)) {
      out.push({
        service: row.labels.service_name ?? row.service ?? '',
        timeMs: row.timeMs,
        line: row.line,
        labels: row.labels,
        traceId: row.traceId,
        source: row.traceIdSource,
      });
    }
  }
  return out;
}
