/** @jest-environment node */
import { overviewOrder, overviewQueries, redQueries, topServicesRedQueries, visibleRowsQueries } from '../promql';
import { RED_PROFILES, type RedProfileId } from '../redProfiles';
import { FLEET, P95, fleetOpenMetrics } from './overviewSeries';
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from './prometheusServer';

/**
 * The Services overview's queries, run by a real Prometheus over a backfilled fleet of 30 services:
 * the server returns only the top `limit` services, in the order the page shows, with the figures
 * the data was written with; the count and the search reach every service.
 */

const PROFILES: RedProfileId[] = ['tempo-spanmetrics', 'otel-spanmetrics'];
const STEP_S = 60;
const DURATION_S = 3600;
const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

describeWithPrometheus('Services overview queries against a real Prometheus', () => {
  let prom: RunningPrometheus | undefined;
  let evalTimeS = 0;

  beforeAll(async () => {
    const startS = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3 * 3600;
    // $__range = 30m, well inside the data: every rate is exact.
    evalTimeS = startS + DURATION_S - 600;
    prom = await startPrometheus(fleetOpenMetrics(PROFILES, startS, DURATION_S, STEP_S));
  }, 90_000);

  afterAll(async () => {
    await prom?.stop();
  });

  const run = async (expr: string, label: string) => {
    const out: Record<string, number> = {};
    for (const r of await prom!.query(expr, evalTimeS, { range: '30m' })) {
      out[r.metric[label] ?? ''] = r.value;
    }
    return out;
  };

  /** The page's rows from the list queries, in the page's order. */
  async function list(id: RedProfileId, limit: number, search?: string) {
    const label = RED_PROFILES[id].serviceLabel;
    const q = overviewQueries(id, { limit, search });
    const rate = await run(q.rate, label);
    const errors = await run(q.errors, label);
    const rows = Object.keys(rate).map((service) => ({
      service,
      rate: rate[service],
      errorFraction: errors[service],
    }));
    return { rows: rows.sort(overviewOrder), count: Object.values(await run(q.count, label))[0], q, label };
  }

  it.each(PROFILES)('%s: the top 5 only, most failed requests first, then the busiest', async (id) => {
    const { rows, count } = await list(id, 5);
    expect(rows.map((r) => r.service)).toEqual(['checkout', 'payments', 'tiny-broken', 'search-api', 'svc-25']);
    expect(rows[0].rate).toBeCloseTo(50, 6);
    expect(rows[0].errorFraction).toBeCloseTo(0.1, 6);
    expect(rows[1].errorFraction).toBeCloseTo(0.5, 6);
    expect(rows[2].errorFraction).toBeCloseTo(1, 6);
    expect(rows[3].errorFraction).toBe(0);
    expect(count).toBe(FLEET.length);
    // The old overview asked for every service: one series each.
    const old = await run(
      redQueries(id, { services: [], rateInterval: '$__range' }).errors,
      RED_PROFILES[id].serviceLabel
    );
    expect(Object.keys(old)).toHaveLength(FLEET.length);
  });

  it('returns every service when the limit allows, and no more than the limit otherwise', async () => {
    expect((await list('tempo-spanmetrics', 1000)).rows).toHaveLength(FLEET.length);
    expect((await list('tempo-spanmetrics', 1)).rows.map((r) => r.service)).toEqual(['checkout']);
  });

  it('the search reaches every service, any case, and counts its matches', async () => {
    const pay = await list('tempo-spanmetrics', 5, 'PAY');
    expect(pay.rows.map((r) => r.service)).toEqual(['payments']);
    expect(pay.count).toBe(1);
    expect(Object.values(await run(pay.q.all!, pay.label))[0]).toBe(FLEET.length);
    // svc-10 … svc-19 (not svc-01), far below the top 5 of the whole fleet.
    const svc1 = await list('tempo-spanmetrics', 5, 'svc-1');
    expect(svc1.count).toBe(10);
    expect(svc1.rows.map((r) => r.service)).toEqual(['svc-19', 'svc-18', 'svc-17', 'svc-16', 'svc-15']);
    // Regex characters are literal: nothing is named like this.
    expect((await list('tempo-spanmetrics', 5, 'svc-.*')).rows).toEqual([]);
  });

  it('What changed without services: the top 3 of the window, ranked at its end', async () => {
    const window = { fromMs: (evalTimeS - 1800) * 1000, toMs: evalTimeS * 1000 };
    const q = topServicesRedQueries('tempo-spanmetrics', { limit: 3, window });
    const rate = await run(q.rate, 'service');
    expect(Object.keys(rate).sort()).toEqual(['checkout', 'payments', 'tiny-broken']);
    expect(rate.checkout).toBeCloseTo(50, 6);
    expect((await run(q.errors, 'service')).payments).toBeCloseTo(0.5, 6);
    expect((await run(q.duration, 'service')).payments).toBeCloseTo(P95.slow, 6);
  });

  it.each(PROFILES)('%s: p95 of the rows on screen, and only theirs', async (id) => {
    const label = RED_PROFILES[id].serviceLabel;
    const p95 = await run(visibleRowsQueries(id, ['checkout', 'payments']).duration, label);
    expect(Object.keys(p95).sort()).toEqual(['checkout', 'payments']);
    expect(p95.checkout).toBeCloseTo(P95.fast, 6);
    expect(p95.payments).toBeCloseTo(P95.slow, 6);
  });
});
