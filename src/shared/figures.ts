/** How RED figures are written in tables: a dash for unknown, percentages and seconds with sensible digits. */
export const pct = (x?: number) =>
  x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(x < 0.01 && x > 0 ? 2 : 1)}%`;

export const num = (x?: number, unit = '') =>
  x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(x < 10 ? 2 : 0)}${unit}`;
