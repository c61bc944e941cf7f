/**
 * How much longer `large` takes than `small`, as a ratio of medians over several runs after a
 * warm-up. Tests compare it with the input's growth (10x the input: at most ~20x the time for a
 * linear algorithm, 100x for a quadratic one); no test asserts an absolute time.
 */
export function medianRatio(small: () => unknown, large: () => unknown, runs = 7): number {
  const median = (f: () => unknown) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      f();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(runs / 2)];
  };
  small();
  large();
  // A floor of 0.05 ms keeps timer resolution from making a tiny input look free.
  return median(large) / Math.max(median(small), 0.05);
}
