import { changedUrl, errorsUrl, servicesUrl, type UrlDataSources, type UrlTimeRange } from '../app/urls';
import { serviceOfJob } from '../correlation/serviceName';
import { PLUGIN_ID } from '../constants';
import { obj, signalOfType, str, usableUid, type Signal } from './contextValues';
import { servicesInQuery } from './linkContext';

/**
 * "Investigate alert in Correlate" from an alert instance or an alert rule. Grafana passes
 * (see src/test/mocks/extensionContexts.ts for the exact shapes):
 * - instance: `{ rule?, instance: { activeAt, labels, annotations, state, value } }`, where `rule` is
 *   `{ name, query, labels, annotations }` (or, in older versions, the whole rule object);
 * - rule: `{ name, namespace, group, expression, labels, annotations }`, where `labels` are the rule's
 *   fixed labels only and, for Grafana-managed rules, `expression` is the JSON of the rule's queries.
 * The service comes from the labels, then the annotations, then the query's matchers. A rule that
 * watches every service (`by (service)`) has none: its link opens every service, ranked by failures
 * when the rule is on metrics, or the errors of every service otherwise. Pure; never throws.
 */

export interface AlertLinkOptions {
  /** The type of a data source by uid (Grafana's data source service): rule queries name only uids. */
  dataSourceType?: (uid: string) => string | undefined;
  /** Now, in epoch ms: an instance's time must not lie in the future. */
  now?: number;
}

const BEFORE_FIRING_MS = 30 * 60_000;
const DAY_MS = 24 * 3_600_000;
// A Normal instance has activeAt "0001-01-01T00:00:00Z" (Go's zero time): anything before this is
// no time at all, and a range starting there is refused by Loki.
const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);
const MAX_EXPRESSION = 100_000;
const LABEL_KEYS = ['service', 'service_name', 'job'];
const QUERY_LABELS = ['service', 'service_name', 'resource.service.name', '.service.name'];
const ORIGIN_LABEL = '__grafana_origin';
const CORRELATE_PATH = `/a/${PLUGIN_ID}/`;

interface AlertQuery {
  text: string;
  signal?: Signal;
  uid?: string;
}

/** A service name fit for a link. `job` is `<namespace>/<service>` when the metrics came through OTLP. */
function serviceName(value: unknown, key?: string): string | undefined {
  const s = str(value)?.trim();
  if (!s || s.includes('{{') || s.length > 200) {
    return undefined;
  }
  return key === 'job' ? serviceOfJob(s) || undefined : s;
}

function serviceFromLabels(labelSets: Array<Record<string, unknown> | undefined>): string | undefined {
  for (const key of LABEL_KEYS) {
    for (const labels of labelSets) {
      const service = serviceName(labels?.[key], key);
      if (service) {
        return service;
      }
    }
  }
  return undefined;
}

/** A Correlate link in an annotation (as our demo rule has): the service it opens. */
function serviceFromCorrelateUrl(value: string): string | undefined {
  const at = value.indexOf(CORRELATE_PATH);
  if (at < 0 || value.includes('{{')) {
    return undefined;
  }
  try {
    const url = new URL(value.slice(at), 'http://correlate.invalid');
    const [page, name] = url.pathname.slice(CORRELATE_PATH.length).split('/');
    return page === 'services' && name
      ? serviceName(decodeURIComponent(name))
      : serviceName(url.searchParams.get('var-services'));
  } catch {
    return undefined;
  }
}

function serviceFromAnnotations(sets: Array<Record<string, unknown> | undefined>): string | undefined {
  for (const annotations of sets) {
    const named = serviceName(annotations?.service) ?? serviceName(annotations?.service_name);
    if (named) {
      return named;
    }
    for (const value of Object.values(annotations ?? {})) {
      const linked = typeof value === 'string' ? serviceFromCorrelateUrl(value) : undefined;
      if (linked) {
        return linked;
      }
    }
  }
  return undefined;
}

const hasCorrelateLink = (sets: Array<Record<string, unknown> | undefined>) =>
  sets.some((a) => Object.values(a ?? {}).some((v) => typeof v === 'string' && v.includes(CORRELATE_PATH)));

/**
 * The rule's queries. A Grafana-managed rule's expression is the JSON of its queries
 * (`[{ refId, datasourceUid, model: { expr } }, …]`); a data source rule's is its query text.
 */
function queriesOf(expression: string | undefined, typeOf: AlertLinkOptions['dataSourceType']): AlertQuery[] {
  const text = (expression ?? '').slice(0, MAX_EXPRESSION).trim();
  if (!text.startsWith('[')) {
    return text ? [{ text }] : [];
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [{ text }];
  }
  return (Array.isArray(data) ? data : []).flatMap((item): AlertQuery[] => {
    const q = obj(item);
    const uid = str(q?.datasourceUid);
    const model = obj(q?.model);
    if (!q || !uid || uid === '__expr__' || uid === '-100') {
      return []; // server-side expressions (reduce, threshold, math) query nothing
    }
    const type = str(obj(model?.datasource)?.type) ?? typeOf?.(uid);
    return [{ text: str(model?.expr) ?? str(model?.query) ?? '', signal: signalOfType(type), uid: usableUid(uid) }];
  });
}

function servicesOfQueries(queries: AlertQuery[]): string[] {
  const found = queries.flatMap((q) => [
    ...servicesInQuery(q.text, QUERY_LABELS),
    ...servicesInQuery(q.text, ['job']).map((s) => serviceName(s, 'job') ?? ''),
  ]);
  return [...new Set(found.filter(Boolean))];
}

/** The instance's time, or undefined for a zero, unreadable or impossible one. */
function firingTime(value: unknown, now: number): number | undefined {
  const t = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(t) && t >= EARLIEST_PLAUSIBLE_MS && t <= now + DAY_MS ? t : undefined;
}

interface AlertTarget {
  services: string[];
  dataSources: UrlDataSources;
  /** When the instance fired, if known. */
  at?: number;
  queries: AlertQuery[];
}

/** What an alert is about: its services, data sources and firing time; undefined for an alert Correlate cannot show. */
function alertTarget(context: unknown, options: AlertLinkOptions): AlertTarget | undefined {
  const c = obj(context);
  const instance = obj(c?.instance);
  const rule = instance ? obj(c?.rule) : c && ('expression' in c || 'labels' in c || 'name' in c) ? c : undefined;
  if (!instance && !rule) {
    return undefined;
  }
  // Older Grafana passes the whole rule object, whose labels may sit on its Prometheus or ruler form.
  const labelSets = [
    obj(instance?.labels),
    obj(rule?.labels),
    obj(obj(rule?.promRule)?.labels),
    obj(obj(rule?.rulerRule)?.labels),
  ];
  const annotationSets = [obj(instance?.annotations), obj(rule?.annotations)];
  const queries = queriesOf(str(rule?.expression) ?? str(rule?.query), options.dataSourceType);

  const labelled = serviceFromLabels(labelSets) ?? serviceFromAnnotations(annotationSets);
  const services = labelled ? [labelled] : servicesOfQueries(queries);
  const ours = labelSets.some((l) => l?.[ORIGIN_LABEL] === `plugin/${PLUGIN_ID}`) || hasCorrelateLink(annotationSets);
  const onOurSignals = queries.some((q) => q.signal);
  if (services.length === 0 && !ours && !onOurSignals) {
    return undefined; // an alert on something Correlate cannot show (disk space, a synthetic check, ...)
  }

  const dataSources: UrlDataSources = {};
  for (const q of queries) {
    if (q.signal && q.uid && !dataSources[q.signal]) {
      dataSources[q.signal] = q.uid;
    }
  }
  return { services, dataSources, queries, at: firingTime(instance?.activeAt, options.now ?? Date.now()) };
}

export function linkFromAlert(context: unknown, options: AlertLinkOptions = {}): string | undefined {
  const target = alertTarget(context, options);
  if (!target) {
    return undefined;
  }
  const { services, dataSources, queries, at } = target;
  const range: UrlTimeRange =
    at === undefined ? { from: 'now-1h', to: 'now' } : { from: at - BEFORE_FIRING_MS, to: 'now' };
  if (services.length > 0) {
    return errorsUrl({ range, services, dataSources });
  }
  // Every service: a rule on metrics (an error rate `by (service)`) is best answered by the services
  // ranked by error fraction; any other by the errors of every service.
  return queries.some((q) => q.signal === 'metrics')
    ? servicesUrl({ range, dataSources })
    : errorsUrl({ range, dataSources });
}

/** Half the incident window What changed compares around an instance's firing time. */
const AROUND_FIRING_MS = 15 * 60_000;

/**
 * "What changed before this alert": What changed for the alert's service (every service for a rule
 * watching them all), the incident window from 15 minutes before the instance fired to 15 minutes
 * after (or now), against the same length before; the last 30 minutes when the time is unknown.
 */
export function changedLinkFromAlert(context: unknown, options: AlertLinkOptions = {}): string | undefined {
  const target = alertTarget(context, options);
  if (!target) {
    return undefined;
  }
  const now = options.now ?? Date.now();
  const range: UrlTimeRange =
    target.at === undefined
      ? { from: 'now-30m', to: 'now' }
      : { from: target.at - AROUND_FIRING_MS, to: Math.min(now, target.at + AROUND_FIRING_MS) };
  return changedUrl({ range, services: target.services, dataSources: target.dataSources });
}
