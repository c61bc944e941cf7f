import { runInSlices, slicedRun, type SliceResult } from '../slices';

/** A clock that each item of work advances by `costMs`: slices are counted, not timed. */
function clock() {
  let t = 0;
  return { now: () => t, spend: (ms: number) => (t += ms) };
}

describe('work in slices (review: one budget for the main thread)', () => {
  it('yields after each slice and gives every result when the budget allows', () => {
    const c = clock();
    const tasks: Array<() => void> = [];
    let done: SliceResult<number> | undefined;
    const run = slicedRun([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (x) => (c.spend(10), x * 2), {
      sliceMs: 40,
      budgetMs: 1000,
      now: c.now,
    });
    runInSlices(
      run,
      (r) => (done = r),
      () => false,
      (next) => tasks.push(next)
    );
    // The first slice ran at once: 4 items of 10 ms, then a yield.
    expect(done).toBeUndefined();
    expect(tasks).toHaveLength(1);
    while (tasks.length) {
      tasks.shift()!();
    }
    expect(done).toEqual({ results: [2, 4, 6, 8, 10, 12, 14, 16, 18, 20], total: 10, partial: false });
  });

  it('stops at the budget and says how far it got', () => {
    const c = clock();
    const tasks: Array<() => void> = [];
    let done: SliceResult<number> | undefined;
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const run = slicedRun(items, (x) => (c.spend(15), x), { sliceMs: 40, budgetMs: 200, now: c.now });
    runInSlices(
      run,
      (r) => (done = r),
      () => false,
      (next) => tasks.push(next)
    );
    while (tasks.length) {
      tasks.shift()!();
    }
    expect(done?.partial).toBe(true);
    expect(done?.total).toBe(1000);
    // 3 items (45 ms) per slice until 200 ms of work: 5 slices.
    expect(done?.results).toHaveLength(15);
  });

  it('finishes synchronously when the work fits in one slice, and a cancelled run never reports', () => {
    let done: SliceResult<number> | undefined;
    runInSlices(
      slicedRun([1, 2], (x) => x, { sliceMs: 40, budgetMs: 100 }),
      (r) => (done = r),
      () => false
    );
    expect(done?.results).toEqual([1, 2]);
    const c = clock();
    const tasks: Array<() => void> = [];
    let cancelled = false;
    let reported = false;
    const run = slicedRun([1, 2, 3, 4, 5, 6], (x) => (c.spend(30), x), { sliceMs: 40, budgetMs: 1000, now: c.now });
    runInSlices(
      run,
      () => (reported = true),
      () => cancelled,
      (next) => tasks.push(next)
    );
    cancelled = true;
    while (tasks.length) {
      tasks.shift()!();
    }
    expect(reported).toBe(false);
  });
});
