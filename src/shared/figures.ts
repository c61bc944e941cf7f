import { formattedValueToString, getValueFormat, type GrafanaTheme2 } from '@grafana/data';

/**
 * The one place where figures become text: durations, rates, percentages and counts through Grafana's own
 * value formats (the units its panels use), so "90 ms" and "12.5%" read the same on every page and in the
 * panels' axes. Unknown or unreadable figures are a dash.
 */
export const DASH = '–';

type Figure = number | undefined | null;
const known = (x: Figure): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Three significant digits first: Grafana picks the decimals from the value, and float noise
 * (0.0200000001 from a division) would otherwise read "2.00%" beside "3%".
 */
function unit(id: string): (x: Figure) => string {
  const format = getValueFormat(id);
  return (x) => (known(x) ? formattedValueToString(format(Number(x.toPrecision(3)))) : DASH);
}

/** A fraction (0.125) as a percentage: "12.5%". */
export const percentText = unit('percentunit');
/** Seconds as Grafana writes durations: "90 ms", "1.40 s", "2.08 mins". */
export const secondsText = unit('s');
/** Milliseconds as Grafana writes durations: "90 ms", "1.40 s". */
export const msText = unit('ms');
/** Requests per second: "4.80 req/s", "12.3K req/s". */
export const rateText = unit('reqps');

const integers = new Intl.NumberFormat('en-US');
/** A whole count with thousands separators: "12,345". */
export const countText = (n: Figure) => (known(n) ? integers.format(Math.round(n)) : DASH);

/**
 * "1 line", "2 lines", "1,200 lines": the one plural rule of the pages. `one` is the singular; `many` the
 * plural when it is not `one` + "s".
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${countText(n)} ${n === 1 ? one : many}`;
}

/**
 * Error-rate thresholds, as a Grafana threshold list would set them: base text below 5% (a few failing
 * requests are normal traffic: client errors, retries), orange from 5%, red from 20% (one request in five).
 */
export const ERROR_RATE_THRESHOLDS = { warning: 0.05, critical: 0.2 } as const;

export type ErrorRateLevel = 'normal' | 'warning' | 'critical';

export function errorRateLevel(fraction: Figure): ErrorRateLevel {
  if (!known(fraction) || fraction < ERROR_RATE_THRESHOLDS.warning) {
    return 'normal';
  }
  return fraction < ERROR_RATE_THRESHOLDS.critical ? 'warning' : 'critical';
}

/** The theme's colour for an error rate (undefined: the base text colour). */
export function errorRateColor(theme: GrafanaTheme2, fraction: Figure): string | undefined {
  const level = errorRateLevel(fraction);
  return level === 'normal' ? undefined : theme.visualization.getColorByName(level === 'warning' ? 'orange' : 'red');
}
