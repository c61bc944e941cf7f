import { FLAG_SCORE } from './score';
import type { ChangeKind, ChangeRow } from './types';

/** On equal scores a deploy comes first, then what failed, then how, then where. */
const KIND_ORDER: ChangeKind[] = ['version', 'signature', 'red', 'attribute'];

/** One list for every kind: strongest evidence first. Pure. */
export function rankChanges(rows: ChangeRow[]): ChangeRow[] {
  return [...rows].sort(
    (a, b) =>
      b.score - a.score || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.title.localeCompare(b.title)
  );
}

export const isFlagged = (row: ChangeRow) => row.score >= FLAG_SCORE;
