import { PLUGIN_BASE_URL, ROUTES } from '../constants';

/**
 * Builders for every Correlate URL. Pages, panels and extension links use these so that a
 * pasted link always opens the same view. Pure: no Grafana runtime imports, cheap enough for module.js.
 */

/** Time range as Grafana writes it in URLs: epoch milliseconds or relative (`now-1h`). */
export interface UrlTimeRange {
  from: string | number;
  to: string | number;
}

/** Data source uids, written as the pages' data source variables (`var-loki`, ...). */
export interface UrlDataSources {
  loki?: string;
  tempo?: string;
  metrics?: string;
}

export interface ErrorsUrlParams {
  range?: UrlTimeRange;
  services?: string[];
  levels?: string[];
  search?: string;
  /** Error signature fingerprint that filters the log list. */
  signature?: string;
  dataSources?: UrlDataSources;
}

export interface TraceUrlParams {
  /** Time of the log line the investigation started from (epoch ms): the time hint. */
  timeMs?: number;
  /** Service of that log line, when known: its RED metrics start loading before the trace arrives. */
  service?: string;
  /** The range the link came from (a dashboard's): where to look for the trace without a time hint. */
  range?: UrlTimeRange;
  dataSources?: UrlDataSources;
}

export interface ServiceUrlParams {
  range?: UrlTimeRange;
  dataSources?: UrlDataSources;
}

export interface ChangedUrlParams {
  /** The incident window: the page's time range. */
  range?: UrlTimeRange;
  /** `previous` (the same length just before; the default) or `day` (the same window a day earlier). */
  baseline?: 'previous' | 'day';
  services?: string[];
  /** The trace investigated, named in the summary with its likely root cause. */
  traceId?: string;
  dataSources?: UrlDataSources;
}

export const URL_KEYS = {
  time: 'time',
  baseline: 'baseline',
  trace: 'trace',
  service: 'service',
  signature: 'signature',
  services: 'var-services',
  levels: 'var-levels',
  search: 'var-search',
  loki: 'var-loki',
  tempo: 'var-tempo',
  metrics: 'var-metrics',
} as const;

function appendDataSources(params: URLSearchParams, ds?: UrlDataSources) {
  if (ds?.loki) {
    params.set(URL_KEYS.loki, ds.loki);
  }
  if (ds?.tempo) {
    params.set(URL_KEYS.tempo, ds.tempo);
  }
  if (ds?.metrics) {
    params.set(URL_KEYS.metrics, ds.metrics);
  }
}

function appendRange(params: URLSearchParams, range?: UrlTimeRange) {
  if (range) {
    params.set('from', String(range.from));
    params.set('to', String(range.to));
  }
}

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function errorsUrl(p: ErrorsUrlParams = {}): string {
  const params = new URLSearchParams();
  appendRange(params, p.range);
  for (const service of p.services ?? []) {
    params.append(URL_KEYS.services, service);
  }
  for (const level of p.levels ?? []) {
    params.append(URL_KEYS.levels, level);
  }
  if (p.search) {
    params.set(URL_KEYS.search, p.search);
  }
  if (p.signature) {
    params.set(URL_KEYS.signature, p.signature);
  }
  appendDataSources(params, p.dataSources);
  return withQuery(`${PLUGIN_BASE_URL}/${ROUTES.Errors}`, params);
}

export function traceUrl(traceId: string, p: TraceUrlParams = {}): string {
  const params = new URLSearchParams();
  if (p.timeMs !== undefined && Number.isFinite(p.timeMs)) {
    params.set(URL_KEYS.time, String(Math.round(p.timeMs)));
  }
  if (p.service) {
    params.set(URL_KEYS.service, p.service);
  }
  appendRange(params, p.range);
  appendDataSources(params, p.dataSources);
  return withQuery(`${PLUGIN_BASE_URL}/${ROUTES.Trace}/${encodeURIComponent(traceId)}`, params);
}

export function servicesUrl(p: ServiceUrlParams = {}): string {
  const params = new URLSearchParams();
  appendRange(params, p.range);
  appendDataSources(params, p.dataSources);
  return withQuery(`${PLUGIN_BASE_URL}/${ROUTES.Services}`, params);
}

export function serviceUrl(service: string, p: ServiceUrlParams = {}): string {
  const params = new URLSearchParams();
  appendRange(params, p.range);
  appendDataSources(params, p.dataSources);
  return withQuery(`${PLUGIN_BASE_URL}/${ROUTES.Services}/${encodeURIComponent(service)}`, params);
}

export function changedUrl(p: ChangedUrlParams = {}): string {
  const params = new URLSearchParams();
  appendRange(params, p.range);
  if (p.baseline && p.baseline !== 'previous') {
    params.set(URL_KEYS.baseline, p.baseline);
  }
  for (const service of p.services ?? []) {
    params.append(URL_KEYS.services, service);
  }
  if (p.traceId) {
    params.set(URL_KEYS.trace, p.traceId);
  }
  appendDataSources(params, p.dataSources);
  return withQuery(`${PLUGIN_BASE_URL}/${ROUTES.Changed}`, params);
}

/**
 * Grafana's Explore with one TraceQL search on a Tempo data source (the `panes` form of Grafana 10
 * and later). The query text is built by the TraceQL builders, so every value in it is escaped.
 */
export function exploreTracesUrl(tempoUid: string, query: string, range: { fromMs: number; toMs: number }): string {
  const pane = {
    datasource: tempoUid,
    queries: [{ refId: 'A', datasource: { type: 'tempo', uid: tempoUid }, queryType: 'traceql', query, limit: 20 }],
    range: { from: String(Math.round(range.fromMs)), to: String(Math.round(range.toMs)) },
  };
  const params = new URLSearchParams({ schemaVersion: '1', panes: JSON.stringify({ correlate: pane }) });
  return `/explore?${params}`;
}
