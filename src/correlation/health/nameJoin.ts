import { RED_PROFILES, type RedProfileId } from '../../queries/redProfiles';
import { serviceOfJob } from '../serviceName';
import { couldNotCheck, needsRedMetrics, result } from './checks';
import { count, group, nameList, plural } from './format';
import type { CheckResult, DetailRow, Fetched } from './types';

/** Why a name on one side is probably a name on the other. */
export type MismatchCause = 'namespace' | 'case' | 'separators';

export interface NearMiss {
  loki: string;
  metrics: string;
  cause: MismatchCause;
}

export interface NameJoin {
  matched: number;
  onlyLoki: string[];
  onlyMetrics: string[];
  nearMisses: NearMiss[];
}

/** The part of a name after its first `/`: the service name OTLP translation put behind the namespace. */
const afterNamespace = serviceOfJob;
const separatorsFolded = (name: string) => name.toLowerCase().replace(/[._\-\s]+/g, '_');

/**
 * Loki's `service_name` values against the metrics' service label values. For a family whose label is
 * `job` as OTLP writes it, the metrics' names are taken as Correlate reads them (without the
 * namespace). Names on one side only are matched to the other side's leftovers by the usual
 * real-world mismatches: a `namespace/` prefix, case, dots versus underscores. Linear in the names.
 */
export function joinNames(lokiNames: string[], metricNames: string[], namespacedJob = false): NameJoin {
  const metrics = new Set(metricNames.map((n) => (namespacedJob ? afterNamespace(n) : n)));
  const loki = new Set(lokiNames);
  const onlyLoki = [...loki].filter((n) => !metrics.has(n)).sort();
  const onlyMetrics = [...metrics].filter((n) => !loki.has(n)).sort();
  const matched = loki.size - onlyLoki.length;
  // Each leftover metrics name under each folded form; a form maps to the first name holding it.
  const keys: Array<[MismatchCause, (n: string) => string]> = [
    ['namespace', (n) => afterNamespace(n)],
    ['case', (n) => n.toLowerCase()],
    ['separators', separatorsFolded],
    ['namespace', (n) => separatorsFolded(afterNamespace(n))],
  ];
  const indexes = keys.map(([, fold]) => {
    const index = new Map<string, string>();
    for (const m of onlyMetrics) {
      const k = fold(m);
      if (!index.has(k)) {
        index.set(k, m);
      }
    }
    return index;
  });
  const used = new Set<string>();
  const nearMisses: NearMiss[] = [];
  for (const l of onlyLoki) {
    for (let k = 0; k < keys.length; k++) {
      const [cause, fold] = keys[k];
      const m = indexes[k].get(fold(l));
      if (m !== undefined && !used.has(m)) {
        used.add(m);
        nearMisses.push({ loki: l, metrics: m, cause });
        break;
      }
    }
  }
  const missed = new Set(nearMisses.map((n) => n.loki));
  return {
    matched,
    onlyLoki: onlyLoki.filter((n) => !missed.has(n)),
    onlyMetrics: onlyMetrics.filter((n) => !used.has(n)),
    nearMisses,
  };
}

const CAUSE_TEXT: Record<MismatchCause, string> = {
  namespace: 'one side names the service `<namespace>/<name>`, as a `job` label does',
  case: 'the names differ only in case',
  separators: 'the names differ in dots, dashes or underscores',
};

function fixFor(causes: Set<MismatchCause>, profileId: RedProfileId, nearMisses: NearMiss[]): string {
  const fixes: string[] = [];
  if (causes.has('namespace')) {
    const metricsPrefixed = nearMisses.some((n) => n.cause === 'namespace' && n.metrics.includes('/'));
    fixes.push(
      metricsPrefixed
        ? profileId === 'otel-http'
          ? 'The metrics carry `job` with a namespace that Correlate strips, yet the names still differ: check `service.name` in the SDKs.'
          : 'The metrics name services `<namespace>/<name>`: relabel the service label to the bare name (`metric_relabel_configs`, or the collector’s transform processor), or use the `otel-http` RED source, whose `job` Correlate reads without the namespace.'
        : 'Loki names services `<namespace>/<name>`: Loki took `service_name` from a `job` label. Send `service.name` (OTLP) or a `service_name` label from the shipper instead.'
    );
  }
  if (causes.has('case') || causes.has('separators')) {
    fixes.push(
      'Use one spelling of `service.name` everywhere: set it once in the SDK resource (OTEL_SERVICE_NAME) rather than in the logger and the metrics pipeline separately, and do not rewrite it in relabeling.'
    );
  }
  return fixes.join(' ');
}

export interface ServiceNamesInput {
  lokiServices: Fetched<string[]>;
  /** The service label values of the family the app uses. */
  metricServices: Fetched<string[]>;
  profile?: RedProfileId;
  /** Services with error lines in the window (the top ones counted). */
  errorServices: Set<string>;
}

/** Set difference between Loki's `service_name` values and the RED metrics' service label values. */
export function serviceNamesCheck(input: ServiceNamesInput): CheckResult {
  if (!input.lokiServices.ok) {
    return couldNotCheck('service-names', 'Loki did not list its services', input.lokiServices.error);
  }
  if (!input.profile) {
    return needsRedMetrics(
      'service-names',
      'No RED metrics to compare with',
      'No RED metric family was found, so there are no metric service names to compare.'
    );
  }
  if (!input.metricServices.ok) {
    return couldNotCheck(
      'service-names',
      'The metrics data source did not list its services',
      input.metricServices.error
    );
  }
  const profile = RED_PROFILES[input.profile];
  const join = joinNames(input.lokiServices.value, input.metricServices.value, profile.namespacedJob);
  const onlyLokiWithErrors = join.onlyLoki.filter((n) => input.errorServices.has(n));
  const figure = `${plural(join.matched, 'service')} in both; ${count(join.onlyLoki.length + join.nearMisses.length)} only in Loki, ${count(join.onlyMetrics.length + join.nearMisses.length)} only in the metrics (${profile.serviceLabel})${join.nearMisses.length ? `; ${plural(join.nearMisses.length, 'near miss', 'near misses')}` : ''}`;
  const missRows: DetailRow[] = join.nearMisses.map((n) => ({
    name: `${n.loki} ↔ ${n.metrics}`,
    figure: n.cause,
    state: 'degraded',
  }));
  const lokiRows: DetailRow[] = [...join.onlyLoki]
    .sort((a, b) => Number(input.errorServices.has(b)) - Number(input.errorServices.has(a)))
    .map((n) => ({
      name: n,
      figure: input.errorServices.has(n) ? 'has error logs, no RED metrics' : 'logs only',
      state: input.errorServices.has(n) ? 'degraded' : undefined,
    }));
  const details = [
    group('Near misses (Loki ↔ metrics)', missRows),
    group('Only in Loki', lokiRows),
    group(
      `Only in the metrics (${profile.serviceLabel})`,
      join.onlyMetrics.map((n) => ({ name: n, figure: 'metrics only' }))
    ),
  ];
  const lokiCount = input.lokiServices.value.length;
  const metricCount = input.metricServices.value.length;
  if (join.matched === 0 && lokiCount > 0 && metricCount > 0) {
    const causes = new Set(join.nearMisses.map((n) => n.cause));
    return result('service-names', {
      state: 'broken',
      figure,
      cause: `No service has the same name in Loki and in the metrics, so no log opens RED graphs${causes.size ? `: ${[...causes].map((c) => CAUSE_TEXT[c]).join('; ')}` : ''}.`,
      fix: causes.size
        ? fixFor(causes, input.profile, join.nearMisses)
        : `Loki has ${nameList(input.lokiServices.value)}, the metrics ${nameList(input.metricServices.value)}: make \`service.name\` the same for logs and traces.`,
      details,
    });
  }
  if (join.nearMisses.length > 0) {
    const causes = new Set(join.nearMisses.map((n) => n.cause));
    const first = join.nearMisses[0];
    return result('service-names', {
      state: 'degraded',
      figure,
      cause: `${plural(join.nearMisses.length, 'service')} ${join.nearMisses.length === 1 ? 'is' : 'are'} named differently, for example \`${first.loki}\` in Loki and \`${first.metrics}\` in the metrics: ${[...causes].map((c) => CAUSE_TEXT[c]).join('; ')}.`,
      fix: fixFor(causes, input.profile, join.nearMisses),
      details,
    });
  }
  if (onlyLokiWithErrors.length > 0) {
    return result('service-names', {
      state: 'degraded',
      figure,
      cause: `${nameList(onlyLokiWithErrors)} ${onlyLokiWithErrors.length === 1 ? 'logs' : 'log'} errors but ${onlyLokiWithErrors.length === 1 ? 'has' : 'have'} no RED metrics: no server spans (or HTTP server metrics) under that name.`,
      fix: 'Instrument its request handling (server spans), or, if it serves no requests (a batch job), nothing is wrong.',
      details,
    });
  }
  return result('service-names', { state: 'ok', figure, details });
}
