import { fieldValues, type FrameLike } from '../frame';

/** A series of one frame: its labels and finite points, in time order. */
export interface Series {
  labels: Record<string, string>;
  times: number[];
  values: number[];
}

/** The first time and number fields of a frame as points, skipping NaN and non-numbers. */
export function seriesOfFrame(frame: FrameLike): Series | undefined {
  if (!frame || !Array.isArray(frame.fields)) {
    return undefined;
  }
  const time = frame.fields.find((f) => f?.type === 'time');
  const value = frame.fields.find((f) => f?.type === 'number');
  if (!value) {
    return undefined;
  }
  const ts = fieldValues(time);
  const vs = fieldValues(value);
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < vs.length; i++) {
    const v = Number(vs[i]);
    const t = Number(ts[i]);
    if (Number.isFinite(v) && (time === undefined || Number.isFinite(t))) {
      times.push(t);
      values.push(v);
    }
  }
  const labels = value.labels && typeof value.labels === 'object' ? value.labels : {};
  return { labels, times, values };
}

export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: number[]) => (xs.length ? sum(xs) / xs.length : NaN);
