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

/**
 * The columns of a Loki logs frame, in either layout Grafana's Loki data source builds: the standard one
 * (`labels`, `Time`, `Line`, `tsNs`, `labelTypes`, `id`) or the dataplane one, behind the feature toggle
 * `lokiLogsDataplane` (`labels`, `timestamp`, `body`, `id`, `labelTypes`; nanoseconds in the time
 * field's `nanos`). Undefined for a frame that is neither (a metric frame, a progress frame).
 */
export interface LokiLogFields {
  line: FieldLike;
  time?: FieldLike & { nanos?: number[] };
  labels?: FieldLike;
  tsNs?: FieldLike;
  id?: FieldLike;
}

export function lokiLogFields(frame: FrameLike): LokiLogFields | undefined {
  const legacy = findField(frame, 'Line');
  if (legacy) {
    return {
      line: legacy,
      time: findField(frame, 'Time'),
      labels: findField(frame, 'labels'),
      tsNs: findField(frame, 'tsNs'),
      id: findField(frame, 'id'),
    };
  }
  const body = findField(frame, 'body');
  const timestamp = findField(frame, 'timestamp');
  // `body` alone is too common a name to mean a log line: the dataplane layout has both.
  if (body && timestamp) {
    return { line: body, time: timestamp, labels: findField(frame, 'labels'), id: findField(frame, 'id') };
  }
  return undefined;
}

/**
 * Loki's nanosecond timestamp of row `i`: the `tsNs` column (standard layout), else the time field's
 * milliseconds and its `nanos` remainder (dataplane layout).
 */
export function lokiTsNs(fields: LokiLogFields, i: number): string | undefined {
  const ts = fieldValues(fields.tsNs)[i];
  if (typeof ts === 'string' && /^\d+$/.test(ts)) {
    return ts;
  }
  const ms = fieldValues(fields.time)[i];
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0) {
    return undefined;
  }
  const nanos = fields.time?.nanos?.[i];
  const rest = typeof nanos === 'number' && Number.isInteger(nanos) && nanos >= 0 && nanos < 1e6 ? nanos : 0;
  return ms === 0 ? String(rest) : `${ms}${String(rest).padStart(6, '0')}`;
}

/** The parts of a query response (PanelData or DataQueryResponse) that say what failed. */
export interface ResponseErrors {
  errors?: Array<{ message?: string }>;
  error?: { message?: string };
}

/**
 * The first error's text. Grafana fills `errors` for queries that failed, but only `error` when the
 * request itself failed or the data source threw.
 */
export function errorMessageOf(response: ResponseErrors | undefined): string | undefined {
  return response?.errors?.find((e) => e?.message)?.message ?? response?.error?.message ?? undefined;
}
