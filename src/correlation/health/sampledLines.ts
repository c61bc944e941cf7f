import type { FrameLike } from '../frame';
import { logRowReader, logRowsOfFrame, type LogRow } from '../logRows';
import { PAGE_SLICES, runInSlices, slicedRun, type SliceOptions } from '../slices';
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
      out.push(sampledLineOf(row));
    }
  }
  return out;
}

function sampledLineOf(row: LogRow): SampledLine {
  return {
    service: row.labels.service_name ?? row.service ?? '',
    timeMs: row.timeMs,
    line: row.line,
    labels: row.labels,
    traceId: row.traceId,
    source: row.traceIdSource,
  };
}

export interface SlicedSample {
  lines: SampledLine[];
  /** Lines Loki sent (`lines.length` were read). */
  received: number;
  /** The page's budget ran out before the last line. */
  partial: boolean;
}

/**
 * `sampledLines`, read in slices that yield to the browser and stop at the page's budget: up to
 * 5,000 sampled lines, each up to a trace-id pattern's per-line budget, would otherwise block the
 * page for seconds (review F1, F11: hostile lines and patterns).
 */
export function sampledLinesInSlices(
  frames: FrameLike[] | undefined,
  refIds: Set<string>,
  options: TraceIdOptions,
  slices: SliceOptions = PAGE_SLICES
): Promise<SlicedSample> {
  const readers = (Array.isArray(frames) ? frames : [])
    .filter((frame) => frame && refIds.has(String(frame.refId)))
    .map((frame) => logRowReader(frame, options));
  const items = readers.flatMap((reader) => Array.from({ length: reader.n }, (_, i) => ({ reader, i })));
  return new Promise((resolve) =>
    runInSlices(
      slicedRun(items, ({ reader, i }) => sampledLineOf(reader.row(i)), slices),
      ({ results, total, partial }) => resolve({ lines: results, received: total, partial }),
      () => false
    )
  );
}
