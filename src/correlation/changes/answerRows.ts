import type { FrameLike } from '../frame';
import { attributeChanges } from './attributeChanges';
import { patternsAtLevels, readPatternsResponse } from './patternsResponse';
import { compareAll, type Comparison, type KindResult } from './compareAll';
import { edgeChangesBetween } from './edgeChanges';
import { redChanges, redTraffic } from './redChanges';
import { readServiceEdges } from '../serviceGraph/edges';
import { signatureChangesFromPatterns } from './signatureChanges';
import { spanCountsFromCompare, type SpanCounts } from './spanCounts';
import type { ChangeRow } from './types';
import { versionChanges, type DeployLatency } from './versionChanges';
import { windowLengthMs, type Windows } from './windows';
import { slowCallsQuery, spansWithAttributeQuery, type SpansAmong } from '../../queries/traceql';
import { slowCallChanges, slowCallsOfSearch, slowCallTargets, type SlowCallTarget } from './slowCalls';
import type { Traffic } from './perRequest';

/**
 * What changed from the data sources' answers to the page's comparison: each kind's rows read from
 * its answers as the page's loader reads them (src/pages/changed/loadChanges.ts, loadSpans.ts), then
 * compareAll as ChangedView calls it (src/test/sim/__tests__/answerRows.test.ts checks both give the
 * same rows). For tests that drive the pipeline with whole answers. Pure.
 */

/** Counts of both windows; the slow ones are the failing ones when one sample gives both. */
export interface SpanWindows {
  failing: { incident: SpanCounts; baseline: SpanCounts };
  slow: { incident: SpanCounts; baseline: SpanCounts };
}

/** Version and attribute rows from the span counts of both windows (and the deployed versions' latency, when read). */
export function spanRows(services: string[], counts: SpanWindows, latency?: DeployLatency): ChangeRow[] {
  const query = (among: SpansAmong) => (v: { attribute: string; value: string; type: 'string' | 'number' | 'bool' }) =>
    spansWithAttributeQuery({ services, ...v, among });
  return [
    ...versionChanges({ ...counts.failing, slow: counts.slow, services, tracesQuery: query('all'), latency }),
    ...attributeChanges({ ...counts.failing, services, tracesQuery: query('failing') }),
    ...attributeChanges({ ...counts.slow, services, tracesQuery: query('slow'), among: 'slow' }),
  ];
}

/** Span counts from the frames of the four compare() answers (failing and slow, per window). */
export function spanWindowsOfCompare(frames: {
  failing: { incident: FrameLike[]; baseline: FrameLike[] };
  slow: { incident: FrameLike[]; baseline: FrameLike[] };
}): SpanWindows {
  return {
    failing: {
      incident: spanCountsFromCompare(frames.failing.incident),
      baseline: spanCountsFromCompare(frames.failing.baseline),
    },
    slow: {
      incident: spanCountsFromCompare(frames.slow.incident, 'slow'),
      baseline: spanCountsFromCompare(frames.slow.baseline, 'slow'),
    },
  };
}

/** A patterns answer read at the error levels; throws Loki's problem as a sentence. */
export function patternsOfAnswer(body: unknown, errorLevels: string[]) {
  const parsed = readPatternsResponse(body);
  if (parsed.error) {
    throw new Error(parsed.error);
  }
  return { series: patternsAtLevels(parsed.series, errorLevels), capped: Boolean(parsed.capped) };
}

/** Signature rows from Loki's patterns answer: one over both windows (`both`), or one per window. */
export function signatureRowsOfPatterns(input: {
  windows: Windows;
  services: string[];
  errorLevels: string[];
  stepMs: number;
  answer: { both: unknown } | { incident: unknown; baseline: unknown };
}): { rows: ChangeRow[]; capped: boolean } {
  const { windows, services, stepMs, errorLevels, answer } = input;
  if ('both' in answer) {
    const both = patternsOfAnswer(answer.both, errorLevels);
    const rows = signatureChangesFromPatterns({
      windows,
      stepMs,
      incident: both.series,
      baseline: both.series,
      services,
    });
    return { rows, capped: both.capped };
  }
  const incident = patternsOfAnswer(answer.incident, errorLevels);
  const baseline = patternsOfAnswer(answer.baseline, errorLevels);
  return {
    rows: signatureChangesFromPatterns({
      windows,
      stepMs,
      incident: incident.series,
      baseline: baseline.series,
      services,
    }),
    capped: incident.capped || baseline.capped,
  };
}

/** Every answer What changed asks for, as the data sources gave them; a kind left out failed. */
export interface ChangeAnswers {
  windows: Windows;
  services: string[];
  errorLevels: string[];
  stepMs: number;
  /** When the page compares (epoch ms): what may be claimed depends on it; the incident's end without. */
  now?: number;
  patterns?: { both: unknown } | { incident: unknown; baseline: unknown };
  red?: { incident: FrameLike[]; baseline: FrameLike[]; serviceLabel: string };
  compare?: Parameters<typeof spanWindowsOfCompare>[0];
  /** The service-graph edge queries' frames (changedEdgesQueries), per window. */
  edges?: { incident: FrameLike[]; baseline: FrameLike[] };
  /**
   * The slow-call searches (changedQueries.ts slowCallQueries), one per target of slowCallTargetsOfAnswers
   * and window; left out, the kind is not listed (answers from before it existed).
   */
  slowCalls?: Array<{ target: SlowCallTarget; incident: FrameLike[]; baseline: FrameLike[] }>;
}

/** The edges' changes between the windows, as the page reads them. */
function edgeChangesOfAnswers(a: ChangeAnswers) {
  const { windows, edges } = a;
  return edges
    ? edgeChangesBetween(windows, {
        incident: readServiceEdges(edges.incident).edges,
        baseline: readServiceEdges(edges.baseline).edges,
      })
    : [];
}

/** The services whose slow calls the page searches, from the RED rows and the service graph. */
export function slowCallTargetsOfAnswers(a: ChangeAnswers): SlowCallTarget[] {
  return a.red ? slowCallTargets(redChanges({ windows: a.windows, ...a.red }), edgeChangesOfAnswers(a)) : [];
}

/** Rows of the slow calls of one target, from the frames of its two searches. */
export function slowCallRows(input: {
  target: SlowCallTarget;
  windows: Windows;
  incident: FrameLike[];
  baseline: FrameLike[];
  traffic?: Traffic;
}): ChangeRow[] {
  const { target, windows } = input;
  return slowCallChanges({
    ...target,
    incident: slowCallsOfSearch(input.incident),
    baseline: slowCallsOfSearch(input.baseline),
    seconds: {
      incident: windowLengthMs(windows.incident) / 1000,
      baseline: windowLengthMs(windows.baseline) / 1000,
    },
    traffic: input.traffic?.get(target.service),
    tracesQuery: (callee) => slowCallsQuery({ service: target.service, minDurationMs: target.thresholdMs, callee }),
  });
}

/** What the slow-call kind is called on the page. */
export const SLOW_CALLS_LABEL = 'Slow calls (client spans)';

const kind = (label: string, rows: (() => ChangeRow[]) | undefined): KindResult =>
  rows ? { label, status: 'done', rows: rows() } : { label, status: 'failed', rows: [], error: 'not answered' };

function kindsOfAnswers(a: ChangeAnswers): KindResult[] {
  const { windows, services, red, compare, patterns, slowCalls } = a;
  const traffic = red ? redTraffic(red) : undefined;
  return [
    kind('Error signatures', patterns && (() => signatureRowsOfPatterns({ ...a, answer: patterns }).rows)),
    kind('RED', red && (() => redChanges({ windows, ...red }))),
    kind('Span attributes and versions', compare && (() => spanRows(services, spanWindowsOfCompare(compare)))),
    ...(slowCalls
      ? [kind(SLOW_CALLS_LABEL, () => slowCalls.flatMap((c) => slowCallRows({ ...c, windows, traffic })))]
      : []),
  ];
}

/** Every kind's rows as the page's loader reports them, before compareAll. */
export const rowsOfKinds = (a: ChangeAnswers): ChangeRow[] => kindsOfAnswers(a).flatMap((k) => k.rows);

/** The page's comparison for these answers, as ChangedView.comparison() makes it from its kinds and edges. */
export function comparisonOfAnswers(a: ChangeAnswers): Comparison {
  const { windows, red } = a;
  return compareAll({
    kinds: kindsOfAnswers(a),
    traffic: red ? redTraffic(red) : undefined,
    edges: edgeChangesOfAnswers(a),
    windows,
    now: a.now ?? windows.incident.toMs,
  });
}

/** The page's rows for these answers, in the page's order (the probable cause's first). */
export const rowsOfAnswers = (a: ChangeAnswers): ChangeRow[] => comparisonOfAnswers(a).rows;
