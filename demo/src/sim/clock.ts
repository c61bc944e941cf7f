/**
 * A simulated clock for the simulator: replaces the global timers, Date.now and performance.now
 * (what the demo and the OpenTelemetry SDK read: sdk-trace Span.mjs takes Date.now() for a span's
 * start and performance.now() for its duration; sdk-logs LogRecordImpl.mjs takes Date.now()), and
 * runs the timers in time order, each after every promise the last one settled has run. The same
 * start gives the same run, independent of the machine's speed.
 */
interface Timer {
  id: number;
  at: number;
  every?: number;
  fn: (...args: unknown[]) => void;
  args: unknown[];
}

/** What the timer functions return: Node's Timeout is an object callers may unref. */
class Handle {
  readonly id: number;
  constructor(id: number) {
    this.id = id;
  }
  unref() {
    return this;
  }
  ref() {
    return this;
  }
  hasRef() {
    return false;
  }
  [Symbol.toPrimitive]() {
    return this.id;
  }
}

export interface SimClock {
  now(): number;
  /** Runs every timer due up to `untilMs`, in order, then stands at `untilMs`. */
  runUntil(untilMs: number): Promise<void>;
  /** Puts the real timers and clocks back. */
  restore(): void;
}

export function installSimClock(startMs: number): SimClock {
  const real = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
    setImmediate: globalThis.setImmediate,
    dateNow: Date.now,
    performanceNow: performance.now,
  };
  let current = startMs;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  const add = (fn: Timer['fn'], ms: unknown, args: unknown[], every: boolean) => {
    const delay = Math.max(0, Number(ms) || 0);
    const timer: Timer = { id: nextId++, at: current + delay, fn, args, every: every ? Math.max(1, delay) : undefined };
    timers.set(timer.id, timer);
    return new Handle(timer.id);
  };
  const clear = (handle: unknown) => {
    timers.delete(Number(handle));
  };
  const g = globalThis as Record<string, unknown>;
  g.setTimeout = (fn: Timer['fn'], ms?: number, ...args: unknown[]) => add(fn, ms, args, false);
  g.setInterval = (fn: Timer['fn'], ms?: number, ...args: unknown[]) => add(fn, ms, args, true);
  g.clearTimeout = clear;
  g.clearInterval = clear;
  Date.now = () => current;
  // Monotonic from the start of the run; the SDK only ever subtracts two readings.
  performance.now = () => current - startMs;

  // One real macrotask: every promise reaction queued so far (and those they queue) runs first.
  const settle = () => new Promise<void>((resolve) => real.setImmediate(resolve));
  const next = () => {
    let first: Timer | undefined;
    for (const t of timers.values()) {
      // Same time: the one set first (Map keeps insertion order, ids grow).
      if (!first || t.at < first.at) {
        first = t;
      }
    }
    return first;
  };

  return {
    now: () => current,
    async runUntil(untilMs) {
      for (;;) {
        await settle();
        const timer = next();
        if (!timer || timer.at > untilMs) {
          break;
        }
        current = Math.max(current, timer.at);
        if (timer.every) {
          // Re-queued behind the timers already due at the next time, as Node's list does.
          timers.delete(timer.id);
          timer.at += timer.every;
          timers.set(timer.id, timer);
        } else {
          timers.delete(timer.id);
        }
        timer.fn(...timer.args);
      }
      current = Math.max(current, untilMs);
    },
    restore() {
      g.setTimeout = real.setTimeout;
      g.clearTimeout = real.clearTimeout;
      g.setInterval = real.setInterval;
      g.clearInterval = real.clearInterval;
      Date.now = real.dateNow;
      performance.now = real.performanceNow;
    },
  };
}
