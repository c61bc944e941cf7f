import { signatureOf } from '../errorSignature';
import type { LogRow } from '../logRows';
import { countText } from './format';
import { patternSearchText, type PatternSeries } from './patternsResponse';
import { dispersionOf, rateChange } from './score';
import type { ChangeRow } from './types';
import { bucketWindow, patternWindows } from './patternWindows';
import { windowSeconds, type Window, type Windows } from './windows';

/**
 * Error signatures new, grown, fallen or gone in the incident window. Counted by Loki (patterns API) over every
 * error line of both windows, or, without it, estimated from our own fingerprints over a bounded
 * sample of lines scaled by the windows' error counts. Pure.
 */

/** Loki's pattern querier drops patterns with fewer lines than this in the range asked (pkg/pattern minClusterSize). */
export const LOKI_PATTERN_FLOOR = 30;
/** Rows of this kind kept: the strongest. */
export const MAX_SIGNATURE_ROWS = 20;

interface WindowCounts {
  total: number;
  /** Counts per step, for the baseline's own variation. */
  steps: number[];
}

function stepCounts(samples: Array<[number, number]>, w: Window, stepMs: number): WindowCounts {
  const steps = new Array<number>(Math.max(1, Math.ceil((w.toMs - w.fromMs) / stepMs))).fill(0);
  let total = 0;
  for (const [ms, count] of samples) {
    const i = Math.min(steps.length - 1, Math.max(0, Math.floor((ms - w.fromMs) / stepMs)));
    steps[i] += count;
    total += count;
  }
  return { total, steps };
}

function signatureRow(
  id: string,
  title: string,
  services: string[],
  link: ChangeRow['link'],
  inc: { count: number; exposure: number; text: string; value: number },
  base: { count: number; exposure: number; text: string; value: number; absent: boolean; belowFloor?: boolean },
  dispersion: number
): ChangeRow | undefined {
  const counts = {
    incident: { count: inc.count, exposure: inc.exposure },
    baseline: { count: base.count, exposure: base.exposure },
    dispersion,
  };
  const s = rateChange(counts.incident, counts.baseline, { dispersion });
  if (s.score <= 0) {
    return undefined;
  }
  const up = s.direction === 'up';
  // A fall is shown as one: a signature that went away is what a recovery looks like in the logs.
  const what = up
    ? base.belowFloor
      ? 'New or grown error signature'
      : base.absent
        ? 'New error signature'
        : 'Error signature grew'
    : inc.count === 0
      ? 'Error signature disappeared'
      : 'Error signature fell';
  return {
    id,
    kind: 'signature',
    title: `${what}: ${title}`,
    service: services.length === 1 ? services[0] : undefined,
    baselineText: base.text,
    incidentText: inc.text,
    baselineValue: base.value,
    incidentValue: inc.value,
    score: s.score,
    direction: s.direction,
    ratio: s.ratio,
    appeared: up && base.absent,
    disappeared: !up && inc.count === 0,
    measure: 'signature',
    counts,
    link,
  };
}

const strongest = (rows: Array<ChangeRow | undefined>) =>
  rows
    .filter((r): r is ChangeRow => Boolean(r))
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_SIGNATURE_ROWS);

/**
 * From patterns. `previous` mode asks Loki once over both windows (`incident` and `baseline` are the
 * same answer, split by time), so a pattern is listed with both windows' lines whenever it has
 * LOKI_PATTERN_FLOOR lines in all; that call covers patternsCallRange, and the windows counted are
 * patternWindows, on Loki's step buckets. With one answer per window (a baseline within Loki's 3 h
 * retention that is not just before; the page never asks so today, as a day-earlier baseline is older),
 * a pattern missing from the baseline's answer had fewer than LOKI_PATTERN_FLOOR lines there, and is
 * counted as just under it.
 */
export function signatureChangesFromPatterns(input: {
  windows: Windows;
  stepMs: number;
  incident: PatternSeries[];
  baseline: PatternSeries[];
  services: string[];
}): ChangeRow[] {
  const { stepMs, services } = input;
  const split = input.incident === input.baseline;
  const windows = split ? patternWindows(input.windows, stepMs) : input.windows;
  const inBaselineAnswer = new Set(input.baseline.map((s) => s.pattern));
  const all = new Map<string, { inc: Array<[number, number]>; base: Array<[number, number]> }>();
  const entryOf = (pattern: string) => {
    const entry = all.get(pattern) ?? { inc: [], base: [] };
    all.set(pattern, entry);
    return entry;
  };
  for (const s of input.incident) {
    const entry = entryOf(s.pattern);
    for (const sample of s.samples) {
      // One answer over both windows is split by time; an answer for one window is all that window.
      const w = split ? bucketWindow(sample[0], stepMs, windows) : 'incident';
      if (w) {
        entry[w === 'incident' ? 'inc' : 'base'].push(sample);
      }
    }
  }
  if (!split) {
    for (const s of input.baseline) {
      entryOf(s.pattern).base.push(...s.samples);
    }
  }
  const incSeconds = windowSeconds(windows.incident);
  const baseSeconds = windowSeconds(windows.baseline);
  return strongest(
    [...all.entries()].map(([pattern, samples]) => {
      const inc = stepCounts(samples.inc, windows.incident, stepMs);
      const base = stepCounts(samples.base, windows.baseline, stepMs);
      const belowFloor = !split && !inBaselineAnswer.has(pattern);
      const baseCount = belowFloor ? LOKI_PATTERN_FLOOR - 1 : base.total;
      const search = patternSearchText(pattern);
      return signatureRow(
        `signature:${pattern}`,
        pattern,
        services,
        { to: 'errors', services, search },
        { count: inc.total, exposure: incSeconds, text: countText(inc.total, 'lines'), value: inc.total },
        {
          count: baseCount,
          exposure: baseSeconds,
          text: belowFloor ? `under ${LOKI_PATTERN_FLOOR} lines` : countText(base.total, 'lines'),
          value: belowFloor ? 0 : base.total,
          absent: !belowFloor && base.total === 0,
          belowFloor,
        },
        dispersionOf(base.steps)
      );
    })
  );
}

/** One window's sample: the error lines read (newest first, bounded) and how many error lines the window has. */
export interface SignatureSample {
  rows: LogRow[];
  /** Every error line in the window, by a LogQL count; at least the sample's size. */
  total: number;
}

function fingerprintCounts(rows: LogRow[]) {
  const counts = new Map<string, { count: number }>();
  for (const row of rows) {
    const { fingerprint } = signatureOf(row.line);
    const c = counts.get(fingerprint) ?? { count: 0 };
    c.count++;
    counts.set(fingerprint, c);
  }
  return counts;
}

/**
 * From samples: each window's share of a fingerprint, scaled to the window's error lines. The
 * evidence is what the sample holds: a window's exposure is its length times the sampled fraction
 * of its lines.
 */
export function signatureChangesFromSamples(input: {
  windows: Windows;
  incident: SignatureSample;
  baseline: SignatureSample;
  services: string[];
}): ChangeRow[] {
  const { windows, services } = input;
  const side = (s: SignatureSample, w: Window) => {
    const n = s.rows.length;
    const total = Math.max(n, Number.isFinite(s.total) ? s.total : 0);
    return {
      counts: fingerprintCounts(s.rows),
      n,
      total,
      exposure: total > 0 ? (windowSeconds(w) * n) / total : windowSeconds(w),
    };
  };
  const inc = side(input.incident, windows.incident);
  const base = side(input.baseline, windows.baseline);
  const estimate = (count: number, s: typeof inc) => (s.n > 0 ? (count * s.total) / s.n : 0);
  const text = (count: number, s: typeof inc) =>
    s.n === s.total
      ? countText(count, 'lines')
      : `≈ ${countText(estimate(count, s), 'lines')} (${count} of ${s.n} read)`;
  const fingerprints = new Set([...inc.counts.keys(), ...base.counts.keys()]);
  return strongest(
    [...fingerprints].map((fingerprint) => {
      const c = { count: inc.counts.get(fingerprint)?.count ?? 0 };
      const b = base.counts.get(fingerprint)?.count ?? 0;
      return signatureRow(
        `signature:${fingerprint}`,
        fingerprint,
        services,
        { to: 'errors', services, signature: fingerprint },
        { count: c.count, exposure: inc.exposure, text: text(c.count, inc), value: estimate(c.count, inc) },
        { count: b, exposure: base.exposure, text: text(b, base), value: estimate(b, base), absent: b === 0 },
        1
      );
    })
  );
}
