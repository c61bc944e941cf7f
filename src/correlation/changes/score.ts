/**
 * The score of a change: how strong the evidence is that something changed by more than a tolerated
 * amount, in the units of a standard normal deviate (a z-score), so that a new error signature, a
 * grown error fraction and a slower p95 can be ranked in one list. Pure.
 *
 * Counts (log lines, requests, failing spans) are compared as rates: `count / exposure` in each
 * window, where the exposure is what the count could have happened in (seconds, requests, spans).
 * Under "no change" the incident's share of the two counts follows a binomial law; the score is the
 * signed root of twice the log-likelihood ratio against that law, with:
 * - smoothing: half a count is added to each side (split by exposure), so 1 → 3 is weak evidence and
 *   0 → 1 is almost none, while 1,000 → 5,000 is overwhelming;
 * - tolerance: the null is "changed by at most TOLERANCE times", so a steady signature of 5,000 lines
 *   a minute that moves by 5% never scores, however large its counts;
 * - dispersion: when the baseline's own steps vary more than counting noise (bursty traffic), the
 *   evidence is divided by that excess (quasi-Poisson), so ordinary ups and downs never score.
 */

/** A change smaller than this factor (either way) scores 0. */
export const TOLERANCE = 1.25;
/** Counts added in total to the two sides before comparing (Jeffreys-style smoothing). */
export const PSEUDO_COUNT = 1;
/** Rows scoring at least this are "changed": the page lists them first and the summary names them. */
export const FLAG_SCORE = 3;

export interface Counts {
  /** What was counted in the window. */
  count: number;
  /** What it was counted over: seconds, requests or spans. Positive. */
  exposure: number;
}

export interface Score {
  /** 0 or more: the evidence against "no change beyond the tolerance". */
  score: number;
  /** Which way the rate moved (before the tolerance). */
  direction: 'up' | 'down';
  /** The incident rate over the baseline rate, after smoothing. */
  ratio: number;
}

export interface ScoreOptions {
  tolerance?: number;
  pseudoCount?: number;
  /** Variance over mean of the baseline's steps; 1 (counting noise) or more. */
  dispersion?: number;
}

const xlogy = (x: number, y: number) => (x === 0 ? 0 : x * Math.log(y));

const finiteNonNegative = (x: number) => (Number.isFinite(x) && x > 0 ? x : 0);

/** The score of the change from `baseline` to `incident` (see the file comment). */
export function rateChange(incident: Counts, baseline: Counts, opts: ScoreOptions = {}): Score {
  const tolerance = Math.max(1, opts.tolerance ?? TOLERANCE);
  const pseudo = Math.max(0, opts.pseudoCount ?? PSEUDO_COUNT);
  const dispersion = Math.max(1, Number.isFinite(opts.dispersion) ? (opts.dispersion as number) : 1);
  const e1 = finiteNonNegative(incident.exposure);
  const e0 = finiteNonNegative(baseline.exposure);
  if (e1 === 0 || e0 === 0) {
    return { score: 0, direction: 'up', ratio: 1 };
  }
  // The smoothing pulls towards "no change": each side gets its exposure's share of the pseudo count.
  const c1 = finiteNonNegative(incident.count) + (pseudo * e1) / (e1 + e0);
  const c0 = finiteNonNegative(baseline.count) + (pseudo * e0) / (e1 + e0);
  const n = c1 + c0;
  if (n === 0) {
    return { score: 0, direction: 'up', ratio: 1 };
  }
  const ratio = c1 / e1 / (c0 / e0);
  const direction = ratio >= 1 ? 'up' : 'down';
  if (ratio <= tolerance && ratio >= 1 / tolerance) {
    return { score: 0, direction, ratio };
  }
  const nullRatio = direction === 'up' ? tolerance : 1 / tolerance;
  const p0 = (nullRatio * e1) / (nullRatio * e1 + e0);
  const p = c1 / n;
  const llr = xlogy(c1, p / p0) + xlogy(c0, (1 - p) / (1 - p0));
  return { score: Math.sqrt(Math.max(0, (2 * llr) / dispersion)), direction, ratio };
}

/**
 * Variance over mean of counts per step (each step with the same exposure), at least 1: how much more
 * than counting noise the baseline moves. Fewer than four steps say nothing: 1.
 */
export function dispersionOf(counts: number[]): number {
  const xs = counts.filter((x) => Number.isFinite(x) && x >= 0);
  if (xs.length < 4) {
    return 1;
  }
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (mean <= 0) {
    return 1;
  }
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return Math.max(1, variance / mean);
}

/**
 * Pearson dispersion of failures per step against the baseline's failure fraction: how much more
 * than binomial noise the failures move, given each step's own traffic. At least 1.
 */
export function failureDispersionOf(steps: Array<{ failed: number; total: number }>): number {
  const xs = steps.filter((s) => Number.isFinite(s.failed) && Number.isFinite(s.total) && s.total > 0);
  if (xs.length < 4) {
    return 1;
  }
  const failed = xs.reduce((a, s) => a + s.failed, 0);
  const total = xs.reduce((a, s) => a + s.total, 0);
  const p = failed / total;
  if (p <= 0 || p >= 1) {
    return 1;
  }
  const chi2 = xs.reduce((a, s) => a + (s.failed - s.total * p) ** 2 / (s.total * p * (1 - p)), 0);
  return Math.max(1, chi2 / (xs.length - 1));
}

/** Smallest spread of a level's logarithm assumed, so a perfectly flat baseline does not make noise a change. */
const MIN_LOG_SPREAD = 0.1;

/**
 * The score of a change of a level (a p95 latency): how many of the baseline's own standard
 * deviations (on a log scale, at least MIN_LOG_SPREAD) the incident's median step lies beyond the
 * tolerance. Steps that are not positive numbers are ignored; too few on either side score 0.
 */
export function levelChange(incident: number[], baseline: number[], opts: { tolerance?: number } = {}): Score {
  const tolerance = Math.max(1, opts.tolerance ?? TOLERANCE);
  const logs = (xs: number[]) => xs.filter((x) => Number.isFinite(x) && x > 0).map(Math.log);
  const inc = logs(incident);
  const base = logs(baseline);
  if (inc.length < 2 || base.length < 2) {
    return { score: 0, direction: 'up', ratio: 1 };
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const mean = base.reduce((a, b) => a + b, 0) / base.length;
  const sd = Math.sqrt(base.reduce((a, x) => a + (x - mean) ** 2, 0) / (base.length - 1));
  const delta = median(inc) - median(base);
  const ratio = Math.exp(delta);
  const beyond = Math.abs(delta) - Math.log(tolerance);
  return {
    score: beyond > 0 ? beyond / Math.max(sd, MIN_LOG_SPREAD) : 0,
    direction: delta >= 0 ? 'up' : 'down',
    ratio,
  };
}
