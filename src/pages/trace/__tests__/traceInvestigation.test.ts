import { LoadingState } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, type SceneQueryRunner } from '@grafana/scenes';
import { traceLogsQuery, traceLogsTextQuery, errorLogsQuery } from '../../../queries/logql';
import { redQueries } from '../../../queries/promql';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { dataSourceVariablesSet } from '../../../shared/dataSourceVariables';
import {
  activateWithParents,
  installFakeMetricNames,
  installFakeRuntime,
  type RecordedRequest,
} from '../../../test/mocks/grafanaRuntime';
import { selectorNarrows, type LimitObservation } from '../../../test/mocks/limits/lokiLimits';
import { lokiFrame } from '../../../test/mocks/lokiFrame';
import { redAnswer } from '../../../test/mocks/promFrame';
import { checkoutTrace } from '../../../test/mocks/tempoFrame';
import { TraceInvestigation } from '../TraceInvestigation';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const LOG_TIME = T0 + 50;
const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };

function respond(opts: { trace?: 'ok' | 'missing' | 'fail' } = {}) {
  return (req: RecordedRequest) => {
    if (req.type === 'tempo') {
      if (opts.trace === 'missing') {
        return new Error('trace not found');
      }
      if (opts.trace === 'fail') {
        return new Error('upstream connect error: 503');
      }
      return [checkoutTrace(TRACE_ID, T0)];
    }
    if (req.type === 'loki') {
      return req.targets.map((t) =>
        lokiFrame(
          [
            {
              timeMs: LOG_TIME,
              line: `level=error msg=declined trace_id=${TRACE_ID}`,
              labels: { service_name: 'payments' },
            },
          ],
          t.refId
        )
      );
    }
    return redAnswer(req.targets as any, 'service', { gateway: 1, orders: 2, payments: 3 }, T0);
  };
}

function build(
  opts: {
    hint?: boolean;
    settings?: CorrelateSettings;
    service?: string;
    lookupRange?: { from: string; to: string };
  } = {}
) {
  const settings = opts.settings ?? SETTINGS;
  const investigation = new TraceInvestigation({
    traceId: TRACE_ID,
    lookupRange: opts.lookupRange,
    timeHintMs: opts.hint === false ? undefined : LOG_TIME,
    hintService: opts.hint === false ? undefined : (opts.service ?? 'gateway'),
    settings,
  });
  const scene = new EmbeddedScene({
    $variables: dataSourceVariablesSet(settings),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: investigation })] }),
  });
  return { scene, investigation };
}

const key = (r: RecordedRequest) => `${r.uid} ${JSON.stringify(r.targets.map((t) => t.expr ?? t.query))}`;

describe('trace investigation', () => {
  const D = 1000;
  let stop: () => void = () => undefined;

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 + 60 * 60_000 });
    clearRedDetections();
  });
  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  it('starts everything the time hint allows at once, the trace after its size check, the rest together when the trace arrives: done by 3d with 8 requests', async () => {
    const fake = installFakeRuntime({ respond: respond(), delayMs: D });
    const { investigation } = build();
    const start = Date.now();
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    // Wave one: the trace's size check, its logs, and the log line's service (RED and error logs).
    expect(fake.requests.map((r) => r.type).sort()).toEqual(['loki', 'loki', 'prometheus', 'tempo']);
    await jest.advanceTimersByTimeAsync(D);
    // The trace, once its size check says it is small (one search's round trip: largeTrace.ts).
    expect(fake.requests).toHaveLength(5);
    await jest.advanceTimersByTimeAsync(D);
    // Wave two, as soon as the trace is there: the other services' RED, the failing service's errors, and
    // the trace's logs again, now in the trace's services over its own span.
    expect(fake.requests).toHaveLength(8);
    await jest.advanceTimersByTimeAsync(D);

    const startedAt = fake.requests.map((r) => r.startedAt - start);
    expect(startedAt.sort((a, b) => a - b)).toEqual([0, 0, 0, 0, D, 2 * D, 2 * D, 2 * D]);
    const doneAt = Math.max(...startedAt) + D;
    expect(doneAt).toBeLessThanOrEqual(3.2 * D);
    expect(new Set(fake.requests.map(key)).size).toBe(fake.requests.length);

    const s = investigation.state;
    expect(s.status).toBe('found');
    expect(s.summary?.rootCause?.service).toBe('payments');
    // The failing service first; the log line's own service keeps its early request.
    expect(s.red.state.services[0]).toBe('payments');
    expect([...s.red.state.services].sort()).toEqual(['gateway', 'orders', 'payments']);
    const runners = [
      ...s.red.state.blocks.map((b) => b.state.$data as SceneQueryRunner),
      ...s.errorLogs.map((p) => p.state.$data as SceneQueryRunner),
    ];
    expect(runners.map((r) => [r.state.queries[0].refId, r.state.data?.state])).toEqual(
      runners.map((r) => [r.state.queries[0].refId, LoadingState.Done])
    );
  });

  it('sends the queries of the page, on the right data sources, for the window around the log time', async () => {
    const fake = installFakeRuntime({ respond: respond() });
    const { investigation } = build();
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    const byType = (type: string) => fake.requests.filter((r) => r.type === type);
    expect(byType('tempo').map((r) => r.targets)).toEqual([
      [expect.objectContaining({ refId: 'size', queryType: 'traceql', query: `{ trace:id = "${TRACE_ID}" }` })],
      [expect.objectContaining({ refId: 'trace', queryType: 'traceql', query: TRACE_ID })],
    ]);
    const [logs, errors, traceLogs, failingErrors] = byType('loki');
    // Before the trace: the log line's service only.
    expect(logs.targets.map((t) => t.expr)).toEqual([
      traceLogsQuery(TRACE_ID, [], ['gateway']),
      traceLogsTextQuery(TRACE_ID, ['gateway']),
    ]);
    expect(errors.targets[0].expr).toBe(errorLogsQuery({ services: ['gateway'], levels: SETTINGS.errorLevels }));
    // Once the trace is in: its three services, over its own span and a minute each side.
    expect(traceLogs.targets.map((t) => t.expr)).toEqual([
      traceLogsQuery(TRACE_ID, [], ['gateway', 'orders', 'payments']),
      traceLogsTextQuery(TRACE_ID, ['gateway', 'orders', 'payments']),
    ]);
    expect(traceLogs.toMs - traceLogs.fromMs).toBeLessThan(3 * 60_000);
    expect(failingErrors.targets[0].expr).toBe(
      errorLogsQuery({ services: ['payments'], levels: SETTINGS.errorLevels })
    );
    const [hintRed, traceRed] = byType('prometheus');
    expect(hintRed.targets.map((t) => t.expr)).toEqual(
      Object.values(redQueries('tempo-spanmetrics', { services: ['gateway'] }))
    );
    expect(traceRed.targets.map((t) => t.expr)).toEqual(
      Object.values(redQueries('tempo-spanmetrics', { services: ['payments', 'orders'] }))
    );
    expect(fake.requests.every((r) => r.uid === `${r.type === 'prometheus' ? 'metrics' : r.type}-uid`)).toBe(true);
    // 15 minutes of padding on each side of the log time, aligned to 15 s.
    for (const r of [logs, errors, hintRed]) {
      expect(r.fromMs).toBe(Math.floor((LOG_TIME - 15 * 60_000) / 15_000) * 15_000);
      expect(r.toMs).toBe(Math.ceil((LOG_TIME + 15 * 60_000) / 15_000) * 15_000);
    }
    expect(investigation.state.window).toEqual({ fromMs: logs.fromMs, toMs: logs.toMs });
  });

  it('never asks Loki for every stream: the hint service first, then the trace’s services (limits double)', async () => {
    const seen: LimitObservation[] = [];
    const fake = installFakeRuntime({ respond: respond(), delayMs: D, loki: { observe: (o) => seen.push(o) } });
    const { investigation } = build();
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(2 * D);
    const asked = fake.requests.filter((r) => r.type === 'loki').flatMap((r) => r.targets.map((t) => String(t.expr)));
    expect(asked).toHaveLength(6);
    expect(asked.filter((q) => !selectorNarrows(q))).toEqual([]);
    // What reached Loki (the hint's query is dropped once the trace is in): answered, none refused.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((o) => o.narrowed && !o.refused)).toBe(true);
  });

  it('without a time hint, waits for the trace and uses its own window', async () => {
    const fake = installFakeRuntime({ respond: respond(), delayMs: D });
    const { investigation } = build({ hint: false });
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    expect(fake.requests.map((r) => r.type)).toEqual(['tempo']);
    await jest.advanceTimersByTimeAsync(D);
    expect(fake.requests.map((r) => r.type)).toEqual(['tempo', 'tempo']);
    await jest.advanceTimersByTimeAsync(D);
    expect(fake.requests.map((r) => r.type).sort()).toEqual(['loki', 'loki', 'prometheus', 'tempo', 'tempo']);
    const logs = fake.requests.find((r) => r.type === 'loki')!;
    // Its logs: the trace's span and a minute each side, not the page's 15-minute padding.
    expect(logs.fromMs).toBe(Math.floor((T0 - 60_000) / 1000) * 1000);
    expect(investigation.state.red.state.services).toEqual(['payments', 'gateway', 'orders']);
  });

  it('looks for the trace in the range of the page the link came from, else the last 24 hours', async () => {
    const fake = installFakeRuntime({ respond: respond() });
    const range = { from: new Date(T0 - 3_600_000).toISOString(), to: new Date(T0 + 60_000).toISOString() };
    stop = activateWithParents(build({ lookupRange: range }).investigation);
    await jest.advanceTimersByTimeAsync(0);
    const tempo = fake.requests.find((r) => r.type === 'tempo' && r.targets[0].refId === 'trace')!;
    expect([tempo.fromMs, tempo.toMs]).toEqual([T0 - 3_600_000, T0 + 60_000]);
    stop();
    const fallback = installFakeRuntime({ respond: respond() });
    stop = activateWithParents(build().investigation);
    await jest.advanceTimersByTimeAsync(0);
    const t = fallback.requests.find((r) => r.type === 'tempo' && r.targets[0].refId === 'trace')!;
    expect(t.toMs - t.fromMs).toBe(24 * 3_600_000);
  });

  it('still shows the logs and the log service’s metrics when Tempo does not have the trace', async () => {
    const fake = installFakeRuntime({ respond: respond({ trace: 'missing' }) });
    const { investigation } = build({ service: 'payments' });
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    expect(investigation.state.status).toBe('missing');
    expect(investigation.state.logsPanel).toBeDefined();
    expect(investigation.state.red.state.services).toEqual(['payments']);
    expect(fake.requests.map((r) => r.type).sort()).toEqual(['loki', 'loki', 'prometheus', 'tempo', 'tempo']);
    const logsRunner = (investigation.state.logsPanel!.state.$data as any).state.$data as SceneQueryRunner;
    expect(logsRunner.state.data?.state).toBe(LoadingState.Done);
  });

  it('keeps the other panels when Tempo fails', async () => {
    installFakeRuntime({ respond: respond({ trace: 'fail' }) });
    const { investigation } = build();
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    expect(investigation.state.status).toBe('error');
    expect(investigation.state.error).toContain('503');
    expect(investigation.state.errorLogs).toHaveLength(1);
    expect(investigation.state.red.state.blocks).toHaveLength(1);
  });

  it('names the metrics it tried when no RED metrics exist', async () => {
    installFakeMetricNames(['up', 'go_goroutines']);
    installFakeRuntime({ respond: respond() });
    const { investigation } = build({ settings: { ...SETTINGS, redSource: 'auto' } });
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    const detection = investigation.state.red.state.detection!;
    expect(detection.profile).toBeUndefined();
    expect(detection.tried).toContain('traces_spanmetrics_calls_total');
    expect(investigation.state.red.state.blocks).toHaveLength(0);
  });
});

describe('trace investigation with auto-detected RED metrics', () => {
  const D = 1000;
  let stop: () => void = () => undefined;
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 + 60 * 60_000 });
    clearRedDetections();
  });
  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  it('asks for the metric family alongside the first wave and is still complete by 3d', async () => {
    const { timer, map } = require('rxjs');
    const fetches: string[] = [];
    setBackendSrv({
      fetch: (req: { url: string }) => {
        fetches.push(req.url);
        return timer(D).pipe(map(() => ({ data: { status: 'success', data: ['traces_spanmetrics_calls_total'] } })));
      },
    } as any);
    const fake = installFakeRuntime({ respond: respond(), delayMs: D });
    const { investigation } = build({ settings: { ...SETTINGS, redSource: 'auto' } });
    const start = Date.now();
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(3 * D);
    expect(fetches).toHaveLength(1);
    expect(fetches[0]).toContain('/api/datasources/uid/metrics-uid/resources/api/v1/label/__name__/values');
    // The family is known at d, when the size check answers and the trace is asked for; the trace's
    // services' RED starts when it arrives, at 2d.
    const started = fake.requests.map((r) => r.startedAt - start).sort((a, b) => a - b);
    expect(started).toEqual([0, 0, 0, D, D, 2 * D, 2 * D, 2 * D]);
    expect(Math.max(...started) + D).toBeLessThanOrEqual(3.2 * D);
    expect(investigation.state.red.state.detection?.profile).toBe('tempo-spanmetrics');
  });
});
