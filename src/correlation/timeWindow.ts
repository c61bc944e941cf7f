/** The one time window an investigation uses for every query on its page. */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

export interface WindowOptions {
  /** Added on each side. */
  paddingMs: number;
  /** Query step: the window is widened outward to whole steps. */
  stepMs?: number;
  /** The present; defaults to Date.now(). The window never reaches past it. */
  nowMs?: number;
}

const MIN_WIDTH_MS = 1000;

function finite(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new RangeError(`${what} must be a finite number of milliseconds, got ${String(n)}`);
  }
  return n;
}

/**
 * Window from `startMs` to `endMs` widened by the padding, aligned outward to the step, at least
 * one step (or one second) wide, and never in the future. Throws a RangeError on non-finite input,
 * so a bad URL parameter is reported by the page instead of becoming a nonsense query.
 */
export function windowAroundTrace(startMs: number, endMs: number, opts: WindowOptions): TimeWindow {
  let start = finite(startMs, 'start');
  let end = finite(endMs, 'end');
  if (end < start) {
    [start, end] = [end, start];
  }
  const padding = Math.max(0, Number.isFinite(opts.paddingMs) ? opts.paddingMs : 0);
  const step = opts.stepMs && Number.isFinite(opts.stepMs) && opts.stepMs > 0 ? opts.stepMs : 0;
  const now = opts.nowMs !== undefined && Number.isFinite(opts.nowMs) ? opts.nowMs : Date.now();
  const minWidth = Math.max(step, MIN_WIDTH_MS);

  let from = start - padding;
  let to = Math.min(end + padding, now);
  if (step) {
    from = Math.floor(from / step) * step;
    const aligned = Math.ceil(to / step) * step;
    // Aligning up must not step into the future.
    to = aligned <= now ? aligned : Math.floor(to / step) * step;
  }
  if (to - from < minWidth) {
    from = to - minWidth;
    if (step) {
      from = Math.floor(from / step) * step;
    }
  }
  return { fromMs: from, toMs: to };
}

/** Window around one moment (a log line's time). */
export function windowAroundTime(timeMs: number, opts: WindowOptions): TimeWindow {
  return windowAroundTrace(timeMs, timeMs, opts);
}

/**
 * Reads a time parameter from a URL: epoch milliseconds (digits) or an ISO-8601 date. Anything else,
 * including relative forms like `now-1h`, is undefined for the caller to report.
 */
export function parseTimeParam(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const s = value.trim();
  if (/^\d{1,16}$/.test(s)) {
    return Number(s);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const ms = Date.parse(s);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}
