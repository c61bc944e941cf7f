import { CHECK_IDS } from '../checks';
import type { CheckState, HealthReport } from '../types';
import { DEFAULT_SETTINGS } from '../../../settings/types';
import type { HealthScenario } from '../../../test/mocks/healthStack';
import { isMetricExpr, LOKI_LIMITS, selectorNarrows } from '../../../test/mocks/limits/lokiLimits';
import { check, devStack, otlpLine, runScenario, SERVICES, SETTINGS, traceId, UIDS } from './scenarios';

const states = (report: HealthReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.state]));
const allOkBut = (over: Partial<Record<string, CheckState>>) =>
  Object.fromEntries(CHECK_IDS.map((id) => [id, over[id] ?? 'ok']));

/** The development stack, changed by `edit`. */
function stack(edit: (s: HealthScenario, nowMs: number) => void = () => undefined): HealthScenario {
  const now = Date.now();
  const s = devStack(now);
  edit(s, now);
  return s;
}

describe('health checks against the development stack', () => {
  it('finds every check ok', async () => {
    const { report } = await runScenario(stack());
    expect(report.complete).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual(CHECK_IDS);
    expect(states(report)).toEqual(allOkBut({}));
    expect(check(report, 'trace-ids').figure).toBe(
      '80 of 80 sampled error lines carry a trace id (100%) in 4 services; by structured metadata or labels 100%'
    );
    expect(check(report, 'tempo-traces').figure).toBe('20 of 20 sampled trace ids found in Tempo (100%)');
    expect(check(report, 'exemplars').figure).toBe(
      '12 exemplars on traces_spanmetrics_latency_bucket in the last minute, trace ids under `traceID`; 12 of 12 looked up found in Tempo (100%)'
    );
    expect(check(report, 'service-graph').figure).toBe('5 services in the graph: 3 clients, 4 servers');
    expect(check(report, 'loki').figure).toBe('4 services with logs; 120 error lines from 4 services');
  });

  it('sends 15 requests in the first wave (one Loki request per batch of services); the exemplars of Loki’s top error services and one per sampled trace id in the second', async () => {
    const run = await runScenario(stack());
    const waves = (n: number) => run.report.requests.filter((r) => r.wave === n);
    // 14, and one request per batch of services for the error counts (they need the service_name values first).
    expect(waves(1)).toHaveLength(15);
    expect(
      waves(1)
        .map((r) => r.to)
        .sort()
    ).toEqual(['grafana', 'grafana', 'grafana', 'loki', 'loki', 'loki', 'loki', ...Array(8).fill('metrics')]);
    // The exemplars wait for Loki's counts: they are asked for its top error services only, over a minute.
    expect(waves(2).filter((r) => r.to === 'metrics')).toEqual([
      { wave: 2, to: 'metrics', what: 'exemplars of 4 services' },
    ]);
    const exemplarCall = run.api.find((r) => r.url.includes('query_exemplars'))!;
    const params = new URL(exemplarCall.url, 'http://grafana').searchParams;
    expect(params.get('query')).toBe(
      'traces_spanmetrics_latency_bucket{span_kind="SPAN_KIND_SERVER", service=~"gateway|inventory|orders|payments"}'
    );
    // A minute, in whole seconds rounded outwards.
    expect(Number(params.get('end')) - Number(params.get('start'))).toBeGreaterThanOrEqual(60);
    expect(Number(params.get('end')) - Number(params.get('start'))).toBeLessThanOrEqual(61);
    // 20 trace ids from the logs, 12 from exemplars (fewer than the bound of 20): each one request.
    expect(waves(2).filter((r) => r.to === 'tempo')).toHaveLength(32);
    // The error lines wait for the counts too: the newest lines of the top error services, never every stream.
    expect(waves(2).filter((r) => r.to === 'loki')).toEqual([
      { wave: 2, to: 'loki', what: 'newest error lines of the 4 services with the most errors' },
    ]);
    expect(waves(2)).toHaveLength(34);
    // What reached Grafana: three Loki query requests and 32 Tempo ones; 14 API calls (RED detection included).
    expect(run.queries.filter((q) => q.type === 'loki')).toHaveLength(3);
    expect(run.queries.filter((q) => q.type === 'tempo')).toHaveLength(32);
    expect(run.queries.filter((q) => q.type === 'tempo').every((q) => q.targets.length === 1)).toBe(true);
    expect(run.api).toHaveLength(14);
    // The counts (instant), the per-service counts (instant) and the lines: three backend calls.
    expect(run.backendCalls.filter((c) => c.type === 'loki')).toHaveLength(3);
    const lineQueries = run.backendCalls
      .filter((c) => c.type === 'loki')
      .flatMap((c) => c.targets)
      .filter((t) => !isMetricExpr(String(t.expr)));
    expect(lineQueries.map((t) => t.expr)).toEqual([
      '{service_name=~"gateway|inventory|orders|payments"} | detected_level=~"(?i)error|critical|fatal"',
    ]);
  });

  it('bounds every sample by its setting', async () => {
    const settings = { ...SETTINGS, healthTraceSample: 3, healthLinesPerService: 2, healthServices: 2 };
    const run = await runScenario(stack(), { settings });
    const sample = run.queries.find((q) => q.targets[0]?.refId === 'sample')!;
    expect(sample.targets[0].maxLines).toBe(4);
    // The 2 services with the most errors, by name.
    expect(sample.targets[0].expr).toMatch(/^\{service_name=~"[a-z]+\|[a-z]+"\} \| /);
    const perService = run.queries.find((q) => q.targets[0]?.refId === 'byService0')!;
    expect(perService.targets.map((t) => t.expr)).toEqual([
      expect.stringMatching(/^sum by \(service_name\) \(count_over_time\(\{service_name=~"[^"]+"\} \| /),
    ]);
    expect(run.queries.filter((q) => q.type === 'tempo')).toHaveLength(6);
    expect(check(run.report, 'tempo-traces').figure).toBe('3 of 3 sampled trace ids found in Tempo (100%)');
    // The newest 4 lines (one per service), topped up to 2 lines for the 2 services with the most errors.
    expect(check(run.report, 'trace-ids').figure).toMatch(/^6 of 6 sampled error lines/);
    expect(run.report.requests.filter((r) => r.to === 'loki' && r.wave === 2)).toHaveLength(2);
  });

  it('runs the two waves as two rounds: every first-wave request at once, then the exemplars and at most 4 Tempo lookups at a time', async () => {
    const d = 300;
    const run = await runScenario(stack(), { delayMs: d, lokiSplitting: false });
    const t0 = run.startedAt;
    const lokiQuery = run.queries.find((q) => q.type === 'loki')!;
    const tempo = run.queries.filter((q) => q.type === 'tempo');
    const exemplarCall = run.api.find((r) => r.url.includes('query_exemplars'))!;
    expect(lokiQuery.startedAt - t0).toBeLessThan(d / 2);
    expect(run.api.filter((r) => r !== exemplarCall).every((r) => r.startedAt! - t0 < d / 2)).toBe(true);
    // The exemplars once Loki has named its top error services (and the RED family is known).
    expect(exemplarCall.startedAt! - t0).toBeGreaterThanOrEqual(d - 5);
    expect(tempo.every((q) => q.startedAt - t0 >= d - 5)).toBe(true);
    // Each lookup takes d: never more than 4 in flight (4 × 50 of Tempo's 2,000 queued jobs).
    const inFlight = (at: number) => tempo.filter((q) => q.startedAt <= at && at < q.startedAt + d - 5).length;
    expect(Math.max(...tempo.map((q) => inFlight(q.startedAt)))).toBe(4);
    // 32 lookups in at least 8 rounds after Loki's answer. The upper bounds only tell rounds from one
    // lookup at a time (33·d and more); a loaded machine stretches each round (12·d failed at 13.3·d).
    const SERIAL = 33 * d;
    expect(run.endedAt - t0).toBeGreaterThanOrEqual(9 * d - 10);
    expect(run.endedAt - t0).toBeLessThan(SERIAL * 0.75);
    expect(run.progress).toHaveLength(1);
    // With Loki's query splitting on (the stack's default) its two calls run one after the other.
    const split = await runScenario(stack(), { delayMs: d });
    const splitTempo = split.queries.filter((q) => q.type === 'tempo');
    const logIds = new Set(
      split.report.requests.filter((r) => r.what.startsWith('log trace')).map((r) => r.what.slice(10))
    );
    const started = (ids: boolean) =>
      splitTempo.filter((q) => logIds.has(q.targets[0].query) === ids).map((q) => q.startedAt - split.startedAt);
    // Exemplar traces once the exemplars are in (after Loki's counts); log traces once Loki's second call answered.
    expect(Math.min(...started(false))).toBeGreaterThanOrEqual(2 * d - 5);
    expect(Math.min(...started(true))).toBeGreaterThanOrEqual(2 * d - 5);
    expect(split.endedAt - split.startedAt).toBeLessThan(SERIAL * 0.75);
    expect(run.progress[0].complete).toBe(false);
    expect(run.progress[0].checks.filter((c) => c.pending).map((c) => c.id)).toEqual([
      'trace-ids',
      'tempo-traces',
      'exemplars',
      'loki-to-tempo',
      'metrics-to-tempo',
    ]);
  }, 40_000);
});

describe('broken on purpose, through the doubles', () => {
  it('a service logging without trace context is named, with the SDK as the cause', async () => {
    const { report } = await runScenario(
      stack((s, now) => {
        s.loki.lines = s.loki.lines.filter((l) => l.labels?.service_name !== 'payments');
        for (let i = 0; i < 30; i++) {
          s.loki.lines.push(otlpLine('payments', now - 90_000 - i * 60_000, undefined));
        }
      })
    );
    expect(states(report)).toEqual(allOkBut({ 'trace-ids': 'broken' }));
    const c = check(report, 'trace-ids');
    expect(c.figure).toBe(
      '60 of 80 sampled error lines carry a trace id (75%) in 4 services; by structured metadata or labels 100%'
    );
    expect(c.cause).toContain(
      '`payments` at 0% while other services are not. `payments` logs over OpenTelemetry without trace context'
    );
    expect(c.details[0].rows[0]).toMatchObject({ name: 'payments', figure: '0 of 20 (0%)', state: 'broken' });
  });

  it('traces Tempo does not have: a steady share is degraded, all missing is broken', async () => {
    const half = await runScenario(
      stack((s) => {
        s.tempo.traces = new Set([...s.tempo.traces].filter((_, i) => i % 2 === 0));
      })
    );
    expect(check(half.report, 'tempo-traces')).toMatchObject({ state: 'degraded' });
    expect(check(half.report, 'tempo-traces').cause).toContain('steady share');
    const none = await runScenario(stack((s) => (s.tempo.traces = new Set())));
    expect(states(none.report)).toEqual(allOkBut({ 'tempo-traces': 'broken', exemplars: 'broken' }));
    expect(check(none.report, 'tempo-traces').figure).toBe('0 of 20 sampled trace ids found in Tempo (0%)');
  });

  it('no detected_level breaks the Loki check (and leaves no error lines to read)', async () => {
    const { report } = await runScenario(
      stack((s) => {
        s.loki.lines.forEach((l) => delete l.structuredMetadata?.detected_level);
      })
    );
    expect(check(report, 'loki')).toMatchObject({ state: 'broken' });
    expect(check(report, 'loki').cause).toBe(
      'None of the 112 lines in the last 15 min has `detected_level`, so Correlate’s error queries find nothing.'
    );
    expect(check(report, 'trace-ids').state).toBe('unknown');
  });

  it('metrics named `<namespace>/<name>` are near misses with Loki’s names', async () => {
    const { report } = await runScenario(
      stack((s) => {
        s.metrics.series.forEach((x) => x.service && (x.service = `shop/${x.service}`));
      })
    );
    expect(check(report, 'service-names')).toMatchObject({
      state: 'broken',
      figure: '0 services in both; 4 only in Loki, 4 only in the metrics (service); 4 near misses',
    });
  });

  it('`auto` finds the HTTP server metrics when there are no span metrics, and their `job` joins', async () => {
    const { report } = await runScenario(
      stack((s) => {
        s.metrics.series = s.metrics.series.filter((x) => !x.__name__.startsWith('traces_spanmetrics'));
      })
    );
    expect(check(report, 'red-metrics')).toMatchObject({
      state: 'ok',
      figure:
        'otel-http (http_server_request_duration_seconds_count): 4 services with server requests in this window; duration histogram http_server_request_duration_seconds_bucket present',
    });
    expect(check(report, 'service-names').state).toBe('ok');
    expect(check(report, 'exemplars').state).toBe('broken');
  });

  it('a configured family without series says which one has them', async () => {
    const { report } = await runScenario(
      stack((s) => (s.metrics.series = s.metrics.series.filter((x) => !x.__name__.startsWith('traces_spanmetrics')))),
      { settings: { ...SETTINGS, redSource: 'tempo-spanmetrics' } }
    );
    expect(check(report, 'red-metrics')).toMatchObject({
      state: 'broken',
      fix: 'Set the RED metrics source to otel-http in Correlate’s configuration.',
    });
  });

  it('no service graph metrics, or edges only from outside', async () => {
    const none = await runScenario(
      stack((s) => (s.metrics.series = s.metrics.series.filter((x) => !x.__name__.includes('service_graph'))))
    );
    expect(check(none.report, 'service-graph').state).toBe('broken');
    const outside = await runScenario(
      stack((s) => (s.metrics.series = s.metrics.series.filter((x) => !x.client || x.client === 'user')))
    );
    expect(check(outside.report, 'service-graph').state).toBe('degraded');
  });

  it('no exemplars', async () => {
    const { report } = await runScenario(stack((s) => (s.metrics.exemplars = [])));
    expect(check(report, 'exemplars')).toMatchObject({ state: 'broken' });
    expect(report.requests.filter((r) => r.to === 'tempo')).toHaveLength(20);
  });

  it('Grafana wiring as provisioned, then taken apart', async () => {
    const { report } = await runScenario(
      stack((s) => {
        s.settings[UIDS.tempo] = {};
        s.settings[UIDS.loki] = {
          derivedFields: [
            { name: 'trace_id', matcherType: 'label', matcherRegex: 'trace_id', datasourceUid: UIDS.tempo },
          ],
        };
        s.settings[UIDS.metrics] = { exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: UIDS.tempo }] };
      })
    );
    expect(states(report)).toEqual(allOkBut({ 'tempo-to-loki': 'broken', 'metrics-to-tempo': 'degraded' }));
  });
});

describe('partial failure: one data source down or forbidden marks only its checks', () => {
  it('Loki down', async () => {
    const { report } = await runScenario(
      stack((s) => (s.loki.down = 'dial tcp 172.18.0.4:3100: connect: connection refused'))
    );
    expect(states(report)).toEqual(
      allOkBut({ loki: 'unknown', 'trace-ids': 'unknown', 'tempo-traces': 'unknown', 'service-names': 'unknown' })
    );
    expect(check(report, 'loki').cause).toBe(
      'Loki did not answer: dial tcp 172.18.0.4:3100: connect: connection refused'
    );
    expect(check(report, 'tempo-traces').cause).toContain('connection refused');
  });

  it('the metrics data source down', async () => {
    const { report } = await runScenario(stack((s) => (s.metrics.down = { status: 502, message: 'Bad Gateway' })));
    expect(states(report)).toEqual(
      allOkBut({
        'red-metrics': 'unknown',
        'service-names': 'unknown',
        'service-graph': 'unknown',
        exemplars: 'unknown',
      })
    );
    expect(check(report, 'red-metrics').cause).toContain('Bad Gateway');
  });

  it('Tempo down', async () => {
    const { report } = await runScenario(stack((s) => (s.tempo.down = 'failed to get trace: dial tcp: i/o timeout')));
    expect(states(report)).toEqual(allOkBut({ 'tempo-traces': 'unknown', exemplars: 'unknown' }));
    expect(check(report, 'tempo-traces').cause).toBe(
      'Tempo did not answer: failed to get trace: dial tcp: i/o timeout'
    );
  });

  it('settings forbidden (403): the wiring checks could not check, saying which permission', async () => {
    const { report } = await runScenario(
      stack((s) => {
        s.settings[UIDS.loki] = 403;
        s.settings[UIDS.tempo] = 403;
        s.settings[UIDS.metrics] = 403;
      })
    );
    expect(states(report)).toEqual(
      allOkBut({ 'tempo-to-loki': 'unknown', 'loki-to-tempo': 'unknown', 'metrics-to-tempo': 'unknown' })
    );
    expect(check(report, 'loki-to-tempo').cause).toContain('Permissions needed: datasources:read');
  });

  it('no data sources at all', async () => {
    const { report } = await runScenario(stack(), { settings: DEFAULT_SETTINGS });
    expect(report.checks.every((c) => c.state === 'unknown' || c.state === 'broken')).toBe(true);
    expect(report.requests.filter((r) => r.to !== 'metrics')).toHaveLength(0);
  });
});

describe('hostile and empty data', () => {
  it('a noisy service does not hide quiet ones: the second wave reads what the sample missed', async () => {
    const run = await runScenario(
      stack((s, now) => {
        for (let i = 0; i < 500; i++) {
          s.loki.lines.push(otlpLine('noisy', now - 70_000 - i, traceId(5000 + i)));
          s.tempo.traces.add(traceId(5000 + i));
        }
      }),
      { settings: { ...SETTINGS, healthLinesPerService: 10, healthServices: 5 } }
    );
    const topUp = run.queries.find((q) => q.targets[0]?.refId === 'service0')!;
    // The sample of the 5 services with the most errors, then the top-up of those it missed.
    expect(run.report.requests.filter((r) => r.to === 'loki' && r.wave === 2)).toHaveLength(2);
    expect(topUp.targets.map((t) => t.expr)).toEqual(
      [...SERVICES].sort().map((s) => `{service_name="${s}"} | detected_level=~"(?i)error|critical|fatal"`)
    );
    expect(check(run.report, 'trace-ids').figure).toMatch(/^50 of 50 sampled error lines .* in 5 services/);
  });

  it('thousands of services with odd names: the worst 20 and a count, the same number of requests', async () => {
    const odd = (i: number) =>
      [`svc"${i}`, `} or vector(${i}) {`, `new\nline ${i}`, `中文 ${i}`, `${'x'.repeat(300)}${i}`][i % 5];
    const run = await runScenario(
      stack((s, now) => {
        for (let i = 0; i < 3000; i++) {
          s.loki.lines.push(otlpLine(odd(i), now - 100_000 - i, undefined));
          s.metrics.series.push({
            __name__: 'traces_spanmetrics_calls_total',
            service: `ns/${odd(i)}`,
            span_kind: 'SPAN_KIND_SERVER',
          });
        }
      })
    );
    const loki = check(run.report, 'loki');
    expect(loki.details[0].rows).toHaveLength(20);
    expect(loki.details[0].more).toBe(3004 - 20);
    expect(check(run.report, 'service-names').details[0].more).toBe(3000 - 20);
    // One line each is too little to call a service broken.
    const ids = check(run.report, 'trace-ids');
    expect(ids.state).toBe('degraded');
    expect(ids.details[0].rows).toHaveLength(20);
    expect(ids.details[0].rows[0].figure).toBe('0 of 1 (0%)');
    expect(run.report.requests.filter((r) => r.wave === 1)).toHaveLength(15);
    expect(run.report.requests.filter((r) => r.to === 'loki' && r.wave === 2).length).toBeLessThanOrEqual(2);
    // No line query over every stream: the sample reads the 20 services with the most errors, by name.
    const lines = run.backendCalls
      .filter((c) => c.type === 'loki')
      .flatMap((c) => c.targets)
      .filter((t) => !isMetricExpr(String(t.expr)));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((t) => selectorNarrows(String(t.expr)))).toBe(true);
    expect(ids.figure).toMatch(/\(sampled from the 20 services with the most errors\)/);
    // Seconds of work on a busy machine; the checks now yield between them, so Jest's timer can fire.
  }, 30_000);

  it('a per-service count Loki refuses reads "could not count" with Loki\'s reason, never 0 services', async () => {
    const run = await runScenario(
      stack((s, now) => {
        for (let i = 0; i < 1000; i++) {
          s.loki.lines.push(otlpLine(`svc-${i}`, now - 100_000 - i, undefined));
        }
      }),
      // A tenant with a lower max_query_series than a batch of services holds.
      { lokiLimits: { ...LOKI_LIMITS, maxQuerySeries: 300 } }
    );
    const loki = check(run.report, 'loki');
    expect(loki.state).toBe('unknown');
    expect(loki.figure).toBe('Could not count error lines per service');
    expect(loki.fix).toMatch(/limits_config\.max_query_series/);
    expect(JSON.stringify(loki)).toContain('maximum number of series (300) reached for a single query');
    expect(JSON.stringify(loki)).not.toMatch(/from 0 services/);
    // The lines still come: 20 services of the batch Loki did count, never every stream.
    const sample = run.queries.find((q) => q.targets[0]?.refId === 'sample')!;
    expect(selectorNarrows(String(sample.targets[0].expr))).toBe(true);
    expect(String(sample.targets[0].expr)).toMatch(/^\{service_name=~"(?:svc-\d+\|){19}svc-\d+"\} \| /);
    const ids = check(run.report, 'trace-ids');
    expect(ids.figure).toMatch(/^0 of 20 sampled error lines .*\(sampled from the 20 services with the most errors\)/);
  });

  it('an empty stack: every check says what is missing, none throws', async () => {
    const { report } = await runScenario({
      loki: { uid: UIDS.loki, lines: [] },
      tempo: { uid: UIDS.tempo, traces: new Set() },
      metrics: { uid: UIDS.metrics, series: [], exemplars: [] },
      settings: { [UIDS.loki]: {}, [UIDS.tempo]: {}, [UIDS.metrics]: {} },
    });
    expect(states(report)).toEqual({
      loki: 'broken',
      'trace-ids': 'unknown',
      'tempo-traces': 'unknown',
      'red-metrics': 'broken',
      'service-names': 'unknown',
      'service-graph': 'broken',
      exemplars: 'unknown',
      'tempo-to-loki': 'broken',
      'loki-to-tempo': 'broken',
      'metrics-to-tempo': 'broken',
    });
    expect(check(report, 'loki').figure).toBe('No logs in this window');
  });

  it('a window Loki would refuse is reported, not sent', async () => {
    const now = Date.now();
    const { report } = await runScenario(stack(), { range: { fromMs: now - 800 * 3_600_000, toMs: now } });
    expect(check(report, 'loki').cause).toContain('Invalid window');
  });
});
