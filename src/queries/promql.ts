import { cleanValues, goString, re2Literal, re2OneOf } from './goString';
import { RED_PROFILES, isRedProfileId, type RedProfile, type RedProfileId } from './redProfiles';

export type { RedProfileId } from './redProfiles';

/**
 * RED queries over the span-metrics family a data source has. One series per service, labelled
 * with the profile's service label; only server requests count. For `job` written by OTLP
 * translation the label holds the service name without its `<service.namespace>/` prefix.
 */

export const DEFAULT_RATE_INTERVAL = '$__rate_interval';
/** Grafana's whole time range: an instant query with rate over it gives one figure per service for the range. */
export const RANGE_INTERVAL = '$__range';
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

export interface RedOptions {
  services: string[];
  rateInterval?: string;
  /** Keep only services whose name contains this text (any case); matched at the server. */
  search?: string;
  /** Evaluate every selector at this moment (epoch seconds, PromQL's `@`), whatever the step. */
  atSeconds?: number;
}

/** Longest search text: a service name is rarely longer, and the pattern stays small. */
export const MAX_SEARCH_LENGTH = 200;

export interface RedQueries {
  /** Server requests per second. */
  rate: string;
  /** Fraction (0..1) of server requests that failed; 0, not absent, for a service without errors. */
  errors: string;
  /** p95 latency in seconds. */
  duration: string;
}

function checkRateInterval(value: string | undefined): string {
  if (value === undefined || value === DEFAULT_RATE_INTERVAL) {
    return DEFAULT_RATE_INTERVAL;
  }
  if (value === RANGE_INTERVAL) {
    return RANGE_INTERVAL;
  }
  if (typeof value === 'string' && DURATION.test(value)) {
    return value;
  }
  throw new Error(
    `Invalid rate interval ${JSON.stringify(value)}: use a PromQL duration such as 5m, or $__rate_interval.`
  );
}

function matcher(label: string, op: '=' | '=~', value: string): string {
  return `${label}${op}${goString(value)}`;
}

/** RE2 for the namespace part of an OTLP `job`: everything up to its first `/` (may be empty). */
const JOB_NAMESPACE = '[^/]*/';

/**
 * The `job` values whose name (see `withJobName`) is one of `services`: a name without `/` with or
 * without a namespace; a name with `/` only behind one (alone, its first part reads as a namespace).
 */
function namespacedJobPattern(services: string[]): string {
  return services.map((s) => (s.includes('/') ? JOB_NAMESPACE : `(?:${JOB_NAMESPACE})?`) + re2Literal(s)).join('|');
}

/** Holds the full `job` while `job` is cut to the name, so no two series become one (an error). */
const FULL_JOB_LABEL = 'otlp_job';

/**
 * `expr`, already summed by `job` (and `le`), with `job` cut to the service name: the part after
 * its first `/`, if any. The same name from two namespaces stays two series until the outer sum.
 */
function withJobName(expr: string, label: string): string {
  const keep = `label_replace(${expr}, ${goString(FULL_JOB_LABEL)}, ${goString('$1')}, ${goString(label)}, ${goString('(.*)')})`;
  return `label_replace(${keep}, ${goString(label)}, ${goString('$1')}, ${goString(label)}, ${goString(`(?:${JOB_NAMESPACE})?(.*)`)})`;
}

/** The search text, checked: trimmed, or an error saying what to type instead. */
export function checkSearch(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length > MAX_SEARCH_LENGTH) {
    throw new Error(`The search is ${text.length} characters long: type at most ${MAX_SEARCH_LENGTH}.`);
  }
  return text;
}

/** RE2 matching any name that contains `text`, any case (PromQL anchors label regexes at both ends). */
export function containsPattern(text: string): string {
  return `(?i).*${re2Literal(text)}.*`;
}

function selector(profile: RedProfile, services: string[], errorsOnly: boolean, search = ''): string {
  const parts: string[] = [];
  if (profile.serverMatcher) {
    parts.push(matcher(profile.serverMatcher.label, '=', profile.serverMatcher.value));
  }
  if (services.length > 0 && profile.namespacedJob) {
    parts.push(matcher(profile.serviceLabel, '=~', namespacedJobPattern(services)));
  } else if (services.length === 1) {
    parts.push(matcher(profile.serviceLabel, '=', services[0]));
  } else if (services.length > 1) {
    parts.push(matcher(profile.serviceLabel, '=~', re2OneOf(services)));
  }
  if (search) {
    parts.push(matcher(profile.serviceLabel, '=~', containsPattern(search)));
  }
  if (errorsOnly) {
    const m = profile.errorMatcher;
    parts.push(matcher(m.label, m.regex ? '=~' : '=', m.value));
  }
  return `{${parts.join(', ')}}`;
}

interface RedParts {
  by: string;
  /** Requests per second by service. */
  total: string;
  /** Failed requests per second by service (absent for a service without failures). */
  failed: string;
  /** Fraction failed by service; 0, not absent, for a service with traffic and no failures. */
  ratio: string;
  /** p95 latency in seconds by service. */
  p95: string;
}

function redParts(profileId: RedProfileId, opts: RedOptions): RedParts {
  if (!isRedProfileId(profileId)) {
    throw new Error(`Unknown RED metrics source ${JSON.stringify(profileId)}.`);
  }
  const profile = RED_PROFILES[profileId];
  const ri = checkRateInterval(opts?.rateInterval);
  const services = cleanValues(opts?.services ?? []);
  const search = checkSearch(opts?.search);
  const by = profile.serviceLabel;
  const atSeconds = opts?.atSeconds;
  if (atSeconds !== undefined && !(Number.isInteger(atSeconds) && atSeconds > 0)) {
    throw new Error(`Invalid moment ${JSON.stringify(atSeconds)}: use whole epoch seconds.`);
  }
  const at = atSeconds === undefined ? '' : ` @ ${atSeconds}`;

  // Summed by name: one service in several namespaces is one series.
  const sumBy = (labels: string, rate: string) =>
    profile.namespacedJob
      ? `sum by (${labels}) (${withJobName(`sum by (${labels}) (${rate})`, by)})`
      : `sum by (${labels}) (${rate})`;
  const calls = (errorsOnly: boolean) =>
    `rate(${profile.callsMetric}${selector(profile, services, errorsOnly, search)}[${ri}]${at})`;
  const total = sumBy(by, calls(false));
  const failed = sumBy(by, calls(true));
  const buckets = sumBy(
    `${by}, le`,
    `rate(${profile.bucketMetric}${selector(profile, services, false, search)}[${ri}])`
  );
  const p95 = `histogram_quantile(0.95, ${buckets})`;
  return {
    by,
    total,
    failed,
    // A service with traffic but no failed series gets 0 instead of disappearing.
    ratio: `(${failed} or ${total} * 0) / ${total}`,
    p95: profile.durationUnit === 'ms' ? `${p95} / 1000` : p95,
  };
}

export function redQueries(profileId: RedProfileId, opts: RedOptions): RedQueries {
  const p = redParts(profileId, opts);
  return { rate: p.total, errors: p.ratio, duration: p.p95 };
}

// ---- Services overview: figures computed, ranked and capped at the server ----

/** Rows the overview asks for at first, and how many more each "show more" adds. */
export const OVERVIEW_PAGE = 100;
/** The most rows the overview asks for; past it, the search narrows the list. */
export const OVERVIEW_MAX = 1000;

export interface OverviewQueries {
  /** Request rate over the range of the top `limit` services (instant). */
  rate: string;
  /** Error fraction over the range of the same services (instant). */
  errors: string;
  /** How many services match the search (all of them without one): one series. */
  count: string;
  /** How many services there are in all: one series; only with a search. */
  all?: string;
}

/**
 * The overview's list, as instant queries over `$__range`: one value per service, at most `limit`
 * series per query, whatever the number of services. Most failing first: the services with the most
 * failed requests per second (error fraction times volume, so a busy service failing 2% ranks above
 * one request in an hour failing), then the busiest of those without failures. Ranked by `topk` on
 * one score: failed/s when above 0, else -1/(1 + requests/s), which is below every failing service
 * and rises with volume.
 */
export function overviewQueries(profileId: RedProfileId, opts: { limit: number; search?: string }): OverviewQueries {
  const limit = Math.floor(Number(opts?.limit));
  if (!Number.isFinite(limit) || limit < 1 || limit > OVERVIEW_MAX) {
    throw new Error(`Invalid number of services ${JSON.stringify(opts?.limit)}: use 1 to ${OVERVIEW_MAX}.`);
  }
  const search = checkSearch(opts?.search);
  const p = redParts(profileId, { services: [], rateInterval: RANGE_INTERVAL, search });
  const top = topServices(p, limit);
  const out: OverviewQueries = {
    rate: `${p.total} and on (${p.by}) ${top}`,
    errors: `${p.ratio} and on (${p.by}) ${top}`,
    count: `count(${p.total})`,
  };
  if (search) {
    out.all = `count(${redParts(profileId, { services: [], rateInterval: RANGE_INTERVAL }).total})`;
  }
  return out;
}

/** The `limit` services with the most failed requests per second, then the busiest (see overviewQueries). */
function topServices(p: RedParts, limit: number): string {
  return `topk(${limit}, (${p.failed} > 0) or on (${p.by}) (-1 / (1 + ${p.total})))`;
}

/**
 * RED of the `limit` top services of one window (most failed requests per second, then busiest),
 * for any window: the ranking is evaluated once over `window` at its end (PromQL's `@`), so each step
 * and each window compared keeps the same services. For What changed without chosen services.
 */
export function topServicesRedQueries(
  profileId: RedProfileId,
  opts: { limit: number; window: { fromMs: number; toMs: number } }
): RedQueries {
  const seconds = Math.round((opts.window.toMs - opts.window.fromMs) / 1000);
  const atSeconds = Math.round(opts.window.toMs / 1000);
  if (!(seconds > 0) || !(opts.limit >= 1 && opts.limit <= OVERVIEW_MAX)) {
    throw new Error('Invalid window or number of services for the top services.');
  }
  const rank = redParts(profileId, { services: [], rateInterval: `${seconds}s`, atSeconds });
  const top = topServices(rank, Math.floor(opts.limit));
  const q = redQueries(profileId, { services: [] });
  const only = (expr: string) => `(${expr}) and on (${rank.by}) ${top}`;
  return { rate: only(q.rate), errors: only(q.errors), duration: only(q.duration) };
}

/** The overview's order on the rows it got: most failed requests per second, then busiest, then by name. */
export function overviewOrder(
  a: { service: string; rate?: number; errorFraction?: number },
  b: { service: string; rate?: number; errorFraction?: number }
): number {
  const failed = (r: typeof a) => (r.rate ?? 0) * (r.errorFraction ?? 0);
  return failed(b) - failed(a) || (b.rate ?? 0) - (a.rate ?? 0) || a.service.localeCompare(b.service);
}

/**
 * For the rows on screen only: each service's p95 over the range (instant), and its error fraction
 * over time for the sparkline (range; the runner's maxDataPoints bounds the points).
 */
export function visibleRowsQueries(profileId: RedProfileId, services: string[]) {
  const list = cleanValues(services);
  if (list.length === 0) {
    throw new Error('No services to ask for.');
  }
  return {
    duration: redParts(profileId, { services: list, rateInterval: RANGE_INTERVAL }).p95,
    spark: redParts(profileId, { services: list }).ratio,
  };
}

// ---- Correlation health: series selectors for Prometheus's label and exemplar APIs ----

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function checkedName(name: string, pattern: RegExp, what: string): string {
  if (typeof name !== 'string' || !pattern.test(name)) {
    throw new Error(`Invalid ${what} ${JSON.stringify(String(name).slice(0, 80))}.`);
  }
  return name;
}

/** A label name Prometheus accepts, else throws (label APIs take the name in their path). */
export function promLabelName(name: string): string {
  return checkedName(name, LABEL_NAME, 'label name');
}

/** `{__name__=~"a|b"}`: the series of any of these metrics (a label API's `match[]`). */
export function metricNamesSelector(names: string[]): string {
  const list = cleanValues(names).map((n) => checkedName(n, METRIC_NAME, 'metric name'));
  if (list.length === 0) {
    throw new Error('No metric names to select.');
  }
  return `{__name__=~${goString(re2OneOf(list))}}`;
}

/** `metric{label="value", …}` with every value escaped. */
export function seriesSelector(metric: string, matchers: Record<string, string> = {}): string {
  const parts = Object.entries(matchers ?? {}).map(([label, value]) =>
    matcher(checkedName(label, LABEL_NAME, 'label name'), '=', String(value))
  );
  return `${checkedName(metric, METRIC_NAME, 'metric name')}{${parts.join(', ')}}`;
}

/** The server-request series of a RED family: its requests counter, or its duration histogram. */
export function redServerSelector(profileId: RedProfileId, metric: 'calls' | 'buckets'): string {
  if (!isRedProfileId(profileId)) {
    throw new Error(`Unknown RED metrics source ${JSON.stringify(profileId)}.`);
  }
  const profile = RED_PROFILES[profileId];
  const server = profile.serverMatcher ? { [profile.serverMatcher.label]: profile.serverMatcher.value } : {};
  return seriesSelector(metric === 'calls' ? profile.callsMetric : profile.bucketMetric, server);
}

/** Services Health asks exemplars for at most: each adds every exemplar of its server buckets. */
export const HEALTH_EXEMPLAR_SERVICES = 5;

/**
 * Health's exemplar request: one family's server duration buckets for a few services. Prometheus's
 * exemplar API answers every exemplar of every series selected, so the bound is the services (and the
 * caller's time range). Not `le="+Inf"` alone: Tempo stores an exemplar on the bucket its value falls in
 * (grafana/tempo v2.10.8 modules/generator/registry/histogram.go:165-167, `sort.SearchFloat64s`), so the
 * `+Inf` bucket only holds spans slower than the highest bound (16.384 s by default).
 */
export function healthExemplarsQuery(profileId: RedProfileId, services: string[]): string {
  if (!isRedProfileId(profileId)) {
    throw new Error(`Unknown RED metrics source ${JSON.stringify(profileId)}.`);
  }
  const list = cleanValues(services ?? []);
  if (list.length === 0) {
    throw new Error('No services to ask exemplars for.');
  }
  if (list.length > HEALTH_EXEMPLAR_SERVICES) {
    throw new Error(`Exemplars are asked for ${HEALTH_EXEMPLAR_SERVICES} services at most, not ${list.length}.`);
  }
  const profile = RED_PROFILES[profileId];
  return `${profile.bucketMetric}${selector(profile, list, false)}`;
}
