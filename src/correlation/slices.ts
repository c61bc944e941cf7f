/**
 * Work on untrusted data (log lines, patterns) spread over the main thread: items are processed in
 * slices of at most `sliceMs`, and the browser runs between slices, so no task blocks input for long
 * (the project's bound is 200 ms); the whole run stops after `budgetMs` of work, saying how far it
 * got. One item's cost is bounded by its own code (trace-id patterns by their budget, signatures by
 * their scan limits), so a slice overruns by one item at most. The first slice runs at once: a page
 * whose work fits in it gets its result synchronously, as before.
 */

export interface SliceOptions {
  /** Work between two yields to the browser. */
  sliceMs: number;
  /** Work in all; the rest of the items are left out. */
  budgetMs: number;
  /** Defaults to performance.now. */
  now?: () => number;
}

export interface SliceResult<R> {
  results: R[];
  /** Items in all (`results.length` were processed). */
  total: number;
  /** Stopped by the budget before the last item. */
  partial: boolean;
}

/** A page's defaults: 40 ms slices, 1.5 s of work in all. */
export const PAGE_SLICES: SliceOptions = { sliceMs: 40, budgetMs: 1500 };

/** A run that processes one slice per `step()`; `step` returns the result once there is no more to do. */
export function slicedRun<T, R>(items: ArrayLike<T>, work: (item: T, index: number) => R, options: SliceOptions) {
  const now = options.now ?? (() => performance.now());
  const results: R[] = [];
  let spent = 0;
  let i = 0;
  return {
    step(): SliceResult<R> | undefined {
      const start = now();
      while (i < items.length) {
        if (now() - start >= options.sliceMs) {
          spent += now() - start;
          return spent >= options.budgetMs ? { results, total: items.length, partial: true } : undefined;
        }
        results.push(work(items[i], i));
        i++;
      }
      return { results, total: items.length, partial: false };
    },
  };
}

/**
 * Runs `run` to the end: its first slice now, the others each in a task of its own (`schedule`,
 * setTimeout by default), unless `cancelled()` says the result is no longer wanted.
 */
export function runInSlices<R>(
  run: { step: () => SliceResult<R> | undefined },
  onDone: (result: SliceResult<R>) => void,
  cancelled: () => boolean,
  schedule: (next: () => void) => void = (next) => setTimeout(next, 0)
): void {
  const next = () => {
    if (cancelled()) {
      return;
    }
    const result = run.step();
    if (result) {
      onDone(result);
    } else {
      schedule(next);
    }
  };
  next();
}

/**
 * Resolves in a task of its own (after the browser has had its turn): `await nextTask()` between two
 * pieces of work. A message, not a timer where there is one: chained timers in a background tab wait
 * up to a minute each (Chrome's intensive throttling), messages do not.
 */
export const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof MessageChannel !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
