/** Figures as What changed shows them. Pure. */

const group = (n: number) => Math.round(n).toLocaleString('en-US');

export function countText(n: number, unit: string): string {
  return `${group(n)} ${unit}`;
}

export function percentText(fraction: number): string {
  if (!Number.isFinite(fraction)) {
    return '–';
  }
  const pct = fraction * 100;
  return `${pct > 0 && pct < 1 ? pct.toFixed(2) : pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}

export function secondsText(s: number): string {
  if (!Number.isFinite(s)) {
    return '–';
  }
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(2)} s`;
}

export function rateText(perSecond: number): string {
  if (!Number.isFinite(perSecond)) {
    return '–';
  }
  return `${perSecond < 10 ? perSecond.toFixed(2) : Math.round(perSecond)} req/s`;
}

/** `2026-11-24 11:00:00 UTC`. */
export function utcText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A window's length in words: `15 minutes`, `2 hours`, `90 seconds`. */
export function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 3600 === 0) {
    return `${s / 3600} hour${s === 3600 ? '' : 's'}`;
  }
  if (s % 60 === 0) {
    return `${s / 60} minute${s === 60 ? '' : 's'}`;
  }
  return `${s} seconds`;
}
