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
 * Bounds of every time a link may carry (`time`, `from`, `to`): 1970 to the end of the year 9999,
 * the times Grafana's time picker, ISO text and every data source can show. A value outside is
 * reported, never stretched into "a window ending now".
 */
export const MIN_TIME_MS = 0;
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** A log line's time may run ahead of this browser's clock by this much (clock skew), no more. */
export const MAX_FUTURE_HINT_MS = 24 * 60 * 60_000;

export function isTimeInBounds(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_TIME_MS && ms <= MAX_TIME_MS;
}

/** The one sentence a page shows for a link's time it cannot use; `instead` says what it does. */
export function timeParamProblem(key: string, raw: string, instead: string): string {
  return `The link's "${key}" (${JSON.stringify(raw.slice(0, 40))}) is not a time from 1970 to 9999 (epoch milliseconds, ISO 8601 or Grafana time such as now-1h); ${instead}.`;
}

/**
 * Reads a time parameter from a URL: epoch milliseconds (digits) or an ISO-8601 date, from 1970 to
 * 9999. Anything else, including relative forms like `now-1h`, is undefined for the caller to report.
 */
export function parseTimeParam(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'number') {
    ms = value;
  } else if (typeof value === 'string') {
    const s = value.trim();
    if (/^\d{1,16}$/.test(s)) {
      ms = Number(s);
    } else if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
      ms = Date.parse(s);
    }
  }
  return ms !== undefined && isTimeInBounds(ms) ? ms : undefined;
}

/**
 * The trace page's time hint (a log line's time): a time as parseTimeParam reads it, and not later
 * than a day from now, since a log line cannot come from the future.
 */
export function checkTimeHint(raw: string, nowMs = Date.now()): { ms?: number; problem?: string } {
  const ms = parseTimeParam(raw);
  if (ms === undefined) {
    return { problem: timeParamProblem('time', raw, "the trace's own time is used") };
  }
  if (ms > nowMs + MAX_FUTURE_HINT_MS) {
    return {
      problem: `The link's "time" (${new Date(ms).toISOString()}) is in the future, and a log line cannot be; the trace's own time is used.`,
    };
  }
  return { ms };
}
