/** Seeded draws for the simulation: counts, heavy-tailed latencies. Test code; `random` is seededRandom. */

export type Random = () => number;

/** A standard normal draw (Box-Muller). */
export function normal(random: Random): number {
  const u = Math.max(1e-12, random());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Poisson draw: Knuth's method below 30, a rounded normal above. */
export function poisson(random: Random, lambda: number): number {
  if (!(lambda > 0)) {
    return 0;
  }
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = random();
    while (p > limit) {
      k++;
      p *= random();
    }
    return k;
  }
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(random)));
}

/** Lognormal with this median and log-spread: most requests near the median, a long right tail. */
export const lognormal = (random: Random, median: number, sigma: number) => median * Math.exp(sigma * normal(random));

/** Pareto (type I) with this minimum and shape: a few very long waits (GC pauses, retries, cold caches). */
export const pareto = (random: Random, min: number, alpha: number) =>
  min / Math.pow(Math.max(1e-12, random()), 1 / alpha);

/** The q-quantile of a lognormal: median * exp(sigma * z_q). */
export const lognormalQuantile = (median: number, sigma: number, z: number) => median * Math.exp(sigma * z);

/** A pick by weight. */
export function weighted<T extends { weight: number }>(random: Random, items: T[]): T {
  const total = items.reduce((a, x) => a + x.weight, 0);
  let r = random() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) {
      return item;
    }
  }
  return items[items.length - 1];
}
