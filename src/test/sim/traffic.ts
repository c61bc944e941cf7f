import { poisson, type Random } from './distributions';
import { activeAt, type Fault, type TrafficFault } from './faults';
import type { Shop } from './shop';

/**
 * When requests arrive at the shop's entry: a Poisson count each second around a rate that drifts
 * (a linear trend and a slow wave) and bursts, times any traffic fault. Test code.
 */

/** Traffic bursts: about one per 5 minutes, 20-60 s at 1.5-2.5 times the traffic. */
function burstsOf(random: Random, fromMs: number, toMs: number) {
  const out: Array<{ fromMs: number; toMs: number; factor: number }> = [];
  for (let t = fromMs; t < toMs; t += 300_000) {
    if (random() < 0.5) {
      const start = t + random() * 240_000;
      out.push({ fromMs: start, toMs: start + 20_000 + random() * 40_000, factor: 1.5 + random() });
    }
  }
  return out;
}

/** Calls `arrive` with each request's time, in order; returns how many arrived. */
export function arrivals(
  random: Random,
  opts: { shop: Shop; faults: Fault[]; fromMs: number; toMs: number; drift?: number },
  arrive: (t: number) => void
): number {
  const { shop, fromMs, toMs } = opts;
  const traffic = opts.faults.filter((f): f is TrafficFault => f.kind === 'traffic');
  const bursts = burstsOf(random, fromMs, toMs);
  const drift = opts.drift ?? 0.08;
  let requests = 0;
  for (let second = fromMs; second < toMs; second += 1000) {
    const trend =
      1 +
      (drift * (second - fromMs)) / (toMs - fromMs) +
      0.05 * Math.sin((2 * Math.PI * (second - fromMs)) / 1_200_000);
    const burst = bursts.filter((b) => second >= b.fromMs && second < b.toMs).reduce((a, b) => a * b.factor, 1);
    const factor = traffic.filter((f) => activeAt(f, second)).reduce((a, f) => a * f.factor, 1);
    const n = poisson(random, shop.entryRate * trend * burst * factor);
    for (let i = 0; i < n; i++) {
      arrive(second + random() * 1000);
      requests++;
    }
  }
  return requests;
}
