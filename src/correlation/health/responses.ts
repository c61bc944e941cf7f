import { fieldValues, frameLength, type FrameLike } from '../frame';

/**
 * Readers of what the data sources answer, for the checks. Every reader accepts anything and
 * returns what it can use; hostile or odd answers give empty results, never a throw.
 */

export interface LabelledValue {
  labels: Record<string, string>;
  value: number;
}

/** Strings read from one answer at most: a list of services in the hundreds of thousands is not read whole. */
export const MAX_VALUES = 100_000;

/**
 * The series of one instant query: Grafana's Loki data source turns an instant vector into one
 * table frame per query (grafana-loki-datasource src/makeTableFrames.ts: `Time`, a string column per
 * label, `Value #<refId>`); metric frames (time and number fields, labels on the number field) are
 * read too.
 */
export function instantSeries(frames: FrameLike[] | undefined, refId: string): LabelledValue[] {
  const out: LabelledValue[] = [];
  for (const frame of Array.isArray(frames) ? frames : []) {
    if (!frame || frame.refId !== refId || !Array.isArray(frame.fields)) {
      continue;
    }
    const numbers = frame.fields.filter((f) => f && f.type === 'number');
    const strings = frame.fields.filter((f) => f && f.type === 'string');
    if (numbers.length !== 1) {
      continue;
    }
    const value = numbers[0];
    const n = Math.min(frameLength(frame), MAX_VALUES);
    const values = fieldValues(value);
    if (strings.length > 0 || !value.labels) {
      // A table: one row per series, its labels in the string columns.
      for (let i = 0; i < n; i++) {
        const labels: Record<string, string> = {};
        for (const column of strings) {
          const v = fieldValues(column)[i];
          if (typeof v === 'string' && v !== '') {
            labels[column.name] = v;
          }
        }
        out.push({ labels, value: Number(values[i]) });
      }
    } else {
      // A series: the last value.
      const labels = typeof value.labels === 'object' && value.labels ? { ...value.labels } : {};
      out.push({ labels, value: Number(values[n - 1]) });
    }
  }
  return out.filter((s) => Number.isFinite(s.value));
}

/** The values of a label API answer (Prometheus and Loki: `{ status: "success", data: [..] }`), or undefined. */
export function labelValuesOf(body: unknown): string[] | undefined {
  const b = body as { status?: unknown; data?: unknown } | null;
  if (!b || typeof b !== 'object' || b.status !== 'success' || !Array.isArray(b.data)) {
    return undefined;
  }
  const out: string[] = [];
  for (const v of b.data) {
    if (typeof v === 'string' && v !== '') {
      out.push(v);
      if (out.length >= MAX_VALUES) {
        break;
      }
    }
  }
  return out;
}

/** The error text of a Prometheus-style answer that did not succeed. */
export function apiErrorOf(body: unknown): string {
  const b = body as { error?: unknown; message?: unknown } | null;
  if (b && typeof b === 'object') {
    if (typeof b.error === 'string' && b.error) {
      return b.error;
    }
    if (typeof b.message === 'string' && b.message) {
      return b.message;
    }
  }
  return 'the answer was not a Prometheus API response';
}

export interface Exemplar {
  /** The series the exemplar belongs to (its `__name__` and labels). */
  series: Record<string, string>;
  labels: Record<string, string>;
  timeMs: number;
}

/**
 * Exemplars read from one answer at most. Health asks for 5 services over a minute: at 8 operations,
 * 2 statuses and 15 buckets each, Tempo writes at most 4,800 in that time.
 */
export const MAX_EXEMPLARS = 5_000;

const stringRecord = (value: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'string') {
        out[k] = v;
      }
    }
  }
  return out;
};

/**
 * Prometheus's `query_exemplars` answer (web/api/v1 `queryExemplars`, Mimir the same):
 * `{ status, data: [{ seriesLabels, exemplars: [{ labels, value, timestamp (s) }] }] }`.
 */
export function exemplarsOf(body: unknown): Exemplar[] | undefined {
  const b = body as { status?: unknown; data?: unknown } | null;
  if (!b || typeof b !== 'object' || b.status !== 'success' || !Array.isArray(b.data)) {
    return undefined;
  }
  const out: Exemplar[] = [];
  for (const entry of b.data as Array<{ seriesLabels?: unknown; exemplars?: unknown }>) {
    if (!entry || typeof entry !== 'object' || !Array.isArray(entry.exemplars)) {
      continue;
    }
    const series = stringRecord(entry.seriesLabels);
    for (const e of entry.exemplars as Array<{ labels?: unknown; timestamp?: unknown }>) {
      if (out.length >= MAX_EXEMPLARS) {
        return out;
      }
      const t = Number(e?.timestamp);
      out.push({ series, labels: stringRecord(e?.labels), timeMs: Number.isFinite(t) ? t * 1000 : NaN });
    }
  }
  return out;
}
