import { compareAll, type Comparison } from '../../correlation/changes/compareAll';
import { edgeChangesBetween } from '../../correlation/changes/edgeChanges';
import type { Windows } from '../../correlation/changes/windows';
import { KIND_LABELS, KINDS } from './kinds';
import type { EdgesState, KindId, KindState } from './loadTypes';

/** The kinds' rows through What changed's pipeline: per request, causes over symptoms, what may be claimed. */
export function comparisonOf(state: {
  kinds: Record<KindId, KindState>;
  windows?: Windows;
  edges?: EdgesState;
  now: number;
}): Comparison {
  const { kinds, windows, edges, now } = state;
  return compareAll({
    kinds: KINDS.map((k) => ({ label: KIND_LABELS[k], ...kinds[k] })),
    traffic: kinds.red.traffic,
    edges: windows && edges ? edgeChangesBetween(windows, edges) : [],
    windows,
    now,
  });
}
