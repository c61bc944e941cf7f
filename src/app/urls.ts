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
  check: 'check',
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

export interface HealthUrlParams {
  range?: UrlTimeRange;
  /** The check whose detail the page opens (a check id such as `trace-ids`). */
  check?: string;
  dataSources?: UrlDataSources;
}

/** The Health page, or one check's detail on it. */
export function healthUrl(p: HealthUrlParams = {}): string {
  const params = new URLSearchParams();
  appendRange(params, p.range);
  appendDataSources(params, p.dataSources);
  if (p.check) {
    params.set(URL_KEYS.check, p.check);
  }
  return withQuery(`${PLUGIN_BASE_URL}/${ROUTES.Health}`, params);
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

/**
 * Grafana data-link placeholders, filled in by Grafana from the clicked row: its value and its time.
 * `percentencode` keeps any character of a value (a service name's `/`, `?`, `#`) inside its URL part.
 */
export const LINK_ROW_VALUE = '${__value.raw:percentencode}';
export const LINK_ROW_TIME = '${__value.time}';

/**
 * Grafana passes a data link's URL, after interpolating it, through `textUtil.sanitizeUrl`, whose
 * @braintree/sanitize-url 7.1 (the one @grafana/data 13.2 asks for; 7.0.1 in 12.4 did not) decodes the
 * whole URL once: an encoded `/ ? # & + %` in a value would split it. Such values stay out of data links.
 */
const UNSAFE_IN_DATA_LINK = /[/?#&+%\\]/;

export function dataLinkSafe(value: string): boolean {
  return !UNSAFE_IN_DATA_LINK.test(value) && value !== '.' && value !== '..';
}

/**
 * A data link to the trace investigation for a trace-id field: Grafana puts in the row's id and time (the
 * time hint). The rest is fixed text from URLSearchParams, which percent-encodes `$`, `{` and `}`, so a
 * service name can never become a template Grafana would interpolate; a service Grafana's sanitising would
 * split is left out (the trace names its services anyway).
 */
export function traceLinkTemplate(p: Omit<TraceUrlParams, 'timeMs'> = {}): string {
  const params = new URLSearchParams();
  if (p.service && dataLinkSafe(p.service)) {
    params.set(URL_KEYS.service, p.service);
  }
  appendRange(params, p.range);
  appendDataSources(params, p.dataSources);
  const rest = params.toString();
  return `${PLUGIN_BASE_URL}/${ROUTES.Trace}/${LINK_ROW_VALUE}?${URL_KEYS.time}=${LINK_ROW_TIME}${rest ? `&${rest}` : ''}`;
}

/** A data link to a service's detail for a field holding service names (the node graph's node ids). */
export function serviceLinkTemplate(p: ServiceUrlParams = {}): string {
  const params = new URLSearchParams();
  appendRange(params, p.range);
  appendDataSources(params, p.dataSources);
  return withQuery(`${PLUGIN_BASE_URL}/${ROUTES.Services}/${LINK_ROW_VALUE}`, params);
}
