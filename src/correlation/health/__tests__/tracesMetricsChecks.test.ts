import { exemplarsCheck, exemplarTraceItems } from '../exemplarsCheck';
import { redCheck, serviceGraphCheck } from '../redCheck';
import type { Exemplar } from '../responses';
import { isNotFound, lookupOutcome, tempoCheck, type TraceLookup } from '../tempoCheck';
import { failed, fetched } from '../types';

const NOW = Date.UTC(2026, 10, 25, 12);
const MIN = 60_000;
const id = (n: number) => n.toString(16).padStart(32, 'a');
const found = (n: number, service = 'orders', ago = 10 * MIN, flags?: number): TraceLookup => ({
  item: { traceId: id(n), service, timeMs: NOW - ago, flags },
  outcome: { found: true },
});
const missing = (n: number, service = 'orders', ago = 10 * MIN, flags?: number): TraceLookup => ({
  item: { traceId: id(n), service, timeMs: NOW - ago, flags },
  outcome: { found: false },
});

describe('Trace ids that Tempo knows', () => {
  const run = (lookups: TraceLookup[]) => tempoCheck({ lookups: fetched(lookups), tempoUid: 'tempo-uid', nowMs: NOW });

  it('reads Grafana’s not-found error as missing and any other error as not asked', () => {
    expect(isNotFound('failed to get trace with id: abc Status: 404 Not Found Body: trace not found')).toBe(true);
    expect(
      lookupOutcome(failed('failed to get trace with id: abc Status: 404 Not Found Body: trace not found'))
    ).toEqual({
      found: false,
    });
    expect(lookupOutcome(failed('dial tcp: connection refused'))).toEqual({
      found: false,
      error: 'dial tcp: connection refused',
    });
    expect(lookupOutcome(fetched(3))).toEqual({ found: true });
    expect(lookupOutcome(fetched(0))).toEqual({ found: false });
  });

  it('ok: every sampled trace found', () => {
    const r = run([found(1), found(2, 'payments')]);
    expect(r.state).toBe('ok');
    expect(r.figure).toBe('2 of 2 sampled trace ids found in Tempo (100%)');
  });

  it('broken: none found points at the wrong Tempo', () => {
    const r = run([missing(1), missing(2, 'payments')]);
    expect(r.state).toBe('broken');
    expect(r.figure).toBe('0 of 2 sampled trace ids found in Tempo (0%)');
    expect(r.cause).toContain('not the Tempo these services send traces to');
    expect(r.details[0].rows[0]).toMatchObject({ name: id(1), figure: 'missing', state: 'broken' });
  });

  it('broken: none found and the logs say the traces were not sampled', () => {
    const r = run([missing(1, 'orders', 10 * MIN, 0), missing(2, 'orders', 9 * MIN, 0)]);
    expect(r.state).toBe('broken');
    expect(r.cause).toContain('never sampled: their log lines carry trace flags 00');
  });

  it('degraded: a steady share missing across services and times is sampling', () => {
    const r = run([
      found(1, 'a', 50 * MIN),
      missing(2, 'b', 40 * MIN),
      found(3, 'b', 30 * MIN),
      missing(4, 'a', 20 * MIN),
      found(5, 'a', 10 * MIN),
    ]);
    expect(r.state).toBe('degraded');
    expect(r.figure).toBe('3 of 5 sampled trace ids found in Tempo (60%)');
    expect(r.cause).toContain('A steady share of traces is missing');
  });

  it('degraded: only the oldest missing is retention, only the newest is ingestion delay', () => {
    const old = run([
      missing(1, 'a', 300 * MIN),
      missing(2, 'b', 200 * MIN),
      found(3, 'a', 20 * MIN),
      found(4, 'b', 10 * MIN),
    ]);
    expect(old.cause).toContain('Only the oldest traces are missing (older than about 3 h)');
    expect(old.fix).toContain('block_retention');
    const fresh = run([found(1, 'a', 30 * MIN), found(2, 'b', 20 * MIN), missing(3, 'a', 2 * MIN)]);
    expect(fresh.cause).toBe('Only the newest traces are missing: they have not reached Tempo yet.');
  });

  it('degraded: one service’s traces missing names that service', () => {
    const r = run([
      found(1, 'orders', 50 * MIN),
      missing(2, 'billing', 40 * MIN),
      found(3, 'orders', 30 * MIN),
      missing(4, 'billing', 5 * MIN),
    ]);
    expect(r.cause).toContain('Every sampled trace of `billing` is missing while other services’ traces are there');
  });

  it('could not check: no ids, Tempo failing, or no sample', () => {
    expect(run([])).toMatchObject({ state: 'unknown', figure: 'No trace ids to look up' });
    const down = run([{ ...missing(1), outcome: { found: false, error: 'HTTP 502 Bad Gateway' } }]);
    expect(down).toMatchObject({ state: 'unknown', cause: 'Tempo did not answer: HTTP 502 Bad Gateway' });
    expect(tempoCheck({ lookups: failed('No Tempo data source'), nowMs: NOW }).state).toBe('unknown');
  });
});

const families = (values: Record<string, string[] | string>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? fetched(v) : failed(v)]));
const NAMES = fetched(['traces_spanmetrics_calls_total', 'traces_spanmetrics_latency_bucket']);

describe('RED metrics', () => {
  const detected = { profile: 'tempo-spanmetrics' as const, tried: [] };
  it('ok: the detected family has services and a histogram', () => {
    const r = redCheck({
      detection: detected,
      familyServices: families({ 'tempo-spanmetrics': ['a', 'b'], 'otel-http': [] }),
      metricNames: NAMES,
      metricsUid: 'm',
    });
    expect(r.state).toBe('ok');
    expect(r.figure).toBe(
      'tempo-spanmetrics (traces_spanmetrics_calls_total): 2 services with server requests in this window; duration histogram traces_spanmetrics_latency_bucket present'
    );
    expect(r.details[0].rows[0]).toMatchObject({ figure: '2 services', note: 'used by Correlate' });
  });

  it('broken: no family, naming the metrics looked for', () => {
    const r = redCheck({
      detection: { tried: ['traces_spanmetrics_calls_total', 'traces_span_metrics_calls_total'] },
      familyServices: families({ 'tempo-spanmetrics': [] }),
      metricNames: fetched([]),
    });
    expect(r.state).toBe('broken');
    expect(r.figure).toBe(
      'No RED metrics: none of `traces_spanmetrics_calls_total` and `traces_span_metrics_calls_total`'
    );
    expect(r.fix).toContain('span-metrics');
  });

  it('broken: the configured family has no series while another has, and says to switch', () => {
    const r = redCheck({
      detection: detected,
      familyServices: families({ 'tempo-spanmetrics': [], 'otel-http': ['shop/a'] }),
      metricNames: NAMES,
    });
    expect(r.state).toBe('broken');
    expect(r.cause).toBe(
      'Correlate reads RED from traces_spanmetrics_calls_total, which has no server-request series in this window, while otel-http does.'
    );
    expect(r.fix).toBe('Set the RED metrics source to otel-http in Correlate’s configuration.');
  });

  it('degraded: no duration histogram', () => {
    const r = redCheck({
      detection: detected,
      familyServices: families({ 'tempo-spanmetrics': ['a'] }),
      metricNames: fetched(['traces_spanmetrics_calls_total']),
    });
    expect(r.state).toBe('degraded');
    expect(r.cause).toContain('traces_spanmetrics_latency_bucket has no series');
  });

  it('degraded: many services in Loki without RED series names Mimir’s series limit and how to raise it', () => {
    // 3,000 services log; RED reached Mimir for the first 200 only (the rest refused at ingestion).
    const loki = Array.from({ length: 3000 }, (_, i) => `svc-${i}`);
    const r = redCheck({
      detection: detected,
      familyServices: families({ 'tempo-spanmetrics': loki.slice(0, 200) }),
      metricNames: NAMES,
      lokiServices: fetched(loki),
    });
    expect(r.state).toBe('degraded');
    expect(r.figure).toContain('2,800 of 3,000 services in Loki have none');
    expect(r.cause).toContain('max_global_series_per_user, 150,000 by default');
    expect(r.fix).toContain('-ingester.max-global-series-per-user');
    expect(r.links.map((l) => l.url)).toContain('/plugins/correlate-investigation-app#health-red-metrics');
    expect(r.details[1].title).toBe('Services in Loki without RED series');
  });

  it('ok: a few services without RED (batch jobs, no server spans) are not blamed on the limit', () => {
    const loki = Array.from({ length: 100 }, (_, i) => `svc-${i}`);
    for (const lokiServices of [fetched(loki), failed('HTTP 502')]) {
      const r = redCheck({
        detection: detected,
        familyServices: families({ 'tempo-spanmetrics': loki.slice(0, 95) }),
        metricNames: NAMES,
        lokiServices,
      });
      expect(r.state).toBe('ok');
    }
  });

  it('could not check: the metrics data source failed', () => {
    const r = redCheck({
      detection: { tried: [], error: 'The metrics data source could not be asked for metric names (HTTP 502).' },
      familyServices: families({ 'tempo-spanmetrics': 'HTTP 502' }),
      metricNames: failed('HTTP 502'),
    });
    expect(r.state).toBe('unknown');
    expect(r.cause).toContain('HTTP 502');
  });
});

describe('Service graph metrics', () => {
  const names = fetched(['traces_service_graph_request_total', 'traces_service_graph_request_server_seconds_bucket']);
  it('ok: clients and servers, edges between instrumented services', () => {
    const r = serviceGraphCheck({
      metricNames: names,
      clients: fetched(['gateway', 'user']),
      servers: fetched(['gateway', 'orders']),
    });
    expect(r.state).toBe('ok');
    expect(r.figure).toBe('3 services in the graph: 2 clients, 2 servers');
  });
  it('broken: no service graph metrics', () => {
    const r = serviceGraphCheck({ metricNames: fetched([]), clients: fetched([]), servers: fetched([]) });
    expect(r.state).toBe('broken');
    expect(r.fix).toContain('service-graphs');
  });
  it('degraded: every edge from outside means no trace context between services', () => {
    const r = serviceGraphCheck({ metricNames: names, clients: fetched(['user']), servers: fetched(['a', 'b']) });
    expect(r.state).toBe('degraded');
    expect(r.cause).toContain('trace context is not passed between services');
  });
  it('degraded: no latency histogram; no client/server labels', () => {
    expect(
      serviceGraphCheck({
        metricNames: fetched(['traces_service_graph_request_total']),
        clients: fetched(['a']),
        servers: fetched(['b']),
      }).cause
    ).toContain('shows no latency');
    expect(serviceGraphCheck({ metricNames: names, clients: fetched([]), servers: fetched([]) }).cause).toContain(
      'lack the `client` and `server` labels'
    );
  });
  it('could not check', () => {
    expect(
      serviceGraphCheck({ metricNames: failed('HTTP 403'), clients: failed('HTTP 403'), servers: failed('HTTP 403') })
    ).toMatchObject({
      state: 'unknown',
      cause: 'The metrics data source did not answer: HTTP 403',
    });
  });
});

const BUCKET = 'traces_spanmetrics_latency_bucket';
const exemplar = (n: number, labels: Record<string, string> = { traceID: id(n) }, metric = BUCKET): Exemplar => ({
  series: { __name__: metric, service: 'orders' },
  labels,
  timeMs: NOW - n * 1000,
});

describe('Exemplars', () => {
  const base = {
    profile: 'tempo-spanmetrics' as const,
    metricNames: NAMES,
    metricsUid: 'm',
    tempoUid: 't',
  };
  it('reads the trace id from traceID or trace_id, by the series’ service', () => {
    expect(
      exemplarTraceItems(
        [exemplar(1), exemplar(2, { trace_id: id(2) }), exemplar(3, { other: 'x' })],
        'tempo-spanmetrics'
      )
    ).toEqual([
      { traceId: id(1), service: 'orders', timeMs: NOW - 1000 },
      { traceId: id(2), service: 'orders', timeMs: NOW - 2000 },
    ]);
  });
  it('reads a Tempo id written without its leading zeros; an SDK family keeps ids whole', () => {
    const full = `00000${'a'.repeat(27)}`;
    const trimmed = exemplar(1, { traceID: 'a'.repeat(27) });
    expect(exemplarTraceItems([trimmed], 'tempo-spanmetrics')).toEqual([
      { traceId: full, service: 'orders', timeMs: NOW - 1000 },
    ]);
    expect(exemplarTraceItems([trimmed], 'otel-spanmetrics')).toEqual([]);
  });
  it('ok: exemplars whose traces Tempo has', () => {
    const r = exemplarsCheck({
      ...base,
      exemplars: fetched([exemplar(1), exemplar(2)]),
      lookups: fetched([found(1), found(2)]),
    });
    expect(r.state).toBe('ok');
    expect(r.figure).toBe(
      '2 exemplars on traces_spanmetrics_latency_bucket in the last minute, trace ids under `traceID`; 2 of 2 looked up found in Tempo (100%)'
    );
  });
  it('broken: no exemplars on the family’s histogram (another family’s do not count)', () => {
    const r = exemplarsCheck({
      ...base,
      exemplars: fetched([exemplar(1, undefined, 'other_bucket')]),
      lookups: fetched([]),
    });
    expect(r.state).toBe('broken');
    expect(r.figure).toBe(
      'No exemplars on traces_spanmetrics_latency_bucket in the last minute of the window, for the services with the most errors'
    );
    expect(r.fix).toContain('send_exemplars: true');
  });
  it('broken: exemplars without a trace id', () => {
    const r = exemplarsCheck({ ...base, exemplars: fetched([exemplar(1, { span: 'x' })]), lookups: fetched([]) });
    expect(r.state).toBe('broken');
    expect(r.cause).toContain('labels seen: `span`');
  });
  it('degraded or broken when their traces are missing', () => {
    const some = exemplarsCheck({
      ...base,
      exemplars: fetched([exemplar(1), exemplar(2)]),
      lookups: fetched([found(1), missing(2)]),
    });
    expect(some.state).toBe('degraded');
    expect(some.cause).toContain('tail sampling');
    const none = exemplarsCheck({ ...base, exemplars: fetched([exemplar(1)]), lookups: fetched([missing(1)]) });
    expect(none.state).toBe('broken');
  });
  it('could not check: no family, the exemplar API failed, Tempo failed', () => {
    expect(exemplarsCheck({ ...base, profile: undefined, exemplars: fetched([]), lookups: fetched([]) }).state).toBe(
      'unknown'
    );
    expect(exemplarsCheck({ ...base, exemplars: failed('bad_data: parse error'), lookups: fetched([]) })).toMatchObject(
      {
        state: 'unknown',
        cause: 'The metrics data source did not give exemplars: bad_data: parse error',
      }
    );
    const tempoDown = exemplarsCheck({
      ...base,
      exemplars: fetched([exemplar(1)]),
      lookups: fetched([{ ...missing(1), outcome: { found: false, error: 'HTTP 502' } }]),
    });
    expect(tempoDown).toMatchObject({ state: 'unknown', cause: 'Tempo did not answer for exemplar traces: HTTP 502' });
  });
});
