import { map } from 'rxjs';
import type { DataFrame } from '@grafana/data';
import type { CustomTransformOperator } from '@grafana/scenes';
import { fieldValues, lokiLogFields, lokiTsNs, type LokiLogFields } from '../correlation/frame';

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

/**
 * One entry's key: Loki's row id (its nanosecond time and a hash of line and labels, the same for the
 * same entry whichever query returned it), else its nanosecond time and line.
 */
function rowKey(fields: LokiLogFields, i: number): string {
  const id = fieldValues(fields.id)[i];
  return typeof id === 'string' && id ? id : `${lokiTsNs(fields, i)}|${String(fieldValues(fields.line)[i])}`;
}

/** Logs frames (either of Grafana's Loki layouts) merged into the first one, each entry once. */
export function dedupeLogFrames(frames: DataFrame[]): DataFrame[] {
  const logFrames = frames.flatMap((frame) => {
    const fields = lokiLogFields(frame);
    return fields ? [{ frame, fields }] : [];
  });
  if (logFrames.length < 2) {
    return frames;
  }
  const first = logFrames[0].frame;
  const seen = new Set<string>();
  const keep: Array<{ frame: DataFrame; i: number }> = [];
  for (const { frame, fields } of logFrames) {
    for (let i = 0; i < frame.length; i++) {
      const key = rowKey(fields, i);
      if (!seen.has(key)) {
        seen.add(key);
        keep.push({ frame, i });
      }
    }
  }
  const column = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name);
  const merged: DataFrame = {
    ...first,
    length: keep.length,
    fields: first.fields.map((field) => {
      const values = keep.map(({ frame, i }) => column(frame, field.name)?.values[i]);
      // The dataplane layout keeps nanoseconds beside the milliseconds; they travel with their rows.
      const nanos = field.nanos ? keep.map(({ frame, i }) => column(frame, field.name)?.nanos?.[i] ?? 0) : undefined;
      return nanos ? { ...field, values, nanos } : { ...field, values };
    }),
  };
  const mergedFrames = new Set(logFrames.map((l) => l.frame));
  return [merged, ...frames.filter((f) => !mergedFrames.has(f))];
}

/**
 * The table of a Tempo search, whatever its refId: with streaming on, Grafana's Tempo data source names
 * every search frame `traces` and adds a `streaming-progress` frame, so filtering by refId loses the table.
 */
export function traceSearchTable(): CustomTransformOperator {
  return () => (source) =>
    source.pipe(
      map((frames: DataFrame[]) =>
        frames.filter(
          (f) => f.fields.some((x) => x.name === 'traceID') && f.fields.some((x) => x.name === 'traceService')
        )
      )
    );
}
