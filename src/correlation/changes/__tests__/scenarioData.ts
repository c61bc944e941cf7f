import type { DataFrame } from '@grafana/data';
import { lokiPatternsBody, type PatternLine } from '../../../test/mocks/lokiPatterns';
import { promSeries } from '../../../test/mocks/promFrame';
import { compareAnswer, tempoMetricsFrames, type CompareSpan } from '../../../test/mocks/tempoMetrics';
import { failureCompareQuery } from '../../../queries/traceql';
import { seededRandom } from '../../../test/seededRandom';
import { poisson } from '../../../test/sim/distributions';
import { readPatternsResponse } from '../patternsResponse';
import { patternsCallRange } from '../patternWindows';
import { comparisonWindows, stepMsFor, type Window, type Windows } from '../windows';

/** Seeded data for the scenarios: the same numbers on every run. */

/** The simulation's Poisson draw (Knuth's method below 30, a rounded normal above): the same numbers. */
export { poisson } from '../../../test/sim/distributions';

export const binomial = (random: () => number, n: number, p: number) => {
  let k = 0;
  for (let i = 0; i < n; i++) {
    k += random() < p ? 1 : 0;
  }
  return k;
};

export const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);
/** A 15-minute incident window ending at T0 + 15 min, and its baseline. */
export function scenarioWindows(mode: 'previous' | 'day' = 'previous', minutes = 15): Windows {
  return comparisonWindows({ fromMs: T0, toMs: T0 + minutes * 60_000 }, mode).windows;
}

export interface PatternRate {
  pattern: string;
  level?: string;
  /** Lines per minute in each window. */
  baseline: number;
  incident: number;
}

function patternLines(random: () => number, w: Window, stepMs: number, p: PatternRate, perMin: number): PatternLine[] {
  const lines: PatternLine[] = [];
  for (let t = w.fromMs; t < w.toMs; t += stepMs) {
    const count = poisson(random, (perMin * stepMs) / 60_000);
    if (count > 0) {
      lines.push({ timeMs: t + stepMs / 2, pattern: p.pattern, level: p.level ?? 'error', count });
    }
  }
  return lines;
}

/** What Loki's patterns API answers for these rates, read as the page reads it: one call over both windows. */
export function patternsAnswer(windows: Windows, rates: PatternRate[], seed: number) {
  const random = seededRandom(seed);
  const stepMs = stepMsFor(windows.incident);
  const lines = rates.flatMap((p) => [
    ...patternLines(random, windows.baseline, stepMs, p, p.baseline),
    ...patternLines(random, windows.incident, stepMs, p, p.incident),
  ]);
  if (windows.mode === 'previous') {
    const range = patternsCallRange(windows, stepMs);
    const series = readPatternsResponse(lokiPatternsBody(lines, range.fromMs, range.toMs, stepMs)).series;
    return { stepMs, incident: series, baseline: series };
  }
  const read = (w: Window) => readPatternsResponse(lokiPatternsBody(lines, w.fromMs, w.toMs, stepMs)).series;
  return { stepMs, incident: read(windows.incident), baseline: read(windows.baseline) };
}

export interface ServiceRed {
  service: string;
  /** Requests per second, error fraction, p95 seconds in each window. */
  baseline: { rate: number; errors: number; p95: number };
  incident: { rate: number; errors: number; p95: number };
}

/** RED frames of one window as Grafana's Prometheus data source answers (tempo-spanmetrics: label `service`). */
export function redFrames(random: () => number, w: Window, services: ServiceRed[], side: 'baseline' | 'incident') {
  const stepMs = stepMsFor(w);
  const frames: DataFrame[] = [];
  for (const s of services) {
    const v = s[side];
    const points = (f: (t: number) => number): Array<[number, number]> => {
      const out: Array<[number, number]> = [];
      for (let t = w.fromMs; t <= w.toMs; t += stepMs) {
        out.push([t, f(t)]);
      }
      return out;
    };
    const stepS = stepMs / 1000;
    const rates = points(() => poisson(random, v.rate * stepS) / stepS);
    const errors = rates.map(([t, r]): [number, number] => [
      t,
      r > 0 ? binomial(random, Math.round(r * stepS), v.errors) / (r * stepS) : 0,
    ]);
    const p95 = points(() => v.p95 * Math.exp(0.08 * (random() - 0.5) * 2));
    frames.push(
      promSeries('rate', { service: s.service }, rates, { stepMs }),
      promSeries('errors', { service: s.service }, errors, { stepMs }),
      promSeries('duration', { service: s.service }, p95, { stepMs })
    );
  }
  return frames;
}

/** One span of a scenario: whether it failed, how long it took (default 20 ms), its attributes. */
export interface ScenarioSpan {
  failed: boolean;
  durationMs?: number;
  attributes: Record<string, string | number | boolean>;
}

/**
 * Tempo's answer to `query` (a compare() of What changed; failing against the rest by default) over
 * the spans of one window that `make(i)` describes.
 */
export function compareFrames(
  w: Window,
  count: number,
  make: (i: number) => ScenarioSpan,
  query = failureCompareQuery({ services: ['payments'] })
) {
  const spans: CompareSpan[] = [];
  for (let i = 0; i < count; i++) {
    const { failed, durationMs, attributes } = make(i);
    spans.push({
      timeMs: w.fromMs + ((w.toMs - w.fromMs) * i) / count,
      durationMs: durationMs ?? 20,
      attributes: { ...attributes, status: failed ? 'error' : 'unset' },
    });
  }
  return tempoMetricsFrames(compareAnswer(query, spans, { fromMs: w.fromMs, toMs: w.toMs, stepMs: stepMsFor(w) }));
}
