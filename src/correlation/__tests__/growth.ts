/**
 * How much longer `large` takes than `small`: the ratio of their best times over several runs
 * after a warm-up. For 10x the input a linear algorithm takes ~10x the time, a quadratic one ~100x;
 * tests allow 30x, since garbage collection in the longer runs on a loaded 2-core machine once
 * measured 22x for a linear one. No test asserts an absolute time. The best run, not the median,
 * because on a shared machine other processes and the garbage collector only ever add time, and
 * they add more to the longer run.
 */
export function growthRatio(small: () => unknown, large: () => unknown, runs = 7): number {
  const best = (f: () => unknown) => {
    let min = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      f();
      min = Math.min(min, performance.now() - t);
    }
    return min;
  };
  small();
  large();
  // A floor of 0.05 ms keeps timer resolution from making a tiny input look free.
  return best(large) / Math.max(best(small), 0.05);
}

/**
 * How many property reads `run` makes on `items`, each behind a proxy that counts them: an operation
 * count that does not depend on the machine (a timed ratio does, on a shared one).
 */
export function propertyReads<T extends object>(items: T[], run: (counted: T[]) => unknown): number {
  let n = 0;
  const counted = items.map(
    (item) =>
      new Proxy(item, {
        get(target, key, receiver) {
          n++;
          return Reflect.get(target, key, receiver);
        },
      })
  );
  run(counted);
  return n;
}
