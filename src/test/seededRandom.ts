/**
 * mulberry32: a small seeded generator, so tests and benchmarks see the same numbers on every run.
 * The demo shop (demo/src/config.ts) is its own package and build, so it keeps its own copy; the
 * browser harness imports this one.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
