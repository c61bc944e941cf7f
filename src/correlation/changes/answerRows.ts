import type { FrameLike } from '../frame';
import { attributeChanges } from './attributeChanges';
import { patternsAtLevels, readPatternsResponse } from './patternsResponse';
import { compareAll, type Comparison, type KindResult } from './compareAll';
import { edgeChanges } from './edgeChanges';
import { readServiceEdges } from '../serviceGraph/edges';
import { redChanges, redTraffic } from './redChanges';
import { signatureChangesFromPatterns } from './signatureChanges';
import { spanCountsFromCompare, type SpanCounts } from './spanCounts';
import type { ChangeRow } from './types';
import { versionChanges } from './versionChanges';
import { windowSeconds, type Windows } from './windows';
import { spansWithAttributeQuery, type SpansAmong } from '../../queries/traceql';

/**
 * What changed after the data sources answered: each kind's rows from its answers, and all of them
 * ranked, composed as the page composes them (src/pages/changed/loadChanges.ts, kind by kind as the
 * answers arrive; src/test/sim/__tests__/answerRows.test.ts checks both give the same rows). For
 * tests that drive the pipeline with whole answers. Pure.
 */

/** Counts of both windows; the slow ones are the failing ones when one sample gives both. */
export interface SpanWindows {
  failing: { incident: SpanCounts; baseline: SpanCounts };
  slow: { incident: SpanCounts; baseline: SpanCounts };
}

/** Version and attribute rows from the span counts of both windows. */
export function spanRows(services: string[], counts: SpanWindows): ChangeRow[] {
  const query = (among: SpansAmong) => (v: { attribute: string; value: string; type: 'string' | 'number' | 'bool' }) =>
    spansWithAttributeQuery({ services, ...v, among });
  return [
    ...versionChanges({ ...counts.failing, slow: counts.slow, services, tracesQuery: query('all') }),
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

/** Every answer What changed asks for, as the data sources gave them; a kind left out is not compared. */
export interface ChangeAnswers {
  windows: Windows;
  services: string[];
  errorLevels: string[];
  stepMs: number;
  patterns?: { both: unknown } | { incident: unknown; baseline: unknown };
  red?: { incident: FrameLike[]; baseline: FrameLike[]; serviceLabel: string };
  compare?: Parameters<typeof spanWindowsOfCompare>[0];
  /** The service graph's edge frames of each window (changedEdgesQueries). */
  edges?: { incident: FrameLike[]; baseline: FrameLike[] };
  /** Now, for the honest states (windows in the future). */
  now?: number;
}

/** The page's comparison for these answers, through the page's own pipeline (compareAll, as ChangedView). */
export function comparisonOfAnswers(a: ChangeAnswers): Comparison {
  const { windows, services } = a;
  const kind = (label: string, rows: ChangeRow[] | undefined): KindResult =>
    rows ? { label, status: 'done', rows } : { label, status: 'failed', rows: [], error: 'not asked' };
  const edges = a.edges
    ? edgeChanges({
        incident: readServiceEdges(a.edges.incident).edges,
        baseline: readServiceEdges(a.edges.baseline).edges,
        incidentSeconds: windowSeconds(windows.incident),
        baselineSeconds: windowSeconds(windows.baseline),
      })
    : [];
  return compareAll({
    kinds: [
      kind('Error signatures', a.patterns ? signatureRowsOfPatterns({ ...a, answer: a.patterns }).rows : undefined),
      kind('RED', a.red ? redChanges({ windows, ...a.red }) : undefined),
      kind('Span attributes and versions', a.compare ? spanRows(services, spanWindowsOfCompare(a.compare)) : undefined),
    ],
    traffic: a.red ? redTraffic(a.red) : undefined,
    edges,
    windows,
    now: a.now ?? windows.incident.toMs,
  });
}

/** The page's rows for these answers, in the page's order: the probable cause's first, its symptoms, the rest. */
export function rowsOfAnswers(a: ChangeAnswers): ChangeRow[] {
  return comparisonOfAnswers(a).rows;
}
