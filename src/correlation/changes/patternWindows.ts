import type { Window, Windows } from './windows';

/**
 * The windows Loki's patterns API can count exactly, for the one call over both windows (`previous`
 * mode). Loki sums a pattern's 10-s samples into buckets `step` long that start at multiples of
 * `step` since the epoch, keeping only samples at or after the call's start (grafana/loki v3.7.6
 * pkg/pattern/drain/chunk.go ForRange: `TruncateTimestamp(c.Samples[lo].Timestamp, step)`). A bucket
 * is reported at its start, so one that straddles the incident's start cannot be split by time.
 * Here the incident starts at the bucket boundary at or before its own start (a burst at its start
 * is the incident's), the baseline is whole buckets just before it, at least as long, and the call
 * starts on a boundary. Each shifts by less than one step (about 1/30 of the window). Pure.
 */
export function patternWindows(windows: Windows, stepMs: number): Windows {
  const split = Math.floor(windows.incident.fromMs / stepMs) * stepMs;
  const steps = Math.max(1, Math.ceil((windows.incident.toMs - split) / stepMs));
  return {
    mode: windows.mode,
    incident: { fromMs: split, toMs: windows.incident.toMs },
    baseline: { fromMs: split - steps * stepMs, toMs: split },
  };
}

/** The range of the one patterns call over both windows. */
export function patternsCallRange(windows: Windows, stepMs: number): Window {
  const w = patternWindows(windows, stepMs);
  return { fromMs: w.baseline.fromMs, toMs: w.incident.toMs };
}

/**
 * Which window of `w` (from patternWindows) a bucket reported at `bucketMs` counts for: each lies wholly
 * in one. A first bucket starting before the call's start holds only lines from that start on (Loki
 * filters samples before bucketing), so it is the baseline's; a bucket outside both is left out.
 */
export function bucketWindow(bucketMs: number, stepMs: number, w: Windows): 'incident' | 'baseline' | undefined {
  if (bucketMs >= w.incident.fromMs) {
    return bucketMs <= w.incident.toMs ? 'incident' : undefined;
  }
  return bucketMs + stepMs > w.baseline.fromMs ? 'baseline' : undefined;
}
