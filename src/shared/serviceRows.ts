import type { DataFrame } from '@grafana/data';

/** One row of the Services table: a service's RED over the time range. */
export interface ServiceRed {
  service: string;
  /** Mean requests per second. */
  rate?: number;
  /** Mean error fraction (0..1). */
  errorFraction?: number;
  /** Highest p95 latency in seconds. */
  p95?: number;
  /** The error fraction over time, for the sparkline. */
  errorSeries?: { times: number[]; values: number[] };
}

function numbers(frame: DataFrame) {
  const time = frame.fields.find((f) => f.type === 'time');
  const value = frame.fields.find((f) => f.type === 'number');
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < (value?.values.length ?? 0); i++) {
    const v = Number(value!.values[i]);
    const t = Number(time?.values[i]);
    if (Number.isFinite(v) && Number.isFinite(t)) {
      times.push(t);
      values.push(v);
    }
  }
  return { label: value?.labels, times, values };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : undefined);

/** Rows from the RED frames (refIds rate, errors, duration), most failing first, then busiest. */
export function serviceRows(frames: DataFrame[], serviceLabel: string): ServiceRed[] {
  const rows = new Map<string, ServiceRed>();
  for (const frame of frames) {
    const { label, times, values } = numbers(frame);
    const service = label?.[serviceLabel];
    if (!service) {
      continue;
    }
    const row = rows.get(service) ?? { service };
    if (frame.refId === 'rate') {
      row.rate = mean(values);
    } else if (frame.refId === 'errors') {
      row.errorFraction = mean(values);
      row.errorSeries = { times, values };
    } else if (frame.refId === 'duration') {
      row.p95 = max(values);
    }
    rows.set(service, row);
  }
  return [...rows.values()].sort(
    (a, b) =>
      (b.errorFraction ?? -1) - (a.errorFraction ?? -1) ||
      (b.rate ?? 0) - (a.rate ?? 0) ||
      a.service.localeCompare(b.service)
  );
}
