import type { FrameLike } from '../frame';
import { percentText, rateText, secondsText } from './format';
import { dispersionOf, failureDispersionOf, levelChange, rateChange, type Score } from './score';
import { mean, seriesOfFrame, type Series } from './seriesOfFrames';
import type { ChangeRow } from './types';
import type { Traffic } from './perRequest';
import { windowSeconds, type Windows } from './windows';

/**
 * RED per service, baseline against incident: request rate (either way), error fraction and p95. Reads the frames of the RED queries (refIds rate, errors, duration), one request per window.
 * Error fraction and p95 both ways too: a fall is a recovery. Counts are rate × time; how far the change lies outside the baseline's own variation comes from
 * the baseline's steps. A service without requests in the baseline is not compared. Pure.
 */

interface ServiceSeries {
  rate?: Series;
  errors?: Series;
  duration?: Series;
}

function byService(frames: FrameLike[], serviceLabel: string): Map<string, ServiceSeries> {
  const out = new Map<string, ServiceSeries>();
  for (const frame of frames ?? []) {
    const refId = frame?.refId;
    if (refId !== 'rate' && refId !== 'errors' && refId !== 'duration') {
      continue;
    }
    const series = seriesOfFrame(frame);
    const service = series?.labels[serviceLabel];
    if (!series || !service) {
      continue;
    }
    const entry = out.get(service) ?? {};
    entry[refId] = series;
    out.set(service, entry);
  }
  return out;
}

/** Failed and total requests per step, pairing the error fraction with the rate at the same time. */
function failureSteps(s: ServiceSeries, stepSeconds: number) {
  const rateAt = new Map<number, number>();
  s.rate?.times.forEach((t, i) => rateAt.set(t, s.rate!.values[i]));
  const steps: Array<{ failed: number; total: number }> = [];
  s.errors?.times.forEach((t, i) => {
    const r = rateAt.get(t);
    if (r !== undefined) {
      steps.push({ failed: r * s.errors!.values[i] * stepSeconds, total: r * stepSeconds });
    }
  });
  return steps;
}

/** A service whose request rate fell below this share of its baseline's stopped answering. */
export const STOPPED_RATIO = 0.1;

const NAMES = { rate: 'Request rate', errors: 'Error fraction', duration: 'p95 latency' } as const;
const MEASURES = { rate: 'rate', errors: 'errors', duration: 'latency' } as const;

/** The title says which way it went: a fall of errors is a recovery, of latency a speed-up. */
function titleOf(service: string, what: keyof typeof NAMES, s: Score, stopped: boolean): string {
  if (stopped) {
    return `${service} stopped answering: request rate fell to almost nothing`;
  }
  if (s.direction === 'up') {
    return `${NAMES[what]} of ${service} rose`;
  }
  const how = what === 'errors' ? ': recovered' : what === 'duration' ? ': faster' : '';
  return `${NAMES[what]} of ${service} fell${how}`;
}

/**
 * When a service stopped answering: from the first step after which its rate stayed under
 * STOPPED_RATIO of the baseline's, or after its series ended (span metrics go stale when no span
 * comes), two steps or more before the window's end. Undefined when it is still answering.
 */
export function stoppedSince(series: Series | undefined, baseRate: number, endMs: number): number | undefined {
  const times = series?.times ?? [];
  const values = series?.values ?? [];
  if (times.length === 0) {
    return -Infinity; // no request in the whole window
  }
  const step = times.length > 1 ? (times[times.length - 1] - times[0]) / (times.length - 1) : 0;
  let since: number | undefined;
  for (let k = values.length - 1; k >= 0 && values[k] <= STOPPED_RATIO * baseRate; k--) {
    since = times[k];
  }
  const last = times[times.length - 1];
  if (step > 0 && endMs - last >= 2 * step) {
    return since ?? last;
  }
  return since !== undefined && since < last ? since : undefined;
}

function row(
  service: string,
  what: keyof typeof NAMES,
  s: Score,
  figures: { base: number; inc: number; text: (x: number) => string },
  stoppedAt?: number
): ChangeRow {
  const stopped = what === 'rate' && s.direction === 'down' && stoppedAt !== undefined;
  return {
    id: `red:${what}:${service}`,
    kind: 'red',
    title: titleOf(service, what, s, stopped),
    service,
    baselineText: figures.text(figures.base),
    incidentText: figures.text(figures.inc),
    baselineValue: figures.base,
    incidentValue: figures.inc,
    score: s.score,
    direction: s.direction,
    ratio: s.ratio,
    measure: MEASURES[what],
    stopped: stopped || undefined,
    sinceMs: stopped && Number.isFinite(stoppedAt) ? stoppedAt : undefined,
    link: { to: 'service', service },
  };
}

/** Rows RED may add to What changed: the largest changes first; chance alone flags some of many services. */
export const MAX_RED_ROWS = 60;

export function redChanges(input: {
  windows: Windows;
  incident: FrameLike[];
  baseline: FrameLike[];
  serviceLabel: string;
}): ChangeRow[] {
  const { windows, serviceLabel } = input;
  const inc = byService(input.incident, serviceLabel);
  const base = byService(input.baseline, serviceLabel);
  const incSeconds = windowSeconds(windows.incident);
  const baseSeconds = windowSeconds(windows.baseline);
  const rows: ChangeRow[] = [];
  for (const [service, b] of base) {
    const i = inc.get(service) ?? {};
    const baseRate = mean(b.rate?.values ?? []);
    if (!(baseRate > 0)) {
      continue; // nothing to compare with
    }
    const incRate = i.rate?.values.length ? mean(i.rate.values) : 0;
    const baseSteps = b.rate?.values.length ?? 1;
    const baseStepSeconds = baseSeconds / baseSteps;
    const rate = rateChange(
      { count: incRate * incSeconds, exposure: incSeconds },
      { count: baseRate * baseSeconds, exposure: baseSeconds },
      { dispersion: dispersionOf((b.rate?.values ?? []).map((r) => r * baseStepSeconds)) }
    );
    if (rate.score > 0) {
      const since = rate.direction === 'down' ? stoppedSince(i.rate, baseRate, windows.incident.toMs) : undefined;
      rows.push(row(service, 'rate', rate, { base: baseRate, inc: incRate, text: rateText }, since));
    }
    const baseFailures = failureSteps(b, baseStepSeconds);
    const incFailures = failureSteps(i, incSeconds / Math.max(1, i.rate?.values.length ?? 1));
    const totals = (steps: typeof baseFailures) => ({
      failed: steps.reduce((a, s) => a + s.failed, 0),
      total: steps.reduce((a, s) => a + s.total, 0),
    });
    const bf = totals(baseFailures);
    const inf = totals(incFailures);
    if (bf.total > 0 && inf.total > 0) {
      const errors = rateChange(
        { count: inf.failed, exposure: inf.total },
        { count: bf.failed, exposure: bf.total },
        { dispersion: failureDispersionOf(baseFailures) }
      );
      // Both ways: a fall is a recovery, shown as one (issue 21).
      if (errors.score > 0) {
        rows.push(
          row(service, 'errors', errors, { base: bf.failed / bf.total, inc: inf.failed / inf.total, text: percentText })
        );
      }
    }
    const latency = levelChange(i.duration?.values ?? [], b.duration?.values ?? []);
    if (latency.score > 0) {
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
      rows.push(
        row(service, 'duration', latency, {
          base: median(b.duration!.values),
          inc: median(i.duration!.values),
          text: secondsText,
        })
      );
    }
  }
  return rows.sort((a, b) => b.score - a.score).slice(0, MAX_RED_ROWS);
}

/** Mean request rate of each service in each window, for scoring error signatures per request. */
export function redTraffic(input: { incident: FrameLike[]; baseline: FrameLike[]; serviceLabel: string }): Traffic {
  const inc = byService(input.incident, input.serviceLabel);
  const out: Traffic = new Map();
  for (const [service, b] of byService(input.baseline, input.serviceLabel)) {
    const baseline = mean(b.rate?.values ?? []);
    const values = inc.get(service)?.rate?.values ?? [];
    if (baseline > 0) {
      out.set(service, { baseline, incident: values.length ? mean(values) : 0 });
    }
  }
  return out;
}
