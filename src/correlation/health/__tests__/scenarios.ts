import { setBackendSrv } from '@grafana/runtime';
import type { LokiLimits } from '../../../test/mocks/limits/lokiLimits';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { HealthReport } from '../types';
import { runHealth } from '../../../pages/health/runHealth';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { fakeBackendSrv } from '../../../test/mocks/backendSrv';
import { installFakeRuntime, type FakeDs } from '../../../test/mocks/grafanaRuntime';
import {
  healthApi,
  healthResponder,
  serviceGraphSeries,
  spanMetricsSeries,
  type HealthScenario,
} from '../../../test/mocks/healthStack';
import type { LokiRowFixture } from '../../../test/mocks/lokiFrame';
import type { TempoLimits } from '../../../test/mocks/limits/tempoLimits';

/** The development stack's data source uids (provisioning/datasources/datasources.yaml). */
export const UIDS = { loki: 'correlate-loki', tempo: 'correlate-tempo', metrics: 'correlate-mimir' };
export const DATA_SOURCES: FakeDs[] = [
  { uid: UIDS.loki, type: 'loki', name: 'Loki' },
  { uid: UIDS.tempo, type: 'tempo', name: 'Tempo' },
  { uid: UIDS.metrics, type: 'prometheus', name: 'Mimir', isDefault: true },
];
export const SETTINGS: CorrelateSettings = {
  ...DEFAULT_SETTINGS,
  lokiUid: UIDS.loki,
  tempoUid: UIDS.tempo,
  metricsUid: UIDS.metrics,
};

/** Grafana expands `$$` to `$` in provisioning files. */
function unescapeDollars(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\$/g, '$');
  }
  if (Array.isArray(value)) {
    return value.map(unescapeDollars);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescapeDollars(v)]));
  }
  return value;
}

/** The `jsonData` of each provisioned data source, as Grafana stores it. */
export function provisionedSettings(): Record<string, Record<string, unknown>> {
  const doc = parse(readFileSync(join(__dirname, '../../../../provisioning/datasources/datasources.yaml'), 'utf8'));
  return Object.fromEntries(
    (doc.datasources as Array<{ uid: string; jsonData: Record<string, unknown> }>).map((d) => [
      d.uid,
      unescapeDollars(d.jsonData) as Record<string, unknown>,
    ])
  );
}

/** A trace id for `n` (valid, never all zeros). */
export const traceId = (n: number) => `4bf92f3577b34da6${(n + 1).toString(16).padStart(16, '0')}`;

export const OTLP_SERVICES = ['gateway', 'orders', 'payments'];
export const SERVICES = [...OTLP_SERVICES, 'inventory'];

/** An error line as Loki stores an OpenTelemetry log record (pkg/loghttp/push/otlp.go). */
export function otlpLine(
  service: string,
  timeMs: number,
  id: string | undefined,
  message = 'payment declined'
): LokiRowFixture {
  return {
    timeMs,
    line: message,
    labels: { service_name: service, service_namespace: 'shop', deployment_environment: 'development' },
    structuredMetadata: {
      detected_level: 'error',
      observed_timestamp: `${timeMs}000000`,
      scope_name: 'correlate-demo',
      severity_number: '17',
      severity_text: 'ERROR',
      ...(id ? { trace_id: id, span_id: id.slice(16), flags: '1' } : {}),
    },
  };
}

/** An error line the inventory service pushes as JSON (demo/src/lokiPush.ts), with Loki's field detection. */
export function jsonLine(service: string, timeMs: number, id: string | undefined): LokiRowFixture {
  return {
    timeMs,
    line: JSON.stringify({
      ts: new Date(timeMs).toISOString(),
      level: 'error',
      service,
      msg: 'stock lock wait',
      ...(id ? { traceId: id } : {}),
    }),
    labels: { service_name: service, service_namespace: 'shop', level: 'error' },
    structuredMetadata: { detected_level: 'error', ...(id ? { trace_id: id } : {}) },
  };
}

export const infoLine = (service: string, timeMs: number): LokiRowFixture => ({
  timeMs,
  line: 'order placed',
  labels: { service_name: service, service_namespace: 'shop' },
  structuredMetadata: { detected_level: 'info' },
});

/**
 * The development stack as the health checks should find it: four services with error logs carrying
 * trace ids Tempo has, span metrics and service graphs from Tempo with exemplars, and Grafana's data
 * sources as provisioned.
 */
export function devStack(nowMs: number, linesPerService = 30): HealthScenario {
  const lines: LokiRowFixture[] = [];
  const traces = new Set<string>();
  let n = 0;
  for (const service of SERVICES) {
    for (let i = 0; i < linesPerService; i++) {
      const id = traceId(n++);
      traces.add(id);
      const t = nowMs - 90_000 - i * 60_000;
      lines.push(service === 'inventory' ? jsonLine(service, t, id) : otlpLine(service, t, id));
      lines.push(infoLine(service, t - 1000));
    }
  }
  const series: Array<Record<string, string>> = [];
  const exemplars: HealthScenario['metrics']['exemplars'] = [];
  for (const service of SERVICES) {
    const { calls, bucket } = spanMetricsSeries(service, { source: 'tempo' });
    series.push(...calls, bucket);
    series.push({
      __name__: 'http_server_request_duration_seconds_count',
      job: `shop/${service}`,
      http_response_status_code: '200',
    });
    series.push({ __name__: 'http_server_request_duration_seconds_bucket', job: `shop/${service}`, le: '0.5' });
    for (let i = 0; i < 3; i++) {
      const id = traceId(1000 + n++);
      traces.add(id);
      // One per 15 s collection, within the minute Health asks for.
      exemplars.push({ series: bucket, labels: { traceID: id }, timeMs: nowMs - 5_000 - i * 15_000 });
    }
  }
  series.push({
    __name__: 'traces_spanmetrics_calls_total',
    service: 'orders',
    span_kind: 'SPAN_KIND_CLIENT',
    status_code: 'STATUS_CODE_UNSET',
  });
  series.push(
    ...serviceGraphSeries([
      ['user', 'gateway'],
      ['gateway', 'orders'],
      ['orders', 'inventory'],
      ['orders', 'payments'],
    ])
  );
  series.push({ __name__: 'traces_service_graph_request_failed_total', client: 'orders', server: 'payments' });
  return {
    loki: { uid: UIDS.loki, lines },
    tempo: { uid: UIDS.tempo, traces },
    metrics: { uid: UIDS.metrics, series, exemplars },
    settings: provisionedSettings(),
  };
}

export interface Run {
  report: HealthReport;
  progress: HealthReport[];
  /** Data source queries Correlate made (one per request). */
  queries: ReturnType<typeof installFakeRuntime>['requests'];
  /** Calls that reached the data sources' backends. */
  backendCalls: ReturnType<typeof installFakeRuntime>['backendCalls'];
  /** Grafana API calls (settings, resources, RED detection). */
  api: ReturnType<typeof fakeBackendSrv>['requests'];
  startedAt: number;
  endedAt: number;
}

/** Installs Grafana's doubles answering from the scenario: data sources, runtime and backend service. */
export function installStack(
  scenario: HealthScenario,
  opts: { delayMs?: number; lokiSplitting?: boolean; tempoLimits?: TempoLimits; lokiLimits?: LokiLimits } = {}
) {
  clearRedDetections();
  const runtime = installFakeRuntime({
    respond: healthResponder(scenario),
    dataSources: DATA_SOURCES,
    delayMs: opts.delayMs,
    loki: { querySplitting: opts.lokiSplitting ?? true, limits: opts.lokiLimits },
    tempo: { timeShiftEnabled: true, limits: opts.tempoLimits },
  });
  const backend = fakeBackendSrv(healthApi(scenario), { delayMs: opts.delayMs });
  setBackendSrv(backend as never);
  return { runtime, backend };
}

/** Runs every check against the scenario through Grafana's doubles and the real Grafana client. */
export async function runScenario(
  scenario: HealthScenario,
  opts: {
    settings?: CorrelateSettings;
    range?: { fromMs: number; toMs: number };
    delayMs?: number;
    lokiSplitting?: boolean;
    /** Tempo's limits (default: its defaults, src/test/mocks/limits/tempoLimits.ts). */
    tempoLimits?: TempoLimits;
    lokiLimits?: LokiLimits;
  } = {}
): Promise<Run> {
  const { runtime, backend } = installStack(scenario, opts);
  const settings = opts.settings ?? SETTINGS;
  const nowMs = Date.now();
  const range = opts.range ?? { fromMs: nowMs - 3_600_000, toMs: nowMs };
  const progress: HealthReport[] = [];
  const startedAt = Date.now();
  const report = await runHealth(
    settings,
    {
      loki: { uid: settings.lokiUid },
      tempo: { uid: settings.tempoUid },
      metrics: { uid: settings.metricsUid },
    },
    range,
    (r) => progress.push(r)
  );
  return {
    report,
    progress,
    queries: runtime.requests,
    backendCalls: runtime.backendCalls,
    api: backend.requests,
    startedAt,
    endedAt: Date.now(),
  };
}

export const check = (report: HealthReport, id: string) => {
  const c = report.checks.find((x) => x.id === id);
  if (!c) {
    throw new Error(`no check ${id}`);
  }
  return c;
};

/** Every detail row name of a check, in order. */
export const detailNames = (report: HealthReport, id: string, group = 0) =>
  check(report, id).details[group]?.rows.map((r) => r.name) ?? [];
