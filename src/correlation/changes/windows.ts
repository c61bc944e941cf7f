/**
 * The two windows What changed compares: the incident window (the page's time range) and a baseline
 * of the same length, either just before it or the same window one day earlier. Pure.
 */

export type BaselineMode = 'previous' | 'day';
export const BASELINE_MODES: BaselineMode[] = ['previous', 'day'];
export const DEFAULT_BASELINE: BaselineMode = 'previous';

export interface Window {
  fromMs: number;
  toMs: number;
}

export interface Windows {
  incident: Window;
  baseline: Window;
  mode: BaselineMode;
}

const DAY_MS = 24 * 3_600_000;
/** Shortest incident window compared: below a minute there is nothing to count. */
export const MIN_INCIDENT_MS = 60_000;
/** Longest incident window compared: Loki keeps patterns 3 hours by default, and the cost grows with it. */
export const MAX_INCIDENT_MS = 6 * 3_600_000;
/** Data points asked for per window: enough for a baseline's own variation and a sparkline. */
export const POINTS_PER_WINDOW = 30;

export const windowLengthMs = (w: Window) => w.toMs - w.fromMs;
export const windowSeconds = (w: Window) => windowLengthMs(w) / 1000;

/** The baseline mode a link names; anything else is the default, with a sentence saying so. */
export function parseBaselineMode(raw: unknown): { mode: BaselineMode; problem?: string } {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === null || value === '') {
    return { mode: DEFAULT_BASELINE };
  }
  const text = String(value);
  if ((BASELINE_MODES as string[]).includes(text)) {
    return { mode: text as BaselineMode };
  }
  return {
    mode: DEFAULT_BASELINE,
    problem: `The link's baseline "${text.slice(0, 40)}" is not "previous" or "day"; the window just before is used.`,
  };
}

/**
 * The windows for an incident range. A range shorter than a minute is widened to one minute ending
 * where it ended; a longer one than MAX_INCIDENT_MS keeps its last MAX_INCIDENT_MS. Each repair is
 * reported.
 */
export function comparisonWindows(incident: Window, mode: BaselineMode): { windows: Windows; problems: string[] } {
  const problems: string[] = [];
  let { fromMs, toMs } = incident;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) {
    throw new Error('comparisonWindows needs a finite range that ends after it starts');
  }
  if (toMs - fromMs < MIN_INCIDENT_MS) {
    fromMs = toMs - MIN_INCIDENT_MS;
    problems.push('The incident window is shorter than a minute; the minute before its end is compared.');
  }
  if (toMs - fromMs > MAX_INCIDENT_MS) {
    fromMs = toMs - MAX_INCIDENT_MS;
    problems.push('The incident window is longer than 6 hours; its last 6 hours are compared.');
  }
  const length = toMs - fromMs;
  const baseline =
    mode === 'day' ? { fromMs: fromMs - DAY_MS, toMs: toMs - DAY_MS } : { fromMs: fromMs - length, toMs: fromMs };
  return { windows: { incident: { fromMs, toMs }, baseline, mode }, problems };
}

/**
 * The step for a window's series: about POINTS_PER_WINDOW points, a whole multiple of 10 s (Loki's
 * pattern samples are 10 s apart), at least 10 s.
 */
export function stepMsFor(w: Window, points = POINTS_PER_WINDOW): number {
  const raw = windowLengthMs(w) / Math.max(1, points);
  return Math.max(10_000, Math.floor(raw / 10_000) * 10_000);
}

/** The step as a duration string the three query languages read (`30s`). */
export const stepText = (stepMs: number) => `${Math.round(stepMs / 1000)}s`;

/**
 * Which window a sample's timestamp lies in, if any: the incident window with both ends, the
 * baseline without its end (where, just before, the incident starts).
 */
export function windowOf(ms: number, windows: Windows): 'incident' | 'baseline' | undefined {
  const { incident, baseline } = windows;
  if (ms >= incident.fromMs && ms <= incident.toMs) {
    return 'incident';
  }
  return ms >= baseline.fromMs && ms < baseline.toMs ? 'baseline' : undefined;
}
