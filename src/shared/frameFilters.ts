import { map } from 'rxjs';
import type { DataFrame } from '@grafana/data';
import type { CustomTransformOperator } from '@grafana/scenes';

/**
 * Transform operators for SceneDataTransformer: several panels read one request's results, each
 * taking its own part, so a page sends one request per data source and wave instead of one per panel.
 */

/** Frames of one query (refId). */
export function onlyRefId(refId: string): CustomTransformOperator {
  return () => (source) => source.pipe(map((frames: DataFrame[]) => frames.filter((f) => f.refId === refId)));
}

/** Frames of one query whose series carries `label = value` (a service's series of a RED query). */
export function onlySeries(refId: string, label: string, value: string): CustomTransformOperator {
  return () => (source) =>
    source.pipe(
      map((frames: DataFrame[]) =>
        frames.filter((f) => f.refId === refId && f.fields.some((field) => field.labels?.[label] === value))
      )
    );
}

/**
 * Log frames of several queries merged into one, each entry once. The logs of a trace come from two
 * queries (structured metadata and line filter) that can both match the same entry.
 */
export function mergeLogFrames(): CustomTransformOperator {
  return () => (source) => source.pipe(map((frames: DataFrame[]) => dedupeLogFrames(frames)));
}

function rowKey(frame: DataFrame, i: number): string {
  const field = (name: string) => frame.fields.find((f) => f.name === name)?.values[i];
  return String(field('id') ?? `${field('tsNs') ?? field('Time')}|${field('Line')}`);
}

export function dedupeLogFrames(frames: DataFrame[]): DataFrame[] {
  const logFrames = frames.filter((f) => f.fields.some((x) => x.name === 'Line'));
  if (logFrames.length < 2) {
    return frames;
  }
  const [first] = logFrames;
  const seen = new Set<string>();
  const keep: Array<{ frame: DataFrame; i: number }> = [];
  for (const frame of logFrames) {
    for (let i = 0; i < frame.length; i++) {
      const key = rowKey(frame, i);
      if (!seen.has(key)) {
        seen.add(key);
        keep.push({ frame, i });
      }
    }
  }
  const merged: DataFrame = {
    ...first,
    length: keep.length,
    fields: first.fields.map((field) => ({
      ...field,
      values: keep.map(({ frame, i }) => frame.fields.find((f) => f.name === field.name)?.values[i]),
    })),
  };
  return [merged, ...frames.filter((f) => !logFrames.includes(f))];
}
