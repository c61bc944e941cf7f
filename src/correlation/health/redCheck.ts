import { RED_DETECTION_ORDER, RED_PROFILES, type RedProfileId } from '../../queries/redProfiles';
import { SERVICE_GRAPH_METRICS, UNKNOWN_CLIENT } from '../../queries/serviceGraph';
import type { RedDetection } from '../../settings/redDetection';
import { couldNotCheck, dataSourceLink, result } from './checks';
import { count, group, nameList, plural } from './format';
import { joinNames } from './nameJoin';
import type { CheckResult, DetailRow, Fetched } from './types';

/**
 * Mimir's default per-tenant series limit (grafana/mimir pkg/util/validation/limits.go,
 * -ingester.max-global-series-per-user, 150000; stored copy, 2.17 tag not fetched). Tempo's span
 * metrics of 3,000 services are about 720,000 bucket series, so past it samples are refused at
 * ingestion and RED goes missing for whole services.
 */
export const MIMIR_DEFAULT_SERIES_PER_TENANT = 150_000;
/** At least this many Loki services, and this share of them, without RED before the limit is named. */
const MISSING_MIN = 10;
const MISSING_SHARE = 0.25;

export interface RedCheckInput {
  /** The family the app uses: configured, or found by `auto` detection. */
  detection: RedDetection;
  /** The service label values of each family's server series in the window. */
  familyServices: Partial<Record<RedProfileId, Fetched<string[]>>>;
  /** Which of the known metric names have series in the window. */
  metricNames: Fetched<string[]>;
  metricsUid?: string;
  /** Loki's `service_name` values in the window: services that log but have no RED series point at ingestion limits. */
  lokiServices?: Fetched<string[]>;
}

/** Loki services without RED series (names that differ only in form are the name check's business). */
function servicesWithoutRed(input: RedCheckInput, profile: RedProfileId, own: string[]): string[] {
  if (!input.lokiServices?.ok) {
    return [];
  }
  const join = joinNames(input.lokiServices.value, own, RED_PROFILES[profile].namespacedJob);
  const near = new Set(join.nearMisses.map((m) => m.loki));
  return join.onlyLoki.filter((n) => !near.has(n));
}

/** Which RED family the app uses, and does it have series (and a duration histogram) in the window? */
export function redCheck(input: RedCheckInput): CheckResult {
  const links = dataSourceLink(input.metricsUid, 'Metrics data source');
  const { detection, familyServices, metricNames } = input;
  const servicesOf = (id: RedProfileId) => {
    const f = familyServices[id];
    return f?.ok ? f.value : undefined;
  };
  const rows: DetailRow[] = RED_DETECTION_ORDER.map((id) => {
    const f = familyServices[id];
    return {
      name: `${id} (${RED_PROFILES[id].callsMetric})`,
      figure: !f ? 'not asked' : f.ok ? plural(f.value.length, 'service') : `could not ask: ${f.error}`,
      state: f?.ok && f.value.length > 0 ? ('ok' as const) : undefined,
      note: id === detection.profile ? 'used by Correlate' : undefined,
    };
  });
  const details = [group('Metric families with server series in this window', rows)];
  const withSeries = RED_DETECTION_ORDER.filter((id) => (servicesOf(id)?.length ?? 0) > 0);
  const allFailed = RED_DETECTION_ORDER.every((id) => familyServices[id] && !familyServices[id]!.ok);
  if (detection.error && (allFailed || !detection.profile)) {
    return couldNotCheck('red-metrics', 'The metrics data source did not answer', detection.error, links);
  }
  if (!detection.profile) {
    return result('red-metrics', {
      state: 'broken',
      figure: `No RED metrics: none of ${nameList(detection.tried, 4)}`,
      cause:
        'The metrics data source has none of the request metrics Correlate reads RED from, so RED graphs stay empty.',
      fix: 'Switch on Tempo’s metrics-generator `span-metrics` processor (`overrides.defaults.metrics_generator.processors`) with remote write to this data source, or the collector’s spanmetrics connector, or export HTTP server metrics.',
      links,
      details,
    });
  }
  const profile = RED_PROFILES[detection.profile];
  const own = familyServices[detection.profile];
  if (!own || !own.ok) {
    return couldNotCheck(
      'red-metrics',
      'The metrics data source did not list series',
      own?.error ?? 'not asked',
      links
    );
  }
  if (own.value.length === 0) {
    const other = withSeries.find((id) => id !== detection.profile);
    return result('red-metrics', {
      state: 'broken',
      figure: `${detection.profile}: no server series in this window`,
      cause: `Correlate reads RED from ${profile.callsMetric}, which has no server-request series in this window${other ? `, while ${other} does` : ''}.`,
      fix: other
        ? `Set the RED metrics source to ${other} in Correlate’s configuration.`
        : 'The producer stopped writing: check Tempo’s metrics-generator (or the collector’s spanmetrics connector) and its remote write, or widen the time range.',
      links,
      details,
    });
  }
  const figure = `${detection.profile} (${profile.callsMetric}): ${plural(own.value.length, 'service')} with server requests in this window`;
  const missing = servicesWithoutRed(input, detection.profile, own.value);
  const lokiCount = input.lokiServices?.ok ? input.lokiServices.value.length : 0;
  if (missing.length >= MISSING_MIN && missing.length >= MISSING_SHARE * lokiCount) {
    return result('red-metrics', {
      state: 'degraded',
      figure: `${figure}; ${count(missing.length)} of ${plural(lokiCount, 'service')} in Loki have none`,
      cause: `${count(missing.length)} services log to Loki but have no RED series (${nameList(missing, 4)}). When RED exists for some services and not for many others, a likely cause is Mimir’s per-tenant series limit: max_global_series_per_user, ${count(MIMIR_DEFAULT_SERIES_PER_TENANT)} by default. Span metrics of 3,000 services need about 720,000 latency bucket series, and Mimir refuses samples past the limit at ingestion (err-mimir-max-series-per-user in the distributor’s logs and in the metrics-generator’s remote-write errors).`,
      fix: 'Raise the limit for this tenant in Mimir: `limits.max_global_series_per_user` (flag -ingester.max-global-series-per-user, or per tenant in the runtime overrides), above the span metrics’ series count (`count({__name__=~"traces_spanmetrics.*"})`). Or write fewer series: fewer `histogram_buckets` and `dimensions` in Tempo’s span-metrics processor.',
      links,
      details: [
        ...details,
        group(
          'Services in Loki without RED series',
          missing.slice(0, 50).map((name) => ({ name, figure: 'no RED series' }))
        ),
      ],
    });
  }
  if (metricNames.ok && !metricNames.value.includes(profile.bucketMetric)) {
    return result('red-metrics', {
      state: 'degraded',
      figure,
      cause: `The duration histogram ${profile.bucketMetric} has no series in this window, so p95 graphs stay empty.`,
      fix: 'Keep the histogram in the producer’s output (span metrics `histogram` settings) and do not drop it in relabeling.',
      links,
      details,
    });
  }
  return result('red-metrics', {
    state: 'ok',
    figure: `${figure}${metricNames.ok ? `; duration histogram ${profile.bucketMetric} present` : ''}`,
    links,
    details,
  });
}

/** The series names of Tempo's service graph metrics, as the metric-name list holds them (histograms as `_bucket`). */
export const SERVICE_GRAPH_SERIES = {
  requests: SERVICE_GRAPH_METRICS.requests,
  failed: SERVICE_GRAPH_METRICS.failed,
  serverSeconds: `${SERVICE_GRAPH_METRICS.serverSeconds}_bucket`,
  clientSeconds: `${SERVICE_GRAPH_METRICS.clientSeconds}_bucket`,
};

export interface ServiceGraphInput {
  metricNames: Fetched<string[]>;
  clients: Fetched<string[]>;
  servers: Fetched<string[]>;
  metricsUid?: string;
}

/** Service graph metrics present, with `client` and `server` labels, and edges between instrumented services. */
export function serviceGraphCheck(input: ServiceGraphInput): CheckResult {
  const links = dataSourceLink(input.metricsUid, 'Metrics data source');
  const { metricNames, clients, servers } = input;
  if (!metricNames.ok && !clients.ok) {
    return couldNotCheck('service-graph', 'The metrics data source did not answer', metricNames.error, links);
  }
  const names = metricNames.ok ? metricNames.value : [];
  const clientList = clients.ok ? clients.value : [];
  const serverList = servers.ok ? servers.value : [];
  const details = [
    group(
      'Clients',
      clientList.map((c) => ({ name: c, figure: c === UNKNOWN_CLIENT ? 'outside caller' : 'client' }))
    ),
    group(
      'Servers',
      serverList.map((s) => ({ name: s, figure: 'server' }))
    ),
  ];
  const present = names.includes(SERVICE_GRAPH_SERIES.requests) || clientList.length > 0 || serverList.length > 0;
  if (!present) {
    return result('service-graph', {
      state: 'broken',
      figure: `${SERVICE_GRAPH_SERIES.requests}: no series in this window`,
      cause: 'Tempo’s metrics-generator writes no service graph metrics, so the service map and its edges stay empty.',
      fix: 'Add `service-graphs` to Tempo’s `overrides.defaults.metrics_generator.processors` (with remote write to this data source), or use the collector’s servicegraph connector.',
      links,
      details,
    });
  }
  if (clients.ok && servers.ok && clientList.length === 0 && serverList.length === 0) {
    return result('service-graph', {
      state: 'degraded',
      figure: `${SERVICE_GRAPH_SERIES.requests} has no client or server labels`,
      cause:
        'The service graph series lack the `client` and `server` labels the service map joins on: relabeling renamed or dropped them.',
      fix: 'Keep the `client` and `server` labels on traces_service_graph_* series (check remote-write relabel rules).',
      links,
      details,
    });
  }
  const figure = `${plural(new Set([...clientList, ...serverList]).size, 'service')} in the graph: ${plural(clientList.length, 'client')}, ${plural(serverList.length, 'server')}`;
  const instrumentedClients = clientList.filter((c) => c !== UNKNOWN_CLIENT);
  if (clients.ok && instrumentedClients.length === 0) {
    return result('service-graph', {
      state: 'degraded',
      figure,
      cause:
        'Every edge starts outside (client `user`): no service’s client span is matched to another service’s server span, so trace context is not passed between services.',
      fix: 'Propagate W3C trace context on outgoing calls (HTTP client instrumentation) so a callee’s span joins its caller’s trace; check that client spans are exported too.',
      links,
      details,
    });
  }
  if (metricNames.ok && !names.includes(SERVICE_GRAPH_SERIES.serverSeconds)) {
    return result('service-graph', {
      state: 'degraded',
      figure,
      cause: `${SERVICE_GRAPH_SERIES.serverSeconds} has no series, so the service map shows no latency.`,
      fix: 'Keep the service graph histograms (do not drop `*_seconds_bucket` series in relabeling).',
      links,
      details,
    });
  }
  return result('service-graph', { state: 'ok', figure, links, details });
}
