import { normalizeTraceId } from '../correlation/traceIdValue';
import { cleanValues, goString, re2Literal, re2OneOf } from './goString';

/**
 * LogQL builders. Pure functions: every value is escaped here, so any service name or search text
 * reaches Loki as exactly that literal.
 */

export const SERVICE_LABEL = 'service_name';
export const LEVEL_LABEL = 'detected_level';
export const DEFAULT_ERROR_LEVELS = ['error', 'critical', 'fatal'];
/** Structured metadata key OpenTelemetry logs carry their trace id under. */
export const TRACE_ID_LABEL = 'trace_id';

export interface ErrorLogsOptions {
  services: string[];
  levels?: string[];
  search?: string;
}

/** Stream selector for the services: one matcher (`=`, `=~` of an alternation, or all services). */
export function serviceSelector(services: string[]): string {
  const list = cleanValues(services);
  if (list.length === 0) {
    // Loki needs one matcher that cannot match the empty string.
    return `{${SERVICE_LABEL}=~".+"}`;
  }
  if (list.length === 1) {
    return `{${SERVICE_LABEL}=${goString(list[0])}}`;
  }
  return `{${SERVICE_LABEL}=~${goString(re2OneOf(list))}}`;
}

/**
 * Level filter on `detected_level`, which Loki fills from the OpenTelemetry severity or from the
 * line's own level field, so OTLP and pushed JSON logs are filtered alike. Case-insensitive because
 * producers write `ERROR`, `Error` and `error`.
 */
function levelFilter(levels: string[] | undefined): string {
  const list = cleanValues(levels ?? DEFAULT_ERROR_LEVELS).filter((l) => l.trim() !== '');
  if (list.length === 0) {
    return '';
  }
  return ` | ${LEVEL_LABEL}=~${goString(`(?i)${re2OneOf(list)}`)}`;
}

/** Case-insensitive line filter containing exactly the typed text. */
function searchFilter(search: string | undefined): string {
  if (typeof search !== 'string' || search.trim() === '') {
    return '';
  }
  return ` |~ ${goString(`(?i)${re2Literal(search)}`)}`;
}

/** Error log lines of the services (all services when none are given). */
export function errorLogsQuery(opts: ErrorLogsOptions): string {
  return serviceSelector(opts?.services ?? []) + levelFilter(opts?.levels) + searchFilter(opts?.search);
}

const INTERVAL = /^[1-9]\d{0,5}(ms|s|m|h|d)$/;

function checkInterval(interval: string | undefined): string {
  const i = interval ?? '$__auto';
  if (i !== '$__auto' && !INTERVAL.test(i)) {
    throw new Error(`Invalid interval ${JSON.stringify(i)}: use a duration such as 5m.`);
  }
  return i;
}

/**
 * Whether the volume can be grouped by service: only over a bounded set of services. Loki refuses a
 * metric query with more than `max_query_series` (500) series, in the result or in any shard's
 * (grafana/loki v3.7.6 pkg/logql/engine.go:536-548). With no selection, "every service" is grouped
 * only when Loki's own `service_name` values for the range (`knownServices`, which the page's services
 * picker already loads) are few enough; an unknown count is never grouped.
 */
export function volumePerService(services: string[], knownServices = 0): boolean {
  const n = cleanValues(services).length;
  const bounded = (count: number) => count > 0 && count <= SERVICE_BATCH.maxServices;
  return n > 0 ? bounded(n) : Number.isFinite(knownServices) && bounded(knownServices);
}

/**
 * Error lines over time: per service for a bounded selection of services (see volumePerService),
 * else the total. `$__auto` is Grafana's Loki interval variable, replaced with the panel's step before
 * the query is sent; `interval` (a LogQL duration such as `5m`) replaces it where the caller knows the
 * step. Anything else is refused.
 */
export function errorVolumeQuery(opts: ErrorLogsOptions & { interval?: string; knownServices?: number }): string {
  if (!volumePerService(opts?.services ?? [], opts?.knownServices)) {
    return errorTotalQuery(opts);
  }
  const interval = checkInterval(opts?.interval);
  return `sum by (${SERVICE_LABEL}) (count_over_time(${errorLogsQuery(opts)} [${interval}]))`;
}

/**
 * Error lines over time, all the services' together: one series. Loki shards the outer `sum` whole
 * (grafana/loki v3.7.6 pkg/logql/shardmapper.go:244-246), so each shard answers one series too.
 */
export function errorTotalQuery(opts: ErrorLogsOptions & { interval?: string }): string {
  const interval = checkInterval(opts?.interval);
  return `sum(count_over_time(${errorLogsQuery(opts)} [${interval}]))`;
}

function requireTraceId(traceId: string): string {
  const id = normalizeTraceId(traceId);
  if (!id) {
    throw new Error(
      `Not a trace id: ${JSON.stringify(String(traceId).slice(0, 80))}. A trace id is 32 (or 16) hex characters.`
    );
  }
  return id;
}

/** A structured-metadata key as Loki stores it: dots and other characters become underscores. */
export function lokiLabelName(name: string): string | undefined {
  if (typeof name !== 'string') {
    return undefined;
  }
  const cleaned = name.trim().replace(/[^A-Za-z0-9_]/g, '_');
  if (cleaned === '' || /^_+$/.test(cleaned)) {
    return undefined;
  }
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/** The id forms a 64-bit id may be stored under: padded and short. */
function idForms(id: string): string[] {
  return id.startsWith('0000000000000000') ? [id, id.slice(16)] : [id];
}

/**
 * The services a trace's logs are looked for in: at least one, never every stream (a trace id is
 * structured metadata, not indexed, so the stream selector is all that bounds what Loki reads).
 */
function traceServices(services: string[]): string {
  if (cleanValues(services).length === 0) {
    throw new Error('No service to look in: the logs of a trace are looked for in its own services.');
  }
  return serviceSelector(services);
}

/**
 * Logs of one trace in its services, by their `trace_id` structured metadata (and the configured
 * extra field names), every level. The filter is the first stage, before any parser, so Loki's bloom
 * filters can skip chunks without the id (grafana/loki v3.7.6 pkg/storage/bloom/v1/ast_extractor.go:
 * equality label filters, joined by `or`, before the first parse stage). Logs that carry the id only
 * in their text are found by `traceLogsTextQuery`. Throws on a string that is not a trace id, or on
 * no services.
 */
export function traceLogsQuery(traceId: string, fields: string[] = [], services: string[] = []): string {
  const id = requireTraceId(traceId);
  const selector = traceServices(services);
  const names = [TRACE_ID_LABEL];
  for (const field of Array.isArray(fields) ? fields : []) {
    const name = lokiLabelName(field);
    if (name && !names.includes(name)) {
      names.push(name);
    }
  }
  const matchers = names.flatMap((name) => idForms(id).map((form) => `${name}=${goString(form)}`));
  return `${selector} | ${matchers.join(' or ')}`;
}

/**
 * Line-filter fallback in the same services: logs whose text holds the id (any case; a 64-bit id also
 * in its short form). Blooms do not help a line filter, so the services and the window bound it.
 */
export function traceLogsTextQuery(traceId: string, services: string[] = []): string {
  const id = requireTraceId(traceId);
  const selector = traceServices(services);
  const pattern = id.startsWith('0000000000000000') ? `(?i)(?:0{16})?${id.slice(16)}` : `(?i)${id}`;
  return `${selector} |~ ${goString(pattern)}`;
}

// ---- Correlation health: counts over a whole window (instant queries) ----

/** Longest window a count may span: Loki refuses longer queries by default (`max_query_length`, 30 days 1 h). */
const MAX_WINDOW_MS = 721 * 60 * 60 * 1000;

/** A window as a LogQL range: whole seconds, at least one. Throws on a window that is not one. */
export function logqlRange(ms: number): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0 || ms > MAX_WINDOW_MS) {
    throw new Error(`Invalid window ${JSON.stringify(ms)}: a number of milliseconds from 1 to ${MAX_WINDOW_MS}.`);
  }
  return `${Math.max(1, Math.round(ms / 1000))}s`;
}

/** Longest window the level count reads: every line of every stream, so its cost follows total log volume. */
export const LEVEL_COUNT_WINDOW_MS = 15 * 60 * 1000;

function checkTop(top: number): number {
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > 10_000) {
    throw new Error(`Invalid top ${JSON.stringify(top)}: a whole number from 1 to 10000.`);
  }
  return top;
}

export interface WindowCountOptions {
  /** Error levels (as `errorLogsQuery` reads them). */
  levels?: string[];
  /** The window the count spans, in milliseconds; an instant query at the window's end. */
  rangeMs: number;
}

function errorLinesOverWindow(opts: WindowCountOptions): string {
  return `count_over_time(${errorLogsQuery({ services: [], levels: opts?.levels })} [${logqlRange(opts?.rangeMs)}])`;
}

/**
 * Error lines per service of one batch of services over the window (instant query): at most one
 * series per service of the batch, so a batch under Loki's `max_query_series` (500) is answered
 * whatever the number of services. Throws on an empty batch (that would select every stream).
 */
export function errorsByServiceQuery(opts: WindowCountOptions & { services: string[]; search?: string }): string {
  if (cleanValues(opts?.services).length === 0) {
    throw new Error('No services to count: a per-service count needs at least one service.');
  }
  const errors = errorLogsQuery({ services: opts.services, levels: opts?.levels, search: opts?.search });
  return `sum by (${SERVICE_LABEL}) (count_over_time(${errors} [${logqlRange(opts?.rangeMs)}]))`;
}

/**
 * The `top` services of one batch with the most error lines over the window (instant query): the
 * answer holds at most `top` series, and each shard's (Loki shards the `sum by` child of a `topk`)
 * at most one per service of the batch, under `max_query_series` (see SERVICE_BATCH). With no
 * service chosen, the pages read lines only of the services this finds.
 */
export function topErrorServicesQuery(
  opts: WindowCountOptions & { services: string[]; search?: string; top: number }
): string {
  return `topk(${checkTop(opts?.top)}, ${errorsByServiceQuery(opts)})`;
}

/**
 * The `top` services with the most error lines over the window, over every service (instant query):
 * a count bounded by the window, for a page with no service chosen and no list of services to batch.
 * Loki refuses it where more than 500 services log in a shard (`max_query_series`); the caller then
 * asks the user to pick services.
 */
export function topErrorServicesOfAllQuery(opts: WindowCountOptions & { top: number }): string {
  return `topk(${checkTop(opts?.top)}, sum by (${SERVICE_LABEL}) (${errorLinesOverWindow(opts)}))`;
}

/**
 * Loki refuses a metric query whose result, or any shard's result, holds more than `max_query_series`
 * (500) series; `topk` and `count` do not help, as Loki shards their `sum by` child
 * (grafana/loki v3.7.6 pkg/logql/shardmapper.go:240-345). Grouping by service is therefore done over
 * batches of services, each under the limit, and each short enough to fit in a URL (Grafana's Loki
 * back end sends queries as GET; a proxy's default header buffer is 8 KB).
 */
export const SERVICE_BATCH = { maxServices: 400, maxChars: 4000 };

/** The services in batches of at most `maxServices` and `maxChars` of names (a longer name alone). */
export function serviceBatches(services: string[], limits = SERVICE_BATCH): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const s of cleanValues(services)) {
    const size = re2Literal(s).length + 1;
    if (current.length > 0 && (current.length >= limits.maxServices || chars + size > limits.maxChars)) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(s);
    chars += size;
  }
  return current.length ? [...batches, current] : batches;
}

/** Error lines of every service in the window (instant query; one series). */
export function errorLineCountQuery(opts: WindowCountOptions): string {
  return `sum(${errorLinesOverWindow(opts)})`;
}

/**
 * Lines per `detected_level` over the window, every service, the `top` levels with the most (instant
 * query). Lines without `detected_level` form the series without that label. It reads every line of
 * the window, so callers keep the window short (see LEVEL_COUNT_WINDOW_MS).
 */
export function levelCountsQuery(opts: { rangeMs: number; top: number }): string {
  return `topk(${checkTop(opts?.top)}, sum by (${LEVEL_LABEL}) (count_over_time(${serviceSelector([])} [${logqlRange(opts?.rangeMs)}])))`;
}
