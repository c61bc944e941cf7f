import { fieldValues, frameLength, lokiLogFields, lokiTsNs, type FrameLike, type LokiLogFields } from './frame';
import { findTraceId, findTraceIdWithSource, type TraceIdOptions, type TraceIdSource } from './traceId';

/** One Loki log entry, as the pages show it. */
export interface LogRow {
  timeMs: number;
  tsNs?: string;
  id?: string;
  line: string;
  /** Stream labels, structured metadata and parsed labels, merged (as Grafana's Loki frames give them). */
  labels: Record<string, string>;
  service?: string;
  level?: string;
  traceId?: string;
  /** Where the trace id was found: read once here, so callers never extract it twice. */
  traceIdSource?: TraceIdSource;
}

const SERVICE_LABELS = ['service_name', 'service', 'job', 'app'];
const LEVEL_LABELS = ['detected_level', 'level', 'severity_text', 'lvl'];

/** Labels of one row: an object, or a JSON string from older data sources; anything else is empty. */
function labelsOf(value: unknown): Record<string, string> {
  let obj = value;
  if (typeof obj === 'string') {
    try {
      obj = JSON.parse(obj);
    } catch {
      return {};
    }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (typeof v === 'string') {
      out[k] = v;
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      out[k] = String(v);
    }
  }
  return out;
}

function firstLabel(labels: Record<string, string>, names: string[]): string | undefined {
  for (const name of names) {
    const v = labels[name];
    if (v) {
      return v;
    }
  }
  return undefined;
}

function timeOf(value: unknown): number {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : NaN;
  }
  if (typeof value === 'string') {
    const n = Number(value);
    return Number.isFinite(n) ? n : Date.parse(value);
  }
  if (value instanceof Date) {
    return value.getTime();
  }
  return NaN;
}

interface LogColumns {
  n: number;
  fields?: LokiLogFields;
  lines: ArrayLike<unknown>;
  labels: ArrayLike<unknown>;
  times: ArrayLike<unknown>;
  ids: ArrayLike<unknown>;
}

/** The columns of a Loki logs frame in either of Grafana's layouts; no rows for any other frame. */
function columnsOf(frame: FrameLike): LogColumns {
  const fields = frame && Array.isArray(frame.fields) ? lokiLogFields(frame) : undefined;
  return {
    n: fields ? frameLength(frame) : 0,
    fields,
    lines: fieldValues(fields?.line),
    labels: fieldValues(fields?.labels),
    times: fieldValues(fields?.time),
    ids: fieldValues(fields?.id),
  };
}

/** Trace ids of every row of a Loki frame, in one pass (undefined where a row has none). */
export function traceIdsOfFrame(frame: FrameLike, options?: TraceIdOptions): Array<string | undefined> {
  const c = columnsOf(frame);
  const out: Array<string | undefined> = new Array(c.n);
  for (let i = 0; i < c.n; i++) {
    const line = c.lines[i];
    const raw = c.labels[i];
    // Plain label objects are read as they are: no copy on the hot path.
    const fields =
      raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, string>) : labelsOf(raw);
    out[i] = findTraceId(typeof line === 'string' ? line : '', fields, options);
  }
  return out;
}

/** Reads the rows of a Loki frame one at a time, so a caller can spread the work (see slices.ts). */
export function logRowReader(frame: FrameLike, options?: TraceIdOptions): { n: number; row: (i: number) => LogRow } {
  const c = columnsOf(frame);
  const row = (i: number): LogRow => {
    const rawLine = c.lines[i];
    const line = typeof rawLine === 'string' ? rawLine : rawLine == null ? '' : String(rawLine);
    const labels = labelsOf(c.labels[i]);
    let timeMs = timeOf(c.times[i]);
    const tsNs = c.fields ? lokiTsNs(c.fields, i) : undefined;
    if (Number.isNaN(timeMs) && tsNs) {
      timeMs = Math.floor(Number(tsNs) / 1e6);
    }
    const level = firstLabel(labels, LEVEL_LABELS);
    const found = findTraceIdWithSource(line, labels, options);
    return {
      timeMs,
      tsNs,
      id: typeof c.ids[i] === 'string' ? (c.ids[i] as string) : undefined,
      line,
      labels,
      service: firstLabel(labels, SERVICE_LABELS),
      level: level?.toLowerCase(),
      traceId: found?.id,
      traceIdSource: found?.source,
    };
  };
  return { n: c.n, row };
}

/** Rows of a Loki frame with their service, level and trace id. Bad rows are kept as best they can be. */
export function logRowsOfFrame(frame: FrameLike, options?: TraceIdOptions): LogRow[] {
  const reader = logRowReader(frame, options);
  const rows: LogRow[] = [];
  for (let i = 0; i < reader.n; i++) {
    rows.push(reader.row(i));
  }
  return rows;
}
