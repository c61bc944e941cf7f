// Reproduces grafana-loki-datasource src/datasource.ts query() (maxLines defaulted), src/querySplitting.ts
// runSplitQuery (feature toggle lokiQuerySplitting, on by default: logs queries, metric queries and
// instant queries in separate backend calls, one after another, each answer emitted as it arrives under
// one key, state Streaming until the last), src/mergeResponses.ts combineResponses and
// src/backendResultTransformer.ts transformBackendResult (range metric frames first, then instant metric
// frames as tables by src/makeTableFrames.ts, then logs with meta and derived fields); Grafana 12.4
// (in-tree, main at the 12.4 branch cut) and 13.2 (loki v13.1.0) alike.
// Not reproduced: splitting ranges over a day into day-long calls, searchWords.
/* eslint-disable @typescript-eslint/no-deprecated -- Grafana 12.4 and 13.2 still fill the deprecated `error` */
import {
  DataFrameType,
  FieldType,
  LoadingState,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type Field,
} from '@grafana/data';
import { parser, MetricExpr } from '@grafana/lezer-logql';
import { Observable, type Subscription } from 'rxjs';
import { callBackend, toQueryResponse, type Backend } from './backendQuery';
import { LOKI_LIMITS, withLokiLimits, type LimitObservation, type LokiLimits } from './limits/lokiLimits';

export interface DerivedFieldConfig {
  name: string;
  matcherType?: 'label' | 'regex';
  matcherRegex: string;
  datasourceUid?: string;
  url?: string;
  urlDisplayLabel?: string;
}

/** The derived fields our development stack provisions on Loki (provisioning/datasources/datasources.yaml). */
export const STACK_LOKI_DERIVED_FIELDS: DerivedFieldConfig[] = [
  {
    name: 'trace_id',
    matcherType: 'label',
    matcherRegex: 'trace_id',
    datasourceUid: 'tempo-uid',
    url: '${__value.raw}',
  },
  {
    name: 'traceId',
    matcherType: 'regex',
    matcherRegex: '"traceId":"([0-9a-fA-F]{16,32})"',
    datasourceUid: 'tempo-uid',
    url: '${__value.raw}',
  },
];

export interface LokiOptions {
  derivedFields?: DerivedFieldConfig[];
  /** Feature toggle lokiQuerySplitting (default on). */
  querySplitting?: boolean;
  /** jsonData.maxLines (default 1000). */
  maxLines?: number;
  /** The Loki behind the data source enforces these limits (default: Loki's defaults; `false`: none). */
  limits?: LokiLimits | false;
  /** Sees each query the limited Loki answered or refused. */
  observe?: (o: LimitObservation) => void;
}

type LokiTarget = Record<string, any> & { refId: string; expr?: string };

/** isLogsQuery: a LogQL text without a metric expression. */
function isLogsQuery(expr: string): boolean {
  if (expr.trim().length <= 2) {
    return false;
  }
  let metric = false;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.id === MetricExpr) {
        metric = true;
      }
      return !metric;
    },
  });
  return !metric;
}

const isMetricFrame = (f: DataFrame) => f.fields.every((x) => x.type === FieldType.time || x.type === FieldType.number);

/** getDerivedFields: one string field per configured name, from a label (matcherType label) or the line. */
function derivedFields(frame: DataFrame, configs: DerivedFieldConfig[]) {
  const lineField = frame.fields.find((f) => f.type === FieldType.string);
  const labelsField = frame.fields.find((f) => f.type === FieldType.other && f.name === 'labels');
  const names = [...new Set(configs.map((c) => c.name))];
  return names.map((name) => {
    const config = configs.find((c) => c.name === name)!;
    const values = (lineField?.values ?? []).map((line: string, i: number) => {
      if (config.matcherType === 'label') {
        const labels = labelsField?.values[i] as Record<string, string> | undefined;
        const key = labels && Object.keys(labels).find((k) => new RegExp(config.matcherRegex).test(k));
        return key ? labels![key] : null;
      }
      return line.match(config.matcherRegex)?.[1] ?? null;
    });
    return {
      name,
      type: FieldType.string,
      config: { links: [{ title: config.urlDisplayLabel ?? '', url: config.url ?? '' }] },
      values,
    };
  });
}

/**
 * makeTableFrames: one table per refId of an instant query: `Time`, one string column per label (sorted,
 * `filterable`, '' where a series lacks the label), `Value #<refId>`; meta type numeric-long.
 */
export function instantTables(frames: DataFrame[]): DataFrame[] {
  const refIds = [...new Set(frames.filter((f) => f.refId !== undefined).map((f) => f.refId!))];
  return refIds.map((refId) => {
    const own = frames.filter((f) => f.refId === refId);
    const labelNames = [...new Set(own.flatMap((f) => f.fields.flatMap((x) => Object.keys(x.labels ?? {}))))].sort();
    const time: Field = { name: 'Time', config: {}, values: [], type: FieldType.time };
    const value: Field = { name: `Value #${refId}`, config: {}, values: [], type: FieldType.number };
    const columns: Field[] = labelNames.map((name) => ({
      name,
      config: { filterable: true },
      values: [],
      type: FieldType.string,
    }));
    for (const frame of own) {
      const t = frame.fields.find((x) => x.type === FieldType.time);
      const v = frame.fields.find((x) => x.type === FieldType.number);
      if (!t || !v) {
        continue;
      }
      time.values.push(...t.values);
      value.values.push(...v.values);
      columns.forEach((c) => v.values.forEach(() => c.values.push(v.labels?.[c.name] ?? '')));
    }
    return {
      fields: [time, ...columns, value],
      refId,
      meta: { type: DataFrameType.NumericLong },
      length: time.values.length,
    };
  });
}

/** transformBackendResult: range metric frames first (graph), instant ones as tables, then logs frames with Loki's meta and derived fields. */
function transformBackendResult(
  response: DataQueryResponse,
  queries: LokiTarget[],
  configs: DerivedFieldConfig[]
): DataQueryResponse {
  const frames = response.data as DataFrame[];
  const instant = (f: DataFrame) => queries.find((q) => q.refId === f.refId)?.queryType === 'instant';
  const metric = frames.filter((f) => isMetricFrame(f) && !instant(f));
  const instantMetric = frames.filter((f) => isMetricFrame(f) && instant(f));
  const streams = frames.filter((f) => !isMetricFrame(f));
  let error = response.error;
  const query = error?.refId ? queries.find((q) => q.refId === error!.refId) : undefined;
  if (error?.message?.includes('escape') && query?.expr?.includes('\\')) {
    error = {
      ...error,
      message: `${error.message}. Make sure that all special characters are escaped with \\. For more information on escaping of special characters visit LogQL documentation at https://grafana.com/docs/loki/latest/logql/.`,
    };
  }
  return {
    ...response,
    error,
    data: [
      ...metric.map((f) => ({ ...f, meta: { ...f.meta, preferredVisualisationType: 'graph' as const } })),
      ...(instantMetric.length ? instantTables(instantMetric) : []),
      ...streams.map((f) => {
        const q = queries.find((x) => x.refId === f.refId);
        const labels = f.fields.find((x) => x.name === 'labels')?.values ?? [];
        const custom: Record<string, unknown> = {
          ...f.meta?.custom,
          lokiQueryStatKey: 'Summary: total bytes processed',
        };
        if (labels.some((l: Record<string, string>) => l && '__error__' in l)) {
          custom.error = 'Error when parsing some of the logs';
        }
        return {
          ...f,
          meta: { ...f.meta, preferredVisualisationType: 'logs' as const, limit: q?.maxLines, custom },
          fields: [...f.fields, ...derivedFields(f, configs)],
        };
      }),
    ],
  };
}

/** The backend calls runSplitQuery makes: logs queries by direction, metric queries by step, instant queries. */
function splitGroups(queries: LokiTarget[]): LokiTarget[][] {
  const withExpr = queries.filter((q) => !q.hide && q.expr);
  const rangeVariable = (q: LokiTarget) => /\$__range(_s|_ms)?\b/.test(q.expr ?? '');
  const nonSplitting = withExpr.filter((q) => q.queryType === 'instant' || rangeVariable(q));
  const normal = withExpr.filter((q) => !nonSplitting.includes(q));
  const groups = new Map<string, LokiTarget[]>();
  const add = (key: string, q: LokiTarget) => groups.set(key, [...(groups.get(key) ?? []), q]);
  normal
    .filter((q) => isLogsQuery(q.expr!))
    .forEach((q) => add(`logs ${q.direction === 'forward' ? 'forward' : 'backward'} ${q.resolution ?? 1}`, q));
  normal
    .filter((q) => !isLogsQuery(q.expr!))
    // Metric queries lose maxLines.
    .forEach(({ maxLines: _unused, ...q }) => add(`metric ${q.step ?? ''} ${q.resolution ?? 1}`, q as LokiTarget));
  const list = [...groups.values()];
  return nonSplitting.length ? [...list, nonSplitting] : list;
}

/** combineResponses: frames of a refId already present are merged (none here: groups hold distinct refIds). */
function combine(acc: DataQueryResponse, next: DataQueryResponse): DataQueryResponse {
  const errors = [...(acc.errors ?? []), ...(next.errors ?? [])];
  const error = acc.error ?? next.error;
  return {
    ...acc,
    data: [...acc.data, ...next.data],
    ...(errors.length ? { errors, state: LoadingState.Error } : {}),
    ...(error ? { error, state: LoadingState.Error } : {}),
  };
}

let groupIds = 0;

export function lokiQuery(
  request: DataQueryRequest,
  unlimited: Backend,
  opts: LokiOptions = {}
): Observable<DataQueryResponse> {
  const backend: Backend =
    opts.limits === false
      ? unlimited
      : { ...unlimited, respond: withLokiLimits(unlimited.respond, opts.limits ?? LOKI_LIMITS, opts.observe) };
  const configs = opts.derivedFields ?? [];
  const range = { fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() };
  const queries: LokiTarget[] = (request.targets as LokiTarget[]).map((q) => ({
    ...q,
    maxLines: q.maxLines ?? opts.maxLines ?? 1000,
  }));
  const supportsSplitting = queries.some(
    (q) => !q.hide && q.queryType !== 'instant' && !q.refId.includes('do-not-chunk') && q.expr
  );
  if (opts.querySplitting === false || !supportsSplitting) {
    return new Observable((subscriber) => {
      const sub = callBackend(backend, queries, range).subscribe((answer) => {
        subscriber.next(
          transformBackendResult(toQueryResponse(answer as DataFrame[] | Error, queries), queries, configs)
        );
        subscriber.complete();
      });
      return () => sub.unsubscribe();
    });
  }
  const groups = splitGroups(queries);
  const key = `loki-split-${++groupIds}`;
  return new Observable<DataQueryResponse>((subscriber) => {
    let merged: DataQueryResponse = { data: [], state: LoadingState.Streaming, key };
    let current: Subscription | undefined;
    const run = (i: number) => {
      if (i >= groups.length) {
        subscriber.next({
          ...merged,
          state: merged.state === LoadingState.Error ? LoadingState.Error : LoadingState.Done,
        });
        subscriber.complete();
        return;
      }
      const targets = groups[i];
      current = callBackend(backend, targets, range).subscribe((answer) => {
        const partial = transformBackendResult(
          toQueryResponse(answer as DataFrame[] | Error, targets),
          targets,
          configs
        );
        merged = combine(merged, partial);
        if (merged.state === LoadingState.Error) {
          // A failed call stops the rest (not a time-out: those Grafana retries once).
          run(groups.length);
          return;
        }
        subscriber.next({ ...merged });
        run(i + 1);
      });
    };
    run(0);
    return () => current?.unsubscribe();
  });
}
