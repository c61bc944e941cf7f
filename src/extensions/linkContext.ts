import { errorsUrl, traceUrl, type UrlDataSources, type UrlTimeRange } from '../app/urls';
import { serviceOfJob } from '../correlation/serviceName';
import { normalizeTraceId } from '../correlation/traceIdValue';
import { obj, signalOfType, usableUid, type Signal } from './contextValues';

/**
 * "Investigate in Correlate" links from panels and Explore (alerts: alertLink.ts). Pure and small: it
 * runs in module.js for every panel menu Grafana opens. Missing or odd context gives no link
 * (undefined), never an error.
 */

const MAX_QUERY = 10_000;
const SERVICE_LABELS: Record<Signal, string[]> = {
  loki: ['service_name', 'service'],
  metrics: ['service', 'service_name'],
  tempo: ['resource.service.name', '.service.name'],
};

interface TargetLike {
  refId?: unknown;
  datasource?: { type?: unknown; uid?: unknown } | string | null;
  expr?: unknown;
  query?: unknown;
  queryType?: unknown;
}

const signalOf = (t: TargetLike): Signal | undefined =>
  signalOfType(typeof t.datasource === 'object' && t.datasource ? t.datasource.type : undefined);

const unquote = (s: string) => s.replace(/\\(.)/g, '$1');

// Grafana template references: `$name`, `${name}`, `${name:format}`, `[[name]]`, `[[name:format]]`.
const TEMPLATE_REF = /^(?:\$(\w+)|\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::\w+)?\]\])$/;
const HAS_TEMPLATE_REF = /\$\w|\$\{|\[\[/;

/**
 * Values of a label value that is a template reference, from the variables the panel menu's context
 * carries (`scopedVars`: a repeated panel's or row's value); none when it names no known variable.
 * A query's text is not interpolated, so `service_name="$service"` would otherwise open the errors
 * of a service literally named `$service`.
 */
function templateValues(value: string, scopedVars?: Record<string, unknown>): string[] {
  const m = TEMPLATE_REF.exec(value);
  const name = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  const scoped = name && scopedVars ? obj(scopedVars[name]) : undefined;
  const v = scoped?.value;
  const values = Array.isArray(v) ? v : [v];
  return values.filter((x): x is string => typeof x === 'string' && x !== '' && !HAS_TEMPLATE_REF.test(x));
}

/**
 * Service names a query selects: `label="x"`, or `label=~"a|b"` when every branch is a plain name.
 * A value that is a template reference is resolved from `scopedVars` when they hold it, else skipped.
 */
export function servicesInQuery(query: string, labels: string[], scopedVars?: Record<string, unknown>): string[] {
  const text = query.slice(0, MAX_QUERY);
  const found: string[] = [];
  for (const label of labels) {
    const esc = label.replace(/[.]/g, '\\.');
    const re = new RegExp(`(?:^|[{,\\s(&|])${esc}\\s*(=~|=)\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|\`([^\`]*)\`)`, 'g');
    for (const m of text.matchAll(re)) {
      const value = m[2] !== undefined ? unquote(m[2]) : (m[3] ?? '');
      if (HAS_TEMPLATE_REF.test(value)) {
        found.push(...templateValues(value, scopedVars));
      } else if (m[1] === '=') {
        found.push(value);
      } else if (/^[\w.-]+(\|[\w.-]+)*$/.test(value)) {
        found.push(...value.split('|'));
      }
    }
  }
  return [...new Set(found.filter((s) => s !== '' && s.length <= 200))];
}

/** Epoch ms or Grafana's relative text (`now-1h`); DateTime objects become ms. */
function rangeOf(value: unknown): UrlTimeRange | undefined {
  const r = obj(value);
  const one = (v: unknown): string | number | undefined => {
    if (typeof v === 'string' && v.length <= 50) {
      return v;
    }
    const n =
      typeof v === 'number'
        ? v
        : v && typeof (v as { valueOf: () => unknown }).valueOf === 'function'
          ? (v as { valueOf: () => unknown }).valueOf()
          : undefined;
    return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
  };
  const from = one(r?.from);
  const to = one(r?.to);
  return from !== undefined && to !== undefined ? { from, to } : undefined;
}

/** Path for a panel or Explore context: its queries name the signals, services and maybe a trace. */
export function linkFromQueries(context: unknown): string | undefined {
  const c = obj(context);
  const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]).map(obj).filter(Boolean) : []) as TargetLike[];
  // A panel's query may leave its data source to the panel; the panel's last request names it.
  const requested = list(obj(obj(c?.data)?.request)?.targets);
  const targets = list(c?.targets).map((t) =>
    signalOf(t) ? t : { ...t, datasource: requested.find((r) => r.refId === t.refId)?.datasource }
  );
  const services = new Set<string>();
  const dataSources: UrlDataSources = {};
  let traceId: string | undefined;
  let signals = 0;
  for (const t of targets) {
    const signal = signalOf(t);
    if (!signal) {
      continue;
    }
    signals++;
    const uid = usableUid(typeof t.datasource === 'object' && t.datasource ? t.datasource.uid : undefined);
    if (uid) {
      dataSources[signal] = uid;
    }
    const text = typeof t.expr === 'string' ? t.expr : typeof t.query === 'string' ? t.query : '';
    if (signal === 'tempo') {
      traceId = traceId ?? normalizeTraceId(text.trim());
    }
    servicesInQuery(text, SERVICE_LABELS[signal], obj(c?.scopedVars)).forEach((s) => services.add(s));
    if (signal === 'metrics') {
      // `job` from OTLP is `<namespace>/<name>`; Correlate's pages take the name, as Loki and Tempo give it.
      servicesInQuery(text, ['job'], obj(c?.scopedVars)).forEach(
        (s) => serviceOfJob(s) && services.add(serviceOfJob(s))
      );
    }
  }
  if (signals === 0) {
    return undefined;
  }
  const range = rangeOf(c?.timeRange);
  if (traceId) {
    return traceUrl(traceId, { dataSources });
  }
  return errorsUrl({ range, services: [...services], dataSources });
}

/** Never throws: a link that cannot be built is no link. */
export function safely(build: (context: unknown) => string | undefined) {
  return (context?: unknown) => {
    try {
      const path = build(context);
      return path ? { path } : undefined;
    } catch {
      return undefined;
    }
  };
}
