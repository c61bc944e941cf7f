import { plural as sharedPlural } from '../../shared/figures';
import { DETAIL_ROWS, type DetailGroup, type DetailRow } from './types';

// One formatter for every figure: `toLocaleString` builds a new one per call, which over thousands of
// rows was a visible share of the Health page's longest task.
const integers = new Intl.NumberFormat('en-US');

/** 12,345 */
export const count = (n: number) => (Number.isFinite(n) ? integers.format(Math.round(n)) : '–');

/** A share as a whole percentage that reads 0% and 100% only when it is exactly that. */
export function percent(part: number, whole: number): string {
  if (!(whole > 0)) {
    return '–';
  }
  const p = (100 * part) / whole;
  const shown = p > 0 && p < 1 ? 1 : p < 100 && p > 99 ? 99 : Math.round(p);
  return `${shown}%`;
}

/** "n thing" / "n things": the pages' one plural rule. */
export const plural = sharedPlural;

/** Names for a sentence: `a`, `b` and `c`, or the first few and how many more. */
export function nameList(names: string[], max = 3): string {
  const shown = names.slice(0, max).map((n) => `\`${shortName(n)}\``);
  const rest = names.length - shown.length;
  if (rest > 0) {
    return `${shown.join(', ')} and ${plural(rest, 'more')}`;
  }
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Names from logs and metrics are untrusted text: long ones are shortened for sentences. */
export function shortName(name: string, max = 80): string {
  const clean = String(name)
    .replace(/[\u0000-\u001f\u007f]/g, '\uFFFD')
    .replace(/`/g, "'");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A detail group holding the first `DETAIL_ROWS` rows (already worst first) and the count of the rest. */
export function group(title: string, rows: DetailRow[], total = rows.length): DetailGroup {
  return { title, rows: rows.slice(0, DETAIL_ROWS), more: Math.max(0, total - Math.min(rows.length, DETAIL_ROWS)) };
}

/** The same from items (already worst first): only the rows shown are built, however many items there are. */
export function groupOf<T>(title: string, items: readonly T[], row: (item: T) => DetailRow): DetailGroup {
  return group(title, items.slice(0, DETAIL_ROWS).map(row), items.length);
}
