// Reproduces grafana-prometheus-datasource pkg/promlib/converter/prom.go (readMatrixOrVectorMulti) and
// pkg/promlib/querydata/response.go (parseResponse, addMetadataToMultiFrame, getName), as the browser
// receives them: one frame per series, labels on the value field (named after __name__ when present),
// the legend as the display name, the step as the time field's interval, and one empty frame for a query
// without series. Grafana 12.4 (in-tree promlib, main at the 12.4 branch cut) and 13.2 (v13.1.7) alike.
import { FieldType, type DataFrame } from '@grafana/data';
import { goDuration } from './goFormat';

export interface PromQueryOptions {
  expr?: string;
  legendFormat?: string;
  stepMs?: number;
  /** The first frame of a query carries the executed query and the step. */
  first?: boolean;
  /** `vector` for an instant query: one point per series, frame type `numeric-multi`. */
  resultType?: 'matrix' | 'vector';
}

/** getName: the legend (`__auto` drops it when there are labels), else `name{a="1", b="2"}`, else the expression. */
function displayName(labels: Record<string, string>, opts: PromQueryOptions): string {
  const { __name__: name = '', ...rest } = labels;
  const parts = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  let legend = parts.length === 0 ? name || '{}' : `${name}{${parts.sort().join(', ')}}`;
  if (opts.legendFormat === '__auto') {
    legend = Object.keys(labels).length > 0 ? '' : legend;
  } else if (opts.legendFormat) {
    legend = opts.legendFormat.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, label: string) => labels[label] ?? '');
  }
  return legend === '{}' ? (opts.expr ?? '') : legend;
}

function queryMeta(opts: PromQueryOptions, stepMs: number) {
  const resultType = opts.resultType ?? 'matrix';
  return opts.first
    ? {
        executedQueryString: `Expr: ${opts.expr ?? ''}\nStep: ${goDuration(stepMs)}`,
        custom: { resultType, calculatedMinStep: stepMs },
      }
    : { custom: { resultType } };
}

/** A Prometheus range-query series as Grafana's Prometheus data source returns it. */
export function promSeries(
  refId: string,
  labels: Record<string, string>,
  points: Array<[number, number]>,
  opts: PromQueryOptions = {}
): DataFrame {
  const stepMs = opts.stepMs ?? 15_000;
  const name = displayName(labels, opts);
  return {
    refId,
    name: '',
    length: points.length,
    meta: {
      type: (opts.resultType === 'vector' ? 'numeric-multi' : 'timeseries-multi') as never,
      typeVersion: [0, 1],
      ...queryMeta(opts, stepMs),
    },
    fields: [
      { name: 'Time', type: FieldType.time, config: { interval: stepMs }, values: points.map((p) => p[0]) },
      {
        name: labels.__name__ ?? 'Value',
        type: FieldType.number,
        labels,
        config: name ? { displayNameFromDS: name } : {},
        values: points.map((p) => p[1]),
      },
    ],
  };
}

/** The frame a query without series answers with: no fields, the executed query in its meta. */
export function promEmptyFrame(refId: string, opts: PromQueryOptions = {}): DataFrame {
  const stepMs = opts.stepMs ?? 15_000;
  return { refId, name: '', length: 0, meta: queryMeta({ ...opts, first: true }, stepMs), fields: [] };
}

/** Every frame of one query: its series, or the empty frame. */
export function promQueryFrames(
  target: { refId: string; expr?: string; legendFormat?: string; instant?: boolean },
  series: Array<{ labels: Record<string, string>; points: Array<[number, number]> }>,
  stepMs?: number
): DataFrame[] {
  const resultType = target.instant ? ('vector' as const) : ('matrix' as const);
  const opts = { expr: target.expr, legendFormat: target.legendFormat, stepMs, resultType };
  return series.length === 0
    ? [promEmptyFrame(target.refId, opts)]
    : series.map((s, i) => promSeries(target.refId, s.labels, s.points, { ...opts, first: i === 0 }));
}

/** Series for every service a RED request's queries name (as the query writes it, escaped). */
export function redAnswer(
  targets: Array<{ refId: string; expr: string; legendFormat?: string }>,
  label: string,
  values: Record<string, number>,
  t0: number
): DataFrame[] {
  return targets.flatMap((t) =>
    promQueryFrames(
      t,
      Object.entries(values)
        .filter(([service]) => t.expr.includes(`${label}=`) && t.expr.includes(JSON.stringify(service).slice(1, -1)))
        .map(([service, v]) => ({
          labels: { [label]: service },
          points: [
            [t0, v],
            [t0 + 60_000, v],
          ],
        }))
    )
  );
}

/**
 * The bytes of a frame as Grafana's /api/ds/query sends it to the browser (data.FrameToJSON: a schema
 * with the fields' names, types, labels and config, then the values column by column).
 */
export function frameJsonBytes(frame: DataFrame): number {
  const schema = {
    refId: frame.refId,
    meta: frame.meta,
    fields: frame.fields.map((f) => ({ name: f.name, type: f.type, labels: f.labels, config: f.config })),
  };
  return JSON.stringify({ schema, data: { values: frame.fields.map((f) => Array.from(f.values)) } }).length;
}
