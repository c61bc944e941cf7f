import { readServiceEdges } from '../../../correlation/serviceGraph/edges';
import { seriesOfFrame } from '../../../correlation/changes/seriesOfFrames';
import { spanCountsFromCompare } from '../../../correlation/changes/spanCounts';
import { compareQueries, redWindowQueries } from '../../../pages/changed/changedQueries';
import { serviceEdgesQueries } from '../../../queries/serviceGraph';
import { compareFrames, patternsBody, redFrames, serviceGraphFrames, spansetFilter } from '../answers';
import type { Fault } from '../faults';
import { defaultShop } from '../shop';
import { simulate } from '../simulate';
import type { SimSpan, Simulation } from '../simTypes';

/** The simulation is test code, but a wrong one proves nothing: its figures against its parameters. */

const FROM = Date.UTC(2026, 10, 24, 14, 0, 0);
const MIN = 60_000;
const RANGE_MS = 20 * MIN;
const run = (faults: Fault[] = [], seed = 5, shop = defaultShop()) =>
  simulate({ shop, faults, fromMs: FROM, toMs: FROM + RANGE_MS, seed });

const servers = (sim: Simulation, service: string, from = FROM, to = FROM + RANGE_MS) =>
  sim.spans.filter((s) => s.kind === 'server' && s.service === service && s.startMs >= from && s.startMs < to);
const failedShare = (spans: SimSpan[]) => spans.filter((s) => s.failed).length / spans.length;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

/** Φ by Abramowitz-Stegun 7.1.26, and its inverse by bisection: enough for a p95 to a few tenths of a percent. */
function phi(z: number) {
  const t = 1 / (1 + (0.3275911 * Math.abs(z)) / Math.SQRT2);
  const erf =
    1 -
    t * (0.2548296 + t * (-0.28449674 + t * (1.4214137 + t * (-1.453152 + t * 1.0614054)))) * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
function inversePhi(p: number) {
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    [lo, hi] = phi(mid) < p ? [mid, hi] : [lo, mid];
  }
  return lo;
}

describe('the simulated shop', () => {
  const quiet = run();
  const hour = simulate({ shop: defaultShop(), faults: [], fromMs: FROM, toMs: FROM + 60 * MIN, seed: 3 });

  it('is seeded: the same seed gives the same spans, another seed others', () => {
    const again = run();
    expect(again.spans.length).toBe(quiet.spans.length);
    expect(again.spans.slice(0, 50)).toEqual(quiet.spans.slice(0, 50));
    expect(run([], 6).spans.length).not.toBe(quiet.spans.length);
  });

  it('sends each service the traffic its calls give it, with drift and bursts beyond counting noise', () => {
    const shop = defaultShop();
    const perSecond = (service: string) => servers(quiet, service).length / (RANGE_MS / 1000);
    // Drift 8% over the range (4% on average) and bursts (half the 5-minute blocks, 20-60 s at 1.5-2.5×).
    expect(perSecond('frontend') / shop.entryRate).toBeGreaterThan(1.0);
    expect(perSecond('frontend') / shop.entryRate).toBeLessThan(1.35);
    expect(perSecond('checkout') / perSecond('frontend')).toBeCloseTo(0.5, 1);
    expect(perSecond('catalog') / perSecond('frontend')).toBeCloseTo(0.5, 1);
    // inventory on every order, payments on the orders inventory reserved, shipping on one in seven.
    expect(perSecond('inventory') / perSecond('checkout')).toBeCloseTo(1, 1);
    expect(perSecond('shipping') / perSecond('checkout')).toBeGreaterThan(0.1);
    expect(perSecond('shipping') / perSecond('checkout')).toBeLessThan(0.2);
    const perMinute = new Array(60).fill(0);
    for (const s of servers(hour, 'frontend', FROM, FROM + 60 * MIN)) {
      perMinute[Math.floor((s.startMs - FROM) / MIN)]++;
    }
    const mean = perMinute.reduce((a, b) => a + b, 0) / perMinute.length;
    const variance = perMinute.reduce((a, x) => a + (x - mean) ** 2, 0) / (perMinute.length - 1);
    expect(variance / mean).toBeGreaterThan(1.5);
  });

  it('doubles every service’s traffic with a traffic fault', () => {
    const doubled = run([{ kind: 'traffic', factor: 2, fromMs: FROM + RANGE_MS / 2 }], 9);
    for (const service of ['frontend', 'checkout', 'payments']) {
      const ratio =
        servers(doubled, service, FROM + RANGE_MS / 2).length /
        servers(doubled, service, FROM, FROM + RANGE_MS / 2).length;
      expect(ratio).toBeGreaterThan(1.6);
      expect(ratio).toBeLessThan(2.5);
    }
  });

  it('gives a leaf service the p95 of its lognormal work and Pareto tail, and heavy tails', () => {
    const { work } = defaultShop().services.find((s) => s.name === 'shipping')!;
    // Below the tail's minimum, P(duration ≤ x) = (1 - tailP) Φ(ln(x / median) / σ).
    const p95 = work.medianMs * Math.exp(work.sigma * inversePhi(0.95 / (1 - work.tailP)));
    const many = hour;
    const measured = quantile(
      servers(many, 'shipping', FROM, FROM + 60 * MIN).map((s) => s.durationMs),
      0.95
    );
    expect(measured / p95).toBeGreaterThan(0.9);
    expect(measured / p95).toBeLessThan(1.1);
    const payments = servers(many, 'payments', FROM, FROM + 60 * MIN).map((s) => s.durationMs);
    expect(quantile(payments, 0.999) / quantile(payments, 0.5)).toBeGreaterThan(8);
  });

  it('fails the share of requests an errors fault says, and the callers with their own status and message', () => {
    const sim = run(
      [{ kind: 'errors', service: 'inventory', rate: 0.2, pattern: 'lock <_>', message: 'lock timeout', fromMs: FROM }],
      11
    );
    const inventory = servers(sim, 'inventory');
    expect(failedShare(inventory)).toBeGreaterThan(0.17);
    expect(failedShare(inventory)).toBeLessThan(0.23);
    const checkout = servers(sim, 'checkout');
    expect(failedShare(checkout)).toBeGreaterThan(failedShare(inventory) - 0.02);
    const propagated = checkout.filter((s) => s.statusMessage === 'inventory failed');
    expect(propagated.length).toBeGreaterThan(0.8 * inventory.filter((s) => s.statusMessage === 'lock timeout').length);
    expect(propagated.every((s) => s.attributes['http.response.status_code'] === 502)).toBe(true);
    const clients = sim.spans.filter(
      (s) => s.kind === 'client' && s.attributes['peer.service'] === 'inventory' && s.failed
    );
    expect(new Set(clients.map((s) => s.statusMessage))).toEqual(new Set(['HTTP 500']));
    expect(sim.logs.filter((l) => l.pattern === 'lock <_>').length).toBe(
      inventory.filter((s) => s.statusMessage === 'lock timeout').length
    );
    expect(failedShare(servers(sim, 'frontend').filter((s) => s.name === 'POST /checkout'))).toBeGreaterThan(0.17);
  });

  it('a crashed service sends no spans; its callers get "connection refused" and fail with 502', () => {
    const crash = FROM + 5 * MIN;
    const sim = run([{ kind: 'crash', service: 'shipping', fromMs: crash }], 12);
    expect(servers(sim, 'shipping', crash)).toEqual([]);
    const calls = sim.spans.filter(
      (s) => s.kind === 'client' && s.attributes['peer.service'] === 'shipping' && s.startMs >= crash
    );
    expect(calls.length).toBeGreaterThan(20);
    expect(
      calls.every(
        (s) =>
          s.failed &&
          /^connect ECONNREFUSED /.test(s.statusMessage ?? '') &&
          !('http.response.status_code' in s.attributes)
      )
    ).toBe(true);
    const refused = servers(sim, 'checkout', crash).filter((s) => s.statusMessage === 'shipping unavailable');
    expect(refused.length).toBe(calls.length);
    expect(refused.every((s) => s.attributes['http.response.status_code'] === 502)).toBe(true);
  });

  it('a slow statement makes its service slow, and its callers time out after their 1 s', () => {
    const sim = run([{ kind: 'slowDb', service: 'inventory', table: 'stock', factor: 250, fromMs: FROM }], 13);
    const db = sim.spans.filter(
      (s) => s.kind === 'client' && s.service === 'inventory' && s.attributes['db.system'] === 'postgresql'
    );
    expect(
      quantile(
        db.map((s) => s.durationMs),
        0.5
      )
    ).toBeGreaterThan(1000);
    expect(db.some((s) => s.failed && s.statusMessage === 'canceling statement due to statement timeout')).toBe(true);
    const timeouts = sim.spans.filter(
      (s) =>
        s.kind === 'client' &&
        s.service === 'checkout' &&
        /^timeout after 1000ms calling inventory/.test(s.statusMessage ?? '')
    );
    expect(timeouts.length).toBeGreaterThan(0.5 * servers(sim, 'checkout').length);
    expect(servers(sim, 'checkout').filter((s) => s.statusMessage === 'inventory timeout').length).toBe(
      timeouts.length
    );
  });
});

describe('the simulated data sources', () => {
  const crash = FROM + 10 * MIN;
  const sim = run([{ kind: 'crash', service: 'shipping', fromMs: crash }], 21);
  const before = { fromMs: FROM + MIN, toMs: crash };
  const after = { fromMs: crash, toMs: FROM + RANGE_MS };
  const stepMs = 30_000;

  it('Tempo counts the server spans of the last 30 minutes (local blocks), every span before', () => {
    const query = compareQueries([], stepMs)[0].query;
    const recent = spanCountsFromCompare(compareFrames(sim, query, before, stepMs, { nowMs: FROM + RANGE_MS }));
    const inWindow = sim.spans.filter((s) => s.startMs > before.fromMs - stepMs && s.startMs <= before.toMs);
    expect(recent.attributes.get('span.peer.service')).toBeUndefined();
    expect(recent.spans).toBeGreaterThan(0.95 * inWindow.filter((s) => s.kind === 'server').length);
    const old = spanCountsFromCompare(
      compareFrames(
        sim,
        compareQueries(['checkout'], stepMs)[0].query.replace('kind = server', 'kind = client'),
        before,
        stepMs,
        { nowMs: FROM + 3 * 60 * MIN }
      )
    );
    expect([...old.attributes.get('span.peer.service')!.values.keys()].sort()).toEqual([
      'inventory',
      'payments',
      'shipping',
    ]);
    expect(() => spansetFilter('{ span.foo = "x" } | compare({ status = error })')).toThrow(/does not evaluate/);
  });

  it('Prometheus keeps a stopped service’s series at rate 0 until it goes stale; Loki leaves out small patterns', () => {
    const targets = redWindowQueries('tempo-spanmetrics', [], after);
    const frames = redFrames(sim, targets, [], after, stepMs);
    const rate = frames
      .map(seriesOfFrame)
      .find((s, i) => frames[i].refId === 'rate' && s?.labels.service === 'shipping')!;
    expect(rate.values.slice(3).every((v) => v === 0)).toBe(true);
    const frontend = frames
      .map(seriesOfFrame)
      .find((s, i) => frames[i].refId === 'rate' && s?.labels.service === 'frontend')!;
    const spans = servers(sim, 'frontend', after.fromMs, after.toMs).length / ((after.toMs - after.fromMs) / 1000);
    expect(frontend.values.reduce((a, b) => a + b, 0) / frontend.values.length / spans).toBeCloseTo(1, 0);
    const body = patternsBody(sim, [], { fromMs: FROM, toMs: FROM + RANGE_MS }, stepMs);
    const patterns = new Set(body.data.map((p) => p.pattern));
    const counts = new Map<string, number>();
    sim.logs.forEach((l) => counts.set(l.pattern, (counts.get(l.pattern) ?? 0) + 1));
    for (const [pattern, n] of counts) {
      expect([pattern, patterns.has(pattern)]).toEqual([
        pattern,
        n >= 40 ? true : n < 30 ? false : patterns.has(pattern),
      ]);
    }
  });

  it('the service graph fails every call to the crashed service, and names the database by its address', () => {
    const q = serviceEdgesQueries('checkout');
    const targets = (Object.keys(q) as Array<keyof typeof q>).map((refId) => ({ refId, expr: q[refId] }));
    const edges = (w: typeof after) => readServiceEdges(serviceGraphFrames(sim, targets, w, ['checkout'])).edges;
    const shipping = (w: typeof after) => edges(w).find((e) => e.server === 'shipping');
    expect(shipping(before)?.errorFraction).toBeLessThan(0.05);
    expect(shipping(after)?.errorFraction).toBe(1);
    expect(
      edges(after)
        .map((e) => `${e.client}->${e.server}`)
        .sort()
    ).toEqual(
      [
        'checkout->inventory',
        'checkout->payments',
        'checkout->postgres.shop.svc',
        'checkout->shipping',
        'frontend->checkout',
      ].sort()
    );
  });
});
