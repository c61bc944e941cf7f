/** @jest-environment node */
import { redQueries } from '../promql';
import { RED_PROFILE_IDS, RED_PROFILES } from '../redProfiles';
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from './prometheusServer';
import { EXPECTED, redOpenMetrics } from './redSeries';

/**
 * The RED queries of every profile, run by a real Prometheus (Debian's package) on loopback over
 * series backfilled with promtool, with known rates, error fractions and latency buckets.
 */

const STEP_S = 15;
const DURATION_S = 3600;

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

describeWithPrometheus('RED queries against a real Prometheus', () => {
  let prom: RunningPrometheus | undefined;
  let evalTimeS = 0;

  beforeAll(async () => {
    // Two hours back: well inside retention, and a closed block promtool can write.
    const startS = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3 * 3600;
    evalTimeS = startS + DURATION_S - 10 * STEP_S;
    prom = await startPrometheus(redOpenMetrics(startS, DURATION_S, STEP_S));
  }, 90_000);

  afterAll(async () => {
    await prom?.stop();
  });

  /** Values by service of an instant query; `$__rate_interval` as Grafana would set it for 15 s data. */
  async function query(expr: string, serviceLabel: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const r of await prom!.query(expr, evalTimeS)) {
      out[r.metric[serviceLabel]] = r.value;
    }
    return out;
  }

  it.each(RED_PROFILE_IDS)('%s: rate, error fraction and p95 per service', async (id) => {
    const label = RED_PROFILES[id].serviceLabel;
    const q = redQueries(id, { services: [] });

    const rate = await query(q.rate, label);
    expect(Object.keys(rate).sort()).toEqual(['api', 'worker']);
    expect(rate.api).toBeCloseTo(EXPECTED.api.rate, 6);
    expect(rate.worker).toBeCloseTo(EXPECTED.worker.rate, 6);

    const errors = await query(q.errors, label);
    expect(errors.api).toBeCloseTo(EXPECTED.api.errors, 6);
    // No failed series for worker: 0, not absent.
    expect(errors.worker).toBe(0);

    const p95 = await query(q.duration, label);
    expect(p95.api).toBeCloseTo(EXPECTED.api.p95, 6);
    expect(p95.worker).toBeCloseTo(EXPECTED.worker.p95, 6);
  });

  it.each(RED_PROFILE_IDS)('%s: a service filter keeps only that service', async (id) => {
    const label = RED_PROFILES[id].serviceLabel;
    const q = redQueries(id, { services: ['worker'], rateInterval: '2m' });
    expect(await query(q.rate, label)).toEqual({ worker: EXPECTED.worker.rate });
  });

  it('otel-http: job is "<service.namespace>/<service.name>"; one service in two namespaces is one series', async () => {
    // The backfilled series really carry namespaced job values, as Mimir's OTLP translation writes them.
    const jobs = await query('count by (job) (http_server_request_duration_seconds_count)', 'job');
    expect(Object.keys(jobs).sort()).toEqual(['shop/api', 'staging/api', 'worker']);

    const api = redQueries('otel-http', { services: ['api'] });
    const rate = await query(api.rate, 'job');
    expect(Object.keys(rate)).toEqual(['api']);
    expect(rate.api).toBeCloseTo(EXPECTED.api.rate, 6);
    expect((await query(api.errors, 'job')).api).toBeCloseTo(EXPECTED.api.errors, 6);
    expect((await query(api.duration, 'job')).api).toBeCloseTo(EXPECTED.api.p95, 6);

    const worker = await query(redQueries('otel-http', { services: ['worker'] }).rate, 'job');
    expect(Object.keys(worker)).toEqual(['worker']);
    expect(worker.worker).toBeCloseTo(EXPECTED.worker.rate, 6);

    // A namespace is not a service, and names match whole.
    for (const other of ['shop', 'shop/api', 'pi', 'shop/', 'ap']) {
      expect([other, await query(redQueries('otel-http', { services: [other] }).rate, 'job')]).toEqual([other, {}]);
    }
  });

  it('a service name with regex and template characters matches nothing else', async () => {
    const q = redQueries('tempo-spanmetrics', { services: ['api|worker', '.*', '$__rate_interval'] });
    expect(await query(q.rate, 'service')).toEqual({});
  });
});
