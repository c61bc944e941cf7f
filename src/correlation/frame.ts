/**
 * The structural shape of a Grafana data frame that the pure core reads. Field values may be a
 * plain array (Grafana 10+) or an older Vector with toArray().
 */
export interface FieldLike {
  name: string;
  type?: string;
  values: ArrayLike<unknown> | { toArray(): unknown[] };
  labels?: Record<string, string>;
}

export interface FrameLike {
  name?: string;
  refId?: string;
  fields: FieldLike[];
}

export function fieldValues(field: FieldLike | undefined): ArrayLike<unknown> {
  if (!field || field.values === null || typeof field.values !== 'object') {
    return [];
  }
  const values = field.values as { toArray?: () => unknown[]; length?: unknown };
  if (typeof values.length === 'number') {
    return values as ArrayLike<unknown>;
  }
  if (typeof values.toArray === 'function') {
    try {
      const arr = values.toArray();
      return Array.isArray(arr) ? arr : [];
    } catch {
      return [];
    }
  }
  return [];
}

export function findField(frame: FrameLike, ...names: string[]): FieldLike | undefined {
  if (!frame || !Array.isArray(frame.fields)) {
    return undefined;
  }
  for (const name of names) {
    const field = frame.fields.find((f) => f && f.name === name);
    if (field) {
      return field;
    }
  }
  return undefined;
}

export function frameLength(frame: FrameLike): number {
  if (!frame || !Array.isArray(frame.fields)) {
    return 0;
  }
  return frame.fields.reduce((max, f) => Math.max(max, fieldValues(f).length), 0);
}
