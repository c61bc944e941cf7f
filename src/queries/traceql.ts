import { cleanValues, hasTemplateSyntax, re2Literal } from './goString';
import { normalizeTraceId } from '../correlation/traceIdValue';

/**
 * TraceQL builders. Several services become one parenthesised `||` of exact matches.
 */

export const SERVICE_ATTRIBUTE = 'resource.service.name';
/** Longest duration threshold accepted: a day. Anything longer is a typo, not a threshold. */
const MAX_DURATION_MS = 24 * 60 * 60 * 1000;
/**
 * What the app calls a slow request: a server span of 1 s or more. The service detail's "Slow
 * traces" table and What changed's slow spans use the same figure, so a slow row's evidence is
 * what that table lists.
 */
export const SLOW_SPAN_MS = 1000;

export interface TraceFilterOptions {
  services: string[];
  minDurationMs?: number;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A TraceQL string literal for a plain value. Grafana's TraceQL grammar knows only the `\\` and
 * `\"` escapes, so values with control characters or template syntax go through `exactMatch`.
 */
export function traceqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** RE2 pattern for exactly `value`; control characters and `$` are written as `\xNN`. */
function exactPattern(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 || c === 0x7f || ch === '$') {
      out += '\\x' + c.toString(16).padStart(2, '0');
    } else {
      out += re2Literal(ch);
    }
  }
  return `^(?:${out})$`;
}

/**
 * `attribute = "value"` for plain values. Values with control characters or Grafana template
 * syntax become an anchored regex that matches exactly that value, because no TraceQL literal both
 * parses in Grafana and survives Grafana's interpolation unchanged.
 */
export function exactMatch(attribute: string, value: string): string {
  const v = value.replace(LONE_SURROGATE, '\ufffd');
  if (!CONTROL.test(v) && !hasTemplateSyntax(v)) {
    return `${attribute} = ${traceqlString(v)}`;
  }
  return `${attribute} =~ ${traceqlString(exactPattern(v))}`;
}

/** The services condition, or '' for all services. */
function servicesCondition(services: string[]): string {
  const list = cleanValues(services);
  if (list.length === 0) {
    return '';
  }
  if (list.length === 1) {
    return exactMatch(SERVICE_ATTRIBUTE, list[0]);
  }
  return `(${list.map((s) => exactMatch(SERVICE_ATTRIBUTE, s)).join(' || ')})`;
}

/** `duration > Nms`, or '' when the threshold is missing or not a sane number of milliseconds. */
function durationCondition(minDurationMs: number | undefined, op: '>' | '>='): string {
  if (typeof minDurationMs !== 'number' || !Number.isFinite(minDurationMs) || minDurationMs <= 0) {
    return '';
  }
  const ms = Math.min(Math.round(minDurationMs), MAX_DURATION_MS);
  return ms > 0 ? `duration ${op} ${ms}ms` : '';
}

function spanset(conditions: string[]): string {
  const parts = conditions.filter((c) => c !== '');
  return `{ ${parts.join(' && ')} }`;
}

/** Traces with an error span in the services (all when none), optionally slower than a threshold. */
export function errorTracesQuery(opts: TraceFilterOptions): string {
  return spanset([
    servicesCondition(opts?.services ?? []),
    'status = error',
    durationCondition(opts?.minDurationMs, '>'),
  ]);
}

/** Server spans of the services at or above the threshold (default SLOW_SPAN_MS): the slow requests. */
export function slowTracesQuery(opts: TraceFilterOptions): string {
  const threshold = durationCondition(opts?.minDurationMs, '>=') || durationCondition(SLOW_SPAN_MS, '>=');
  return spanset([servicesCondition(opts?.services ?? []), 'kind = server', threshold]);
}

/**
 * The query text that looks one trace up by id: Grafana's Tempo data source fetches a TraceQL query
 * whose whole text is hex by id (`isTraceIdQuery`). Only a valid trace id passes; anything else throws.
 */
export function traceIdLookupQuery(traceId: string): string {
  const id = normalizeTraceId(traceId);
  if (!id) {
    throw new Error(`Not a trace id: ${JSON.stringify(String(traceId).slice(0, 80))}.`);
  }
  return id;
}

/** Values per attribute TraceQL `compare()` returns (Tempo's default is 10). */
export const COMPARE_TOP_VALUES = 20;

/** The services' server spans, split by `filter` with TraceQL metrics `compare()`. */
function compareQuery(services: string[], filter: string, topN: number | undefined): string {
  const n = Math.min(100, Math.max(1, Math.round(topN ?? COMPARE_TOP_VALUES)));
  return `${spanset([servicesCondition(services ?? []), 'kind = server'])} | compare(${filter}, ${n})`;
}

/**
 * The services' server spans split by failure: TraceQL metrics `compare()` with failing spans as the
 * selection. Tempo returns, per attribute value, a count series for failing spans (`selection`) and
 * for the others (`baseline`). Server spans only: the RED figures count server requests, and Tempo's
 * local blocks keep server spans only by default (`filter_server_spans`).
 */
export function failureCompareQuery(opts: { services: string[]; topN?: number }): string {
  return compareQuery(opts?.services, spanset(['status = error']), opts?.topN);
}

/**
 * The same split by slowness: server spans at or above SLOW_SPAN_MS (or a sane `minDurationMs`) are
 * the selection, the form Tempo's documentation gives for "what is different about slow spans?".
 * Tempo never groups by a duration, so the threshold does not become an attribute of the answer.
 */
export function slowCompareQuery(opts: { services: string[]; topN?: number; minDurationMs?: number }): string {
  const threshold = durationCondition(opts?.minDurationMs, '>=') || durationCondition(SLOW_SPAN_MS, '>=');
  return compareQuery(opts?.services, spanset([threshold]), opts?.topN);
}

/** Attributes a sample of spans is asked for when Tempo cannot run `compare()`. */
export const SAMPLED_ATTRIBUTES = [
  'status',
  'resource.service.version',
  'span.http.route',
  'span.http.response.status_code',
  'resource.k8s.pod.name',
  'resource.host.name',
  'span.db.system',
  'span.rpc.method',
];

/** The services' server spans with the attributes the fallback compares (a TraceQL search). */
export function spanSampleQuery(opts: { services: string[] }): string {
  return `${spanset([servicesCondition(opts?.services ?? []), 'kind = server'])} | select(${SAMPLED_ATTRIBUTES.join(', ')})`;
}

const INTRINSICS = new Set(['name', 'kind', 'status', 'statusMessage', 'duration', 'rootName', 'rootServiceName']);
const SCOPED = /^(resource|span)\.[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,200}$/;
const UNSCOPED = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,200}$/;

/**
 * An attribute name as TraceQL reads it: a scoped name (`span.http.route`) or an intrinsic as it is,
 * a name without scope (as search results give them) with a leading dot; undefined for a name that
 * would need quoting.
 */
export function traceqlAttribute(name: string): string | undefined {
  if (typeof name !== 'string') {
    return undefined;
  }
  if (INTRINSICS.has(name) || SCOPED.test(name)) {
    return name;
  }
  return UNSCOPED.test(name) ? `.${name}` : undefined;
}

/** `attribute = value` for a typed value, or undefined when the value is not one of its type. */
function typedMatch(attribute: string, value: string, type: 'string' | 'number' | 'bool'): string | undefined {
  if (type === 'number') {
    return /^-?\d{1,18}(\.\d{1,18})?$/.test(value) ? `${attribute} = ${value}` : undefined;
  }
  if (type === 'bool') {
    return value === 'true' || value === 'false' ? `${attribute} = ${value}` : undefined;
  }
  return exactMatch(attribute, value);
}

/** Which of the spans with a value an attribute row shows: failing, slow (SLOW_SPAN_MS), or all (a version's). */
export type SpansAmong = 'failing' | 'slow' | 'all';

/** Server spans of the services with one attribute value, failing or slow: the evidence behind an attribute row. */
export function spansWithAttributeQuery(opts: {
  services: string[];
  attribute: string;
  value: string;
  type: 'string' | 'number' | 'bool';
  /** Default `failing`. */
  among?: SpansAmong;
}): string | undefined {
  const attribute = traceqlAttribute(opts?.attribute);
  const match = attribute && typeof opts.value === 'string' ? typedMatch(attribute, opts.value, opts.type) : undefined;
  if (!match) {
    return undefined;
  }
  const among = opts.among ?? 'failing';
  return spanset([
    servicesCondition(opts.services ?? []),
    'kind = server',
    match,
    among === 'failing' ? 'status = error' : among === 'slow' ? durationCondition(SLOW_SPAN_MS, '>=') : '',
  ]);
}

/**
 * Tempo's `trace:id` intrinsic (grafana/tempo v2.10.8 pkg/traceql/enum_attributes.go:248): a search for
 * one trace by id. Tempo matches it on the trace-id column, skipping row groups by their statistics
 * (tempodb/encoding/vparquet4/block_traceql.go:2482-2490). Only a valid trace id passes; anything else throws.
 */
function traceIdCondition(traceId: string): string {
  return `trace:id = ${traceqlString(traceIdLookupQuery(traceId))}`;
}

/**
 * All spans of one trace as a TraceQL search: Tempo answers with the trace's metadata, its span count
 * (`spanSet.matched`) and per-service span and error counts (`serviceStats`), and only `spss` spans.
 */
export function traceByIdSearchQuery(traceId: string): string {
  return spanset([traceIdCondition(traceId)]);
}

/** Intrinsics asked of a trace's failing spans: enough to chain them and name the failing service. */
export const ERROR_SPAN_FIELDS = ['span:parentID', SERVICE_ATTRIBUTE, 'statusMessage', 'kind'];

/** The failing spans of one trace, with their parent and service (a TraceQL search). */
export function traceErrorSpansQuery(traceId: string): string {
  return `${spanset([traceIdCondition(traceId), 'status = error'])} | select(${ERROR_SPAN_FIELDS.join(', ')})`;
}

/**
 * What a client span says it called, asked of the slow calls: the attributes Tempo's service graph
 * names a callee by (peer.service, server.address, db.name; grafana/tempo v2.10.8
 * modules/generator/processor/servicegraphs/servicegraphs.go upsertDatabaseRequest), the database's
 * system and the statement (reduced to a fingerprint when read).
 */
export const SLOW_CALL_ATTRIBUTES = [
  'span.peer.service',
  'span.server.address',
  'span.db.name',
  'span.db.system',
  'span.db.statement',
];

/**
 * One service's client spans at or above a threshold, with what they called: a TraceQL search, so it
 * reads every span kind (Tempo's ingesters and blocks), where compare() over the last 30 minutes reads
 * the metrics-generator's local blocks, which keep server spans only by default. A missing or insane
 * threshold becomes SLOW_SPAN_MS.
 */
export function slowCallsQuery(opts: {
  service: string;
  minDurationMs?: number;
  /** Only the calls to this callee (an attribute of SLOW_CALL_ATTRIBUTES, scoped or not), for a row's link. */
  callee?: { attribute: string; value: string };
}): string {
  const service = servicesCondition([opts?.service ?? '']);
  if (!service) {
    throw new Error('No service to search the slow calls of.');
  }
  const threshold = durationCondition(opts.minDurationMs, '>=') || durationCondition(SLOW_SPAN_MS, '>=');
  const name = opts.callee && `span.${opts.callee.attribute.replace(/^span\./, '')}`;
  if (name && !SLOW_CALL_ATTRIBUTES.includes(name)) {
    throw new Error(`Not an attribute of a call: ${JSON.stringify(String(opts.callee!.attribute).slice(0, 80))}.`);
  }
  const callee = name ? exactMatch(name, String(opts.callee!.value)) : '';
  return `${spanset([service, 'kind = client', threshold, callee])} | select(${SLOW_CALL_ATTRIBUTES.join(', ')})`;
}

/** Versions one latency query asks for at most: a deploy's new versions and the ones they replace. */
export const MAX_LATENCY_VERSIONS = 10;

/**
 * The duration histogram of the services' server spans at these versions, per version: TraceQL metrics
 * `histogram_over_time(duration) by (<version attribute>)`. Tempo counts each span in the power-of-two
 * bucket of its duration, a `__bucket` label in seconds (grafana/tempo v2.10.8 pkg/traceql/ast_metrics.go
 * bucketizeDuration), the buckets `quantile_over_time` reads its quantiles from. Counts add up over steps
 * and versions, so one version's p95 over a whole window, or several old versions' together, is exact
 * where `quantile_over_time` gives one per step. Undefined when no version can be matched.
 */
export function versionLatencyQuery(opts: {
  services: string[];
  attribute: string;
  versions: Array<{ value: string; type: 'string' | 'number' | 'bool' }>;
}): string | undefined {
  const attribute = traceqlAttribute(opts?.attribute);
  if (!attribute || !Array.isArray(opts.versions)) {
    return undefined;
  }
  const matches = opts.versions
    .slice(0, MAX_LATENCY_VERSIONS)
    .map((v) => (v && typeof v.value === 'string' ? typedMatch(attribute, v.value, v.type) : undefined))
    .filter((m): m is string => Boolean(m));
  const unique = matches.filter((m, i) => matches.indexOf(m) === i);
  if (unique.length === 0) {
    return undefined;
  }
  const versions = unique.length === 1 ? unique[0] : `(${unique.join(' || ')})`;
  return `${spanset([servicesCondition(opts.services ?? []), 'kind = server', versions])} | histogram_over_time(duration) by (${attribute})`;
}
