import { percentText as percent, plural, rateText as rate, secondsText as seconds } from '../../shared/figures';

/** Figures as What changed shows them: Grafana's value formats, through the pages' one place for them. Pure. */

/** "1 line", "90 lines": `unit` is the plural ("lines", "failing spans", "more"). */
export function countText(n: number, unit: string): string {
  return plural(n, unit === 'more' ? unit : unit.replace(/s$/, ''), unit);
}

/** A fraction as a percentage: "12.5%". */
export const percentText = (fraction: number) => percent(fraction);

/** Seconds as a duration: "90 ms", "1.40 s". */
export const secondsText = (s: number) => seconds(s);

/** Requests per second: "4.80 req/s". */
export const rateText = (perSecond: number) => rate(perSecond);

/**
 * `2026-11-24 11:00:00 UTC`: for the copied summary only, pasted into a channel read in many zones. The
 * page itself writes times in the user's zone (src/shared/time.ts).
 */
export function utcText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A window's length in words: `15 minutes`, `2 hours`, `90 seconds`. */
export function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 3600 === 0) {
    return `${s / 3600} hour${s === 3600 ? '' : 's'}`;
  }
  if (s % 60 === 0) {
    return `${s / 60} minute${s === 60 ? '' : 's'}`;
  }
  return `${s} seconds`;
}
