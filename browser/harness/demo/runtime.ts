import { getDataSourceSrv, setBackendSrv, setDataSourceSrv, type BackendSrv } from '@grafana/runtime';
import { fakeBackendSrv, type FakeRequest } from '../../../src/test/mocks/backendSrv';
import { installFakeRuntime, type FakeDs, type RecordedRequest } from '../../../src/test/mocks/grafanaRuntime';
import { healthApi } from '../../../src/test/mocks/healthStack';
import { LOKI_PATTERNS_OFF, patternsCall } from '../../../src/test/mocks/lokiPatterns';
import { instanceSettings } from '../services';
import { DEMO_DATA_SOURCES, DEMO_SERVICES } from './facts';
import { demoHealthScenario } from './health';
import { demoLokiLines, demoResponder } from './responder';

/**
 * Grafana's runtime for the component tests: the data source doubles of src/test/mocks (Loki, Tempo
 * and Prometheus as Grafana's data sources treat their backends' answers, and runRequest as Grafana
 * merges them) answering with the demo shop, and the backend service double for settings and
 * metric-name lookups. Every request is recorded for the tests to read.
 */
const DS = DEMO_DATA_SOURCES;

export const DEMO_DS: FakeDs[] = [
  { uid: DS.loki, type: 'loki', name: 'Loki', isDefault: true },
  { uid: DS.lokiUnreachable, type: 'loki', name: 'Loki archive (unreachable)' },
  { uid: DS.tempo, type: 'tempo', name: 'Tempo', isDefault: true },
  { uid: DS.mimir, type: 'prometheus', name: 'Mimir', isDefault: true },
  { uid: DS.mimirFailing, type: 'prometheus', name: 'Mimir (failing)' },
  { uid: DS.prometheusWithoutRed, type: 'prometheus', name: 'Prometheus (no span metrics)' },
];

const SPAN_METRICS = ['traces_spanmetrics_calls_total', 'traces_spanmetrics_latency_bucket', 'up'];

export interface DemoRuntime {
  now: number;
  /** What Correlate asked each data source (the request its query runner sent). */
  requests: RecordedRequest[];
  /** What Grafana's backend was asked (settings saved, metric names listed). */
  backendRequests: FakeRequest[];
  /** The next save of the plugin's settings fails with this HTTP status and message. */
  failNextSave(status: number, message: string): void;
  /** Grafana's backend answers every later request after this long (0: at once). */
  delayBackend(ms: number): void;
}

export function installDemoRuntime(): DemoRuntime {
  const now = Date.now();
  const fake = installFakeRuntime({ respond: demoResponder(now), services: [...DEMO_SERVICES], dataSources: DEMO_DS });
  // Pickers draw each data source's meta (name, logo): give them Grafana's full instance settings.
  const srv = getDataSourceSrv();
  const full = (s: { uid: string; type: string; name: string; isDefault?: boolean } | undefined) =>
    s && instanceSettings({ ...s, isDefault: Boolean(s.isDefault) }, DEMO_DS.findIndex((d) => d.uid === s.uid) + 1);
  setDataSourceSrv({
    ...srv,
    get: srv.get,
    getList: (filters?: object) => srv.getList(filters).map((s) => full(s)!),
    getInstanceSettings: (ref: unknown) => full(srv.getInstanceSettings(ref as never)),
  } as typeof srv);

  let failure: { status: number; message: string } | undefined;
  // fakeBackendSrv records through jest.fn in Jest; here a plain function does.
  (globalThis as { jest?: unknown }).jest ??= { fn: <T>(impl: T) => impl };
  // Grafana's data source API and the resource proxies the health checks call, as the health double answers them.
  const health = healthApi(demoHealthScenario(now, demoLokiLines(now)));
  const backendOpts: { delayMs?: number } = {};
  const backend = fakeBackendSrv((req) => {
    if (req.url.startsWith('/api/plugins/') && req.method === 'POST') {
      const answer = failure
        ? { status: failure.status, data: { message: failure.message } }
        : { data: { message: 'Plugin settings updated' } };
      failure = undefined;
      return answer;
    }
    // The demo's Loki runs no pattern ingester: What changed falls back to its own fingerprints.
    if (patternsCall(req.url)) {
      return LOKI_PATTERNS_OFF;
    }
    const names = /\/api\/datasources\/uid\/([^/]+)\/resources\/api\/v1\/label\/__name__\/values/.exec(req.url);
    if (names && decodeURIComponent(names[1]) !== DS.mimir) {
      const uid = decodeURIComponent(names[1]);
      return {
        data: {
          status: 'success',
          data: uid === DS.mimir || uid === DS.mimirFailing ? SPAN_METRICS : ['up', 'process_cpu_seconds_total'],
        },
      };
    }
    return health(req);
  }, backendOpts);
  setBackendSrv(backend as unknown as BackendSrv);

  return {
    now,
    requests: fake.requests,
    backendRequests: backend.requests,
    failNextSave(status, message) {
      failure = { status, message };
    },
    delayBackend(ms) {
      backendOpts.delayMs = ms;
    },
  };
}
