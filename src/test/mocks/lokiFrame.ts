// Reproduces grafana-loki-datasource pkg/loki/frame.go (adjustLegacyLogsFrame, adjustDataplaneLogsFrame,
// makeIdField, adjustMetricFrame) over the frames of grafana-prometheus-datasource
// pkg/promlib/converter/prom.go (readCategorizedStream, readMatrixOrVectorMulti), as the browser receives
// them: Grafana 12.4 (in-tree, main at the 12.4 branch cut) and 13.2 (loki v13.1.0) build them alike.
import { FieldType, type DataFrame, type Field } from '@grafana/data';
import { fnv1Hex, goDuration, goJson } from './goFormat';

/**
 * `legacy`: labels, Time, Line, tsNs, labelTypes, id; meta.custom.frameType "LabeledTimeValues".
 * `dataplane` (feature toggle `lokiLogsDataplane`, off by default in 12.4 and 13.2): labels,
 * timestamp, body, id, labelTypes; no tsNs (nanoseconds ride on the time field's `nanos`);
 * meta.type "log-lines".
 */
export type LokiLayout = 'legacy' | 'dataplane';
export const LOKI_LAYOUTS: LokiLayout[] = ['legacy', 'dataplane'];

export interface LokiRowFixture {
  timeMs: number;
  /** Loki's nanosecond timestamp; `${timeMs}000000` when not given. */
  tsNs?: string;
  line: string;
  /** Stream labels (indexed). */
  labels?: Record<string, string>;
  /** Structured metadata (OpenTelemetry attributes, trace_id, ...). */
  structuredMetadata?: Record<string, string>;
  /** Labels a parser stage added. */
  parsed?: Record<string, string>;
}

export interface LokiFrameOptions {
  refId?: string;
  layout?: LokiLayout;
  /** The LogQL text, for meta.executedQueryString. */
  expr?: string;
}

type LabelType = 'I' | 'S' | 'P';

/** One row's labels merged as readCategorizedStream does: indexed, then metadata, then parsed win. */
function mergedLabels(row: LokiRowFixture) {
  const labels: Record<string, string> = {};
  const types: Record<string, LabelType> = {};
  const put = (from: Record<string, string> | undefined, type: LabelType) =>
    Object.entries(from ?? {}).forEach(([k, v]) => {
      labels[k] = v;
      types[k] = type;
    });
  put(row.labels, 'I');
  put(row.structuredMetadata, 'S');
  put(row.parsed, 'P');
  // Go encodes the maps with sorted keys; the browser parses that JSON, so the objects keep that order.
  return { labelsJson: goJson(labels), typesJson: goJson(types) };
}

function tsNsOf(row: LokiRowFixture): string {
  return row.tsNs ?? `${Math.trunc(row.timeMs)}000000`;
}

/** makeIdField: `<tsNs>_<fnv32(line + "_" + labels JSON)>`, with `_1`, `_2`... for repeats in the frame. */
function ids(rows: LokiRowFixture[], labelsJson: string[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((row, i) => {
    const sum = `${tsNsOf(row)}_${fnv1Hex(`${row.line}_${labelsJson[i]}`)}`;
    const count = seen.get(sum) ?? 0;
    seen.set(sum, count + 1);
    return count > 0 ? `${sum}_${count}` : sum;
  });
}

/** A Go time as the browser's data frame holds it: milliseconds, and the rest in `nanos` when not zero. */
function timeField(name: string, tsNs: string[]): Field {
  const ms = tsNs.map((ns) => Number(ns.slice(0, -6) || '0'));
  const nanos = tsNs.map((ns) => Number(ns.slice(-6)));
  const field: Field = { name, type: FieldType.time, config: {}, values: ms };
  if (nanos.some((n) => n !== 0)) {
    field.nanos = nanos;
  }
  return field;
}

/** The logs frame Grafana's Loki backend returns for one query (before the browser side adds its meta). */
export function lokiFrame(rows: LokiRowFixture[], options: LokiFrameOptions | string = {}): DataFrame {
  const opts = typeof options === 'string' ? { refId: options } : options;
  const refId = opts.refId ?? 'A';
  const layout = opts.layout ?? 'legacy';
  const merged = rows.map(mergedLabels);
  const labelsJson = merged.map((m) => m.labelsJson);
  const tsNs = rows.map(tsNsOf);
  const labels: Field = {
    name: 'labels',
    type: FieldType.other,
    config: {},
    values: labelsJson.map((j) => JSON.parse(j)),
  };
  const labelTypes: Field = {
    name: 'labelTypes',
    type: FieldType.other,
    config: { custom: { hidden: true } },
    values: merged.map((m) => JSON.parse(m.typesJson)),
  };
  const line: Field = {
    name: layout === 'legacy' ? 'Line' : 'body',
    type: FieldType.string,
    config: {},
    values: rows.map((r) => r.line),
  };
  const id: Field = { name: 'id', type: FieldType.string, config: {}, values: ids(rows, labelsJson) };
  const executedQueryString = `Expr: ${opts.expr ?? ''}`;
  if (layout === 'dataplane') {
    return {
      refId,
      name: '',
      length: rows.length,
      meta: { type: 'log-lines' as never, typeVersion: [0, 0], executedQueryString },
      fields: [labels, timeField('timestamp', tsNs), line, id, labelTypes],
    };
  }
  return {
    refId,
    name: '',
    length: rows.length,
    meta: { typeVersion: [0, 0], custom: { frameType: 'LabeledTimeValues' }, executedQueryString },
    fields: [
      labels,
      timeField('Time', tsNs),
      line,
      { name: 'tsNs', type: FieldType.string, config: {}, values: tsNs },
      labelTypes,
      id,
    ],
  };
}

export interface LokiMetricOptions {
  legendFormat?: string;
  expr?: string;
  /** The query's step, for the time field's interval and the executed query text. */
  stepMs?: number;
}

/** formatName: the legend with `{{label}}` replaced, else `{a="1", b="2"}` (sorted). */
function displayName(labels: Record<string, string>, legendFormat?: string): string {
  if (!legendFormat) {
    const parts = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    return `{${parts.sort().join(', ')}}`;
  }
  return legendFormat.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

/** One series of a Loki range metric query, as Grafana's Loki backend returns it. */
export function lokiMetricFrame(
  refId: string,
  labels: Record<string, string>,
  points: Array<[number, number]>,
  opts: LokiMetricOptions = {}
): DataFrame {
  const stepMs = opts.stepMs ?? 15_000;
  const expr = opts.expr ?? '';
  return {
    refId,
    name: '',
    length: points.length,
    meta: {
      type: 'timeseries-multi' as never,
      typeVersion: [0, 1],
      executedQueryString: `Expr: ${expr}\nStep: ${goDuration(stepMs)}`,
    },
    fields: [
      {
        name: 'Time',
        type: FieldType.time,
        config: { interval: stepMs },
        values: points.map((p) => p[0]),
      },
      {
        name: 'Value',
        type: FieldType.number,
        labels,
        config: { displayNameFromDS: displayName(labels, opts.legendFormat) },
        values: points.map((p) => p[1]),
      },
    ],
  };
}
