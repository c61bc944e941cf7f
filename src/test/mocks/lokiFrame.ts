import { FieldType, createDataFrame, type DataFrame } from '@grafana/data';

export interface LokiRowFixture {
  timeMs: number;
  line: string;
  /** Stream labels (indexed). */
  labels?: Record<string, string>;
  /** Structured metadata (OpenTelemetry attributes, trace_id, ...). */
  structuredMetadata?: Record<string, string>;
  /** Labels a parser stage added. */
  parsed?: Record<string, string>;
}

/**
 * A logs frame shaped like the one Grafana's Loki data source returns (dataplane logs frame):
 * labels merged from stream labels, structured metadata and parsed labels, with `labelTypes`
 * saying which is which.
 */
export function lokiFrame(rows: LokiRowFixture[], refId = 'A'): DataFrame {
  const labels = rows.map((r) => ({ ...r.labels, ...r.structuredMetadata, ...r.parsed }));
  const labelTypes = rows.map((r) => {
    const types: Record<string, 'I' | 'S' | 'P'> = {};
    Object.keys(r.labels ?? {}).forEach((k) => (types[k] = 'I'));
    Object.keys(r.structuredMetadata ?? {}).forEach((k) => (types[k] = 'S'));
    Object.keys(r.parsed ?? {}).forEach((k) => (types[k] = 'P'));
    return types;
  });
  return createDataFrame({
    refId,
    meta: { type: 'log-lines' as any, typeVersion: [0, 0] },
    fields: [
      { name: 'labels', type: FieldType.other, values: labels },
      { name: 'Time', type: FieldType.time, values: rows.map((r) => r.timeMs) },
      { name: 'Line', type: FieldType.string, values: rows.map((r) => r.line) },
      { name: 'tsNs', type: FieldType.string, values: rows.map((r) => `${r.timeMs}000000`) },
      { name: 'id', type: FieldType.string, values: rows.map((r, i) => `${r.timeMs}_${i}_${refId}`) },
      { name: 'labelTypes', type: FieldType.other, values: labelTypes },
    ],
  });
}
