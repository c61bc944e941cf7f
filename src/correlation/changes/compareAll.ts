import { analyseCauses, type CauseAnalysis } from './cause';
import type { EdgeChange } from './edgeChanges';
import { comparisonOutcome, type KindAnswer, type Outcome } from './outcome';
import { perRequest, type Traffic } from './perRequest';
import { isFlagged } from './rank';
import type { ChangeRow } from './types';
import type { Windows } from './windows';

/**
 * What changed's pipeline after the data sources answered: each kind's rows (already read from its
 * answers), error signatures scored per request where the traffic moved, causes found through the
 * service graph, and what the page may claim. The page and the tests call this one function. Pure.
 */

export interface KindResult extends KindAnswer {
  rows: ChangeRow[];
}

export interface Comparison {
  /** Rows in the page's order: the probable cause's, its symptoms, then the rest. */
  rows: ChangeRow[];
  analysis: CauseAnalysis;
  outcome: Outcome;
}

export function compareAll(input: {
  kinds: KindResult[];
  /** Request rates per service from the RED queries (undefined when RED did not answer). */
  traffic?: Traffic;
  /** How the service graph's edges changed (empty when it did not answer or is not there). */
  edges?: EdgeChange[];
  windows?: Windows;
  now: number;
}): Comparison {
  const rows = perRequest(
    input.kinds.flatMap((k) => (k.status === 'done' ? k.rows : [])),
    input.traffic
  );
  const analysis = analyseCauses(rows, input.edges ?? []);
  const outcome = comparisonOutcome({
    kinds: input.kinds,
    windows: input.windows,
    now: input.now,
    flagged: rows.some(isFlagged),
  });
  return { rows: analysis.rows, analysis, outcome };
}
