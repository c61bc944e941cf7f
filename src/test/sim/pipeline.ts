import type { DataFrame } from '@grafana/data';
import {
  comparisonOfAnswers,
  slowCallTargetsOfAnswers,
  type ChangeAnswers,
} from '../../correlation/changes/answerRows';
import type { Comparison } from '../../correlation/changes/compareAll';
import type { ChangeRow } from '../../correlation/changes/types';
import { patternsCallRange } from '../../correlation/changes/patternWindows';
import { comparisonWindows, stepMsFor, type Window, type Windows } from '../../correlation/changes/windows';
import { compareQueries, redWindowQueries, slowCallQueries } from '../../pages/changed/changedQueries';
import { changedEdgesQueries, serviceEdgesQueries } from '../../queries/serviceGraph';
import { DEFAULT_ERROR_LEVELS } from '../../queries/logql';
import { compareFrames, patternsBody, redFrames, serviceGraphFrames } from './answers';
import type { Scenario } from './scenarios';
import type { Simulation } from './simTypes';
import { searchFrames } from './searchAnswers';
import { simulate } from './simulate';

/**
 * A scenario through What changed's own pipeline: simulated, each data source's answer built for the
 * page's own queries (changedQueries.ts), read and compared by comparisonOfAnswers (the page's composition). Test code.
 */

export const INCIDENT_MINUTES = 15;
/** Simulated before the baseline, so the first rate() of the baseline has its whole interval. */
const WARM_UP_MS = 2 * 60_000;

export interface ScenarioRun {
  scenario: Scenario;
  seed: number;
  windows: Windows;
  sim: Simulation;
  answers: ChangeAnswers;
  /** The page's comparison: rows in its order, the probable cause, what it may claim. */
  comparison: Comparison;
  /** In the page's order. */
  rows: ChangeRow[];
  /** The service-graph answer around a service over one window, as the service map asks for it. */
  edges: (service: string, side: 'incident' | 'baseline') => DataFrame[];
}

export interface RunOptions {
  /** The services compared; none (the default) is every service. */
  services?: string[];
}

export function runScenario(scenario: Scenario, seed: number, opts: RunOptions = {}): ScenarioRun {
  const services = opts.services ?? [];
  const t0 = scenario.t0;
  // The baseline just before (the page's default): one simulated range covers both windows.
  const { windows } = comparisonWindows({ fromMs: t0, toMs: t0 + INCIDENT_MINUTES * 60_000 }, 'previous');
  const nowMs = windows.incident.toMs + 30_000;
  const sim = simulate({
    shop: scenario.shop,
    faults: scenario.faults,
    fromMs: windows.baseline.fromMs - WARM_UP_MS,
    toMs: windows.incident.toMs,
    seed,
  });
  const stepMs = stepMsFor(windows.incident);
  const tempo = { nowMs };
  const compare = (split: 'failing' | 'slow', w: Window) =>
    compareFrames(sim, compareQueries(services, stepMs, split)[0].query, w, stepMs, tempo);
  const red = (w: Window) =>
    redFrames(sim, redWindowQueries('tempo-spanmetrics', services, windows.incident), services, w, stepMs);
  // One patterns call over both windows, as the page asks in `previous` mode.
  const patterns = {
    both: patternsBody(sim, services, patternsCallRange(windows, stepMs), stepMs),
  };
  const edgeQueries = changedEdgesQueries(services);
  const edgeTargets = (['requests', 'errors', 'p95'] as const).map((refId) => ({ refId, expr: edgeQueries[refId] }));
  const answers: ChangeAnswers = {
    windows,
    now: nowMs,
    services,
    errorLevels: DEFAULT_ERROR_LEVELS,
    stepMs,
    patterns,
    red: { incident: red(windows.incident), baseline: red(windows.baseline), serviceLabel: 'service' },
    compare: {
      failing: { incident: compare('failing', windows.incident), baseline: compare('failing', windows.baseline) },
      slow: { incident: compare('slow', windows.incident), baseline: compare('slow', windows.baseline) },
    },
    edges: {
      incident: serviceGraphFrames(sim, edgeTargets, windows.incident, services),
      baseline: serviceGraphFrames(sim, edgeTargets, windows.baseline, services),
    },
  };
  // The second wave, as the page's loader runs it: the slow calls of the services that got slower.
  answers.slowCalls = slowCallTargetsOfAnswers(answers).map((target) => {
    const search = (w: Window) => {
      const frames = searchFrames(sim, slowCallQueries(target.service, target.thresholdMs)[0], w);
      if (frames instanceof Error) {
        throw frames;
      }
      return frames;
    };
    return { target, incident: search(windows.incident), baseline: search(windows.baseline) };
  });
  const edges = (service: string, side: 'incident' | 'baseline') => {
    const q = serviceEdgesQueries(service);
    const targets = (Object.keys(q) as Array<keyof typeof q>).map((refId) => ({ refId, expr: q[refId] }));
    return serviceGraphFrames(sim, targets, windows[side], [service]);
  };
  const comparison = comparisonOfAnswers(answers);
  return { scenario, seed, windows, sim, answers, comparison, rows: comparison.rows, edges };
}
