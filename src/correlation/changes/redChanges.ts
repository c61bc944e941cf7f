import type { FrameLike } from '../frame';
import { percentText, rateText, secondsText } from './format';
import { dispersionOf, failureDispersionOf, levelChange, rateChange, type Score } from './score';
import { mean, seriesOfFrame, type Series } from './seriesOfFrames';
import type { ChangeRow } from './types';
import { windowSeconds, type Windows } from './windows';

/**
 * RED per service, baseline against incident: request rate (either way), error fraction and p95
 * (up). Reads the frames of the RED queries (refIds rate, errors, duration), one request per window.
 * Counts are rate × time; how far the change lies outside the baseline's own variation comes from
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

function row(
  service: string,
  what: 'rate' | 'errors' | 'duration',
  s: Score,
  figures: { base: number; inc: number; text: (x: number) => string }
): ChangeRow {
  const verb = s.direction === 'up' ? 'rose' : 'fell';
  const name = what === 'rate' ? 'Request rate' : what === 'errors' ? 'Error fraction' : 'p95 latency';
  return {
    id: `red:${what}:${service}`,
    kind: 'red',
    title: `${name} of ${service} ${verb}`,
    service,
    baselineText: figures.text(figures.base),
    incidentText: figures.text(figures.inc),
    baselineValue: figures.base,
    incidentValue: figures.inc,
    score: s.score,
    direction: s.direction,
    ratio: s.ratio,
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
      rows.push(row(service, 'rate', rate, { base: baseRate, inc: incRate, text: rateText }));
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
      if (errors.direction === 'up' && errors.score > 0) {
        rows.push(
          row(service, 'errors', errors, { base: bf.failed / bf.total, inc: inf.failed / inf.total, text: percentText })
        );
      }
    }
    const latency = levelChange(i.duration?.values ?? [], b.duration?.values ?? []);
    if (latency.direction === 'up' && latency.score > 0) {
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
