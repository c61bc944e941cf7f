/** @jest-environment node */
import { serviceEdgesQueries } from '../serviceGraph';
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from './prometheusServer';
import { EDGES, serviceGraphOpenMetrics } from './serviceGraphSeries';

/**
 * The service-graph queries run by a real Prometheus (Debian's package) on loopback over Tempo-shaped
 * service-graph series backfilled with promtool: edges, rates, error fractions and p95 of a service's
 * callers and callees, evaluated as Grafana runs them (instant queries, `$__range` the window).
 */

const STEP_S = 15;
const DURATION_S = 3600;

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

describeWithPrometheus('service-graph queries against a real Prometheus', () => {
  let prom: RunningPrometheus | undefined;
  let evalTimeS = 0;

  beforeAll(async () => {
    const startS = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3 * 3600;
    evalTimeS = startS + DURATION_S;
    prom = await startPrometheus(serviceGraphOpenMetrics(startS, DURATION_S, STEP_S));
  }, 90_000);

  afterAll(async () => {
    await prom?.stop();
  });

  /** Values by edge `client→server` of an instant query over the last 30 minutes of the data. */
  async function byEdge(expr: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const r of await prom!.query(expr, evalTimeS, { range: '30m' })) {
      out[`${r.metric.client}→${r.metric.server}`] = r.value;
    }
    return out;
  }

  const expected = (names: string[], key: 'rate' | 'errors' | 'p95') =>
    Object.fromEntries(names.map((n) => [n, EDGES[n][key]]));

  it('finds the callers and callees of orders, its call to itself once, with rates, error fractions and p95', async () => {
    const q = serviceEdgesQueries('orders');
    const edges = ['gateway→orders', 'orders→inventory', 'orders→payments', 'orders→orders'];
    const rates = await byEdge(q.requests);
    expect(Object.keys(rates).sort()).toEqual([...edges].sort());
    for (const [key, value] of Object.entries(expected(edges, 'rate'))) {
      expect([key, rates[key]]).toEqual([key, expect.closeTo(value, 6)]);
    }
    const errors = await byEdge(q.errors);
    expect(Object.keys(errors).sort()).toEqual([...edges].sort());
    for (const [key, value] of Object.entries(expected(edges, 'errors'))) {
      // 0 for an edge without failures, not absent.
      expect([key, errors[key]]).toEqual([key, expect.closeTo(value, 6)]);
    }
    const p95 = await byEdge(q.p95);
    expect(Object.keys(p95).sort()).toEqual([...edges].sort());
    for (const [key, value] of Object.entries(expected(edges, 'p95'))) {
      expect([key, p95[key]]).toEqual([key, expect.closeTo(value, 6)]);
    }
  });

  it('takes the latency the caller measured for a server Tempo never saw, and the server’s for an outside caller', async () => {
    const payments = await byEdge(serviceEdgesQueries('payments').p95);
    expect(payments['payments→stripe']).toBeCloseTo(EDGES['payments→stripe'].p95, 6);
    expect(payments['orders→payments']).toBeCloseTo(EDGES['orders→payments'].p95, 6);
    const gateway = await byEdge(serviceEdgesQueries('gateway').p95);
    expect(gateway['user→gateway']).toBeCloseTo(EDGES['user→gateway'].p95, 6);
    expect((await byEdge(serviceEdgesQueries('payments').errors))['payments→stripe']).toBeCloseTo(0.5, 6);
  });

  it('says whether the service-graph metrics exist, and a hostile name matches nothing', async () => {
    const q = serviceEdgesQueries('orders"} or vector(1) or {x="');
    expect(await prom!.query(q.present, evalTimeS)).toEqual([{ metric: {}, value: 1 }]);
    for (const expr of [q.requests, q.errors, q.p95]) {
      expect(await prom!.query(expr, evalTimeS, { range: '30m' })).toEqual([]);
    }
    expect(await byEdge(serviceEdgesQueries('.*').requests)).toEqual({});
    expect(await byEdge(serviceEdgesQueries('$__range').requests)).toEqual({});
  });
});
