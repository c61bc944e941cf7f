import type { KindId, KindState } from './loadTypes';

/** What changed's three kinds of comparison, in the order the page shows them, with their names. */
export const KIND_LABELS: Record<KindId, string> = {
  signatures: 'Error signatures',
  red: 'RED',
  spans: 'Span attributes and versions',
};
export const KINDS: KindId[] = ['signatures', 'red', 'spans'];

export const loadingKind = (): KindState => ({ status: 'loading', rows: [] });

export const loadingKinds = (): Record<KindId, KindState> => ({
  signatures: loadingKind(),
  red: loadingKind(),
  spans: loadingKind(),
});
