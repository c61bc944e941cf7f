import { getDataSourceSrv, setBackendSrv, setDataSourceSrv, type BackendSrv } from '@grafana/runtime';
import type { Responder } from '../../../src/test/mocks/backendQuery';
import { fakeBackendSrv, type Responder as ApiResponder } from '../../../src/test/mocks/backendSrv';
import { installFakeRuntime } from '../../../src/test/mocks/grafanaRuntime';
import { healthApi, type HealthScenario } from '../../../src/test/mocks/healthStack';
import { instanceSettings } from '../services';
import { DEMO_DS, type DemoRuntime } from '../demo/runtime';
import type { LokiLine } from '../demo/logql';
import { SCALE } from './facts';
import { scaleHealthScenario, scalePatterns } from './health';
import { TEMPO_LIMITS, type TempoLimits } from '../../../src/test/mocks/limits/tempoLimits';
import { withScaleLimits } from './limits';
import { scaleLines } from './logs';
import {
  longestPluginTask,
  longestPluginTaskMs,
  measured,
  measuredApi,
  observeLongTasks,
  type ScaleObservation,
  type ScaleRecorder,
} from './measure';
import { scaleResponder } from './responder';

/**
 * `?runtime=scale`: Grafana's runtime as `?runtime=demo` sets it up, with the data sources answering
 * at production scale (3,000 services, 100k error lines an hour, a 50k-span trace, 100k exemplars)
 * through the limit-enforcing doubles, and every answer measured for `npm run bench:scale`.
 */
export interface ScaleMeasures {
  observations: ScaleObservation[];
  /** What the limit doubles answered short without refusing (a partial trace). */
  notes: string[];
  /** The longest main-thread task, less the time the stand-in servers ran inside it. */
  longestTaskMs: number;
  /** The longest task as the browser reported it, doubles included. */
  longestRawTaskMs: number;
  /** Where the longest task (less the doubles) starts and ends, on performance.now's clock. */
  longestTask?: { start: number; duration: number };
}

const SPAN_METRICS = ['traces_spanmetrics_calls_total', 'traces_spanmetrics_latency_bucket'];
/**
 * Every answer in a task of its own, as over the network: Grafana's backend_srv reads each response
 * with fetch and `await response.text()` (grafana/grafana public/app/core/services/backend_srv.ts,
 * getFromFetchStream), so no answer is handled in the task that asked for it, or in another's.
 */
const ANSWER_DELAY_MS = 1;

export interface ScaleRuntime extends DemoRuntime {
  /** Long tasks count from here on (call it just before mounting the page). */
  markStart(): void;
  measures(): ScaleMeasures;
}

/**
 * What another runtime (`?runtime=hostile`) changes of the scale data: the lines, the health stack,
 * the patterns API, and the answers (wrapped before the limit doubles and the measuring).
 */
export interface ScaleData {
  lines?: (now: number) => () => LokiLine[];
  health?: (now: number, lines: LokiLine[]) => HealthScenario;
  patterns?: (lines: () => LokiLine[]) => (url: string) => ReturnType<ApiResponder> | undefined;
  respond?: (respond: Responder) => Responder;
}

/**
 * Tempo's limits at their defaults, or with `max_bytes_per_trace` raised by the page's URL
 * (`&tempoMaxBytesPerTrace=50000000`: a Tempo whose team raised it, so a 50,000-span trace comes whole);
 * anything but a positive whole number keeps the default.
 */
function tempoLimitsOfUrl(): TempoLimits {
  const raw = new URLSearchParams(window.location.search).get('tempoMaxBytesPerTrace') ?? '';
  const bytes = /^[1-9][0-9]{0,11}$/.test(raw) ? Number(raw) : undefined;
  return bytes ? { ...TEMPO_LIMITS, maxBytesPerTrace: bytes } : TEMPO_LIMITS;
}

export function installScaleRuntime(data: ScaleData = {}): ScaleRuntime {
  const tasks = observeLongTasks();
  let since = 0;
  const now = Date.now();
  const recorder: ScaleRecorder = { observations: [], doubles: [], refusals: new Map() };
  const lines = (data.lines ?? scaleLines)(now);
  let scenario: HealthScenario | undefined;
  const health = () => (scenario ??= (data.health ?? scaleHealthScenario)(now, lines()));
  const services = Array.from({ length: SCALE.services }, (_, i) => SCALE.serviceName(i));
  const wrap = data.respond ?? ((r: Responder) => r);
  // Built before the page is mounted, so their making (and its garbage) falls outside the page's tasks.
  lines();
  health();
  const notes = new Set<string>();
  const fake = installFakeRuntime({
    respond: measured(
      withScaleLimits(wrap(scaleResponder(now, lines, health)), recorder.refusals, notes, tempoLimitsOfUrl()),
      recorder
    ),
    delayMs: ANSWER_DELAY_MS,
    services,
    dataSources: DEMO_DS,
    // The limits apply once, inside the measured responder (withScaleLimits), not again in the data sources.
    loki: { limits: false },
    tempo: { limits: false },
  });
  const srv = getDataSourceSrv();
  const full = (s: { uid: string; type: string; name: string; isDefault?: boolean } | undefined) =>
    s && instanceSettings({ ...s, isDefault: Boolean(s.isDefault) }, DEMO_DS.findIndex((d) => d.uid === s.uid) + 1);
  setDataSourceSrv({
    ...srv,
    get: srv.get,
    getList: (filters?: object) => srv.getList(filters).map((s) => full(s)!),
    getInstanceSettings: (ref: unknown) => full(srv.getInstanceSettings(ref as never)),
  } as typeof srv);

  (globalThis as { jest?: unknown }).jest ??= { fn: <T>(impl: T) => impl };
  const patterns = (data.patterns ?? scalePatterns)(lines);
  let api: ReturnType<typeof healthApi> | undefined;
  const backend = fakeBackendSrv(
    measuredApi((req) => {
      if (req.url.startsWith('/api/plugins/') && req.method === 'POST') {
        return { data: { message: 'Plugin settings updated' } };
      }
      const pattern = patterns(req.url);
      if (pattern) {
        return pattern;
      }
      if (/\/resources\/api\/v1\/label\/__name__\/values/.test(req.url)) {
        return { data: { status: 'success', data: SPAN_METRICS } };
      }
      api ??= healthApi(health());
      return api(req);
    }, recorder),
    { delayMs: ANSWER_DELAY_MS }
  );
  setBackendSrv(backend as unknown as BackendSrv);
  return {
    now,
    requests: fake.requests,
    backendRequests: backend.requests,
    failNextSave: () => undefined,
    delayBackend: () => undefined,
    markStart: () => {
      since = performance.now();
    },
    measures: () => {
      // Tasks from the mount on: loading the plugin's module happens once per Grafana session.
      const mine = tasks.filter((t) => t.start + t.duration >= since);
      return {
        observations: recorder.observations,
        notes: [...notes],
        longestTaskMs: longestPluginTaskMs(mine, recorder.doubles),
        longestRawTaskMs: Math.round(Math.max(0, ...mine.map((t) => t.duration))),
        longestTask: longestPluginTask(mine, recorder.doubles),
      };
    },
  };
}
