/**
 * Which rows of a long list to render: those in the viewport plus a few either side, and the
 * heights of the spacers that stand for the rest. Rows have one fixed height. Pure.
 */

export const ROW_HEIGHT = 36;
/** Rows the viewport shows at once (its height is this many rows, or fewer for a short list). */
export const VIEWPORT_ROWS = 15;
/** Rows rendered beyond each edge, so a short scroll shows rows already drawn. */
export const OVERSCAN = 5;

export interface RowWindow {
  first: number;
  /** One past the last rendered row. */
  end: number;
  topPx: number;
  bottomPx: number;
}

export function rowWindow(scrollTop: number, total: number): RowWindow {
  const count = Math.max(0, Math.floor(total));
  const top = Number.isFinite(scrollTop) && scrollTop > 0 ? scrollTop : 0;
  const firstVisible = Math.min(Math.floor(top / ROW_HEIGHT), Math.max(0, count - VIEWPORT_ROWS));
  const first = Math.max(0, firstVisible - OVERSCAN);
  const end = Math.min(count, firstVisible + VIEWPORT_ROWS + OVERSCAN);
  return { first, end, topPx: first * ROW_HEIGHT, bottomPx: (count - end) * ROW_HEIGHT };
}
