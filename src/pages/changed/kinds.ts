import { SLOW_CALLS_LABEL } from '../../correlation/changes/answerRows';
import type { KindId, KindState } from './loadTypes';

/** What changed's four kinds of comparison, in the order the page shows them, with their names. */
export const KIND_LABELS: Record<KindId, string> = {
  signatures: 'Error signatures',
  red: 'RED',
  spans: 'Span attributes and versions',
  slowCalls: SLOW_CALLS_LABEL,
};
export const KINDS: KindId[] = ['signatures', 'red', 'spans', 'slowCalls'];

export const loadingKind = (): KindState => ({ status: 'loading', rows: [] });

export const loadingKinds = (): Record<KindId, KindState> => ({
  signatures: loadingKind(),
  red: loadingKind(),
  spans: loadingKind(),
  slowCalls: loadingKind(),
});
