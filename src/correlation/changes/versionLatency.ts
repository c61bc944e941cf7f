import type { FrameLike } from '../frame';
import { seriesOfFrame, sum } from './seriesOfFrames';

/**
 * Each version's span durations in one window, as Tempo's power-of-two histogram: the answer of
 * `histogram_over_time(duration) by (<version>)` (src/queries/traceql.ts versionLatencyQuery) read,
 * and its p95 as Tempo's quantile_over_time computes it. Pure; a malformed answer reads as no data.
 */

/** Bucket upper bound in seconds → spans. */
export type Buckets = Map<number, number>;
/** Version → its buckets in one window. */
export type VersionLatency = Map<string, Buckets>;

const BUCKET = '__bucket';
/** More than a histogram of durations has (2^64 ns): the rest of a hostile answer is ignored. */
const MAX_BUCKETS = 64;
const MAX_VERSIONS = 100;

/** Grafana's Tempo data source quotes string label values (metricsValueToString); numbers come as they are. */
const unquote = (raw: string) => (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);

/** The frames of one window (all pieces), summed per version and bucket over every step. */
export function readVersionLatency(frames: FrameLike[], attribute: string): VersionLatency {
  const out: VersionLatency = new Map();
  for (const frame of Array.isArray(frames) ? frames : []) {
    const series = seriesOfFrame(frame);
    const labels = series?.labels ?? {};
    const rawVersion = labels[attribute];
    const bucket = Number(labels[BUCKET]);
    if (!series || typeof rawVersion !== 'string' || !Number.isFinite(bucket) || bucket <= 0) {
      continue;
    }
    const version = unquote(rawVersion);
    const buckets = out.get(version) ?? (out.size < MAX_VERSIONS ? new Map<number, number>() : undefined);
    if (!buckets || (!buckets.has(bucket) && buckets.size >= MAX_BUCKETS)) {
      continue;
    }
    const count = sum(series.values.filter((v) => v > 0));
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + count);
    out.set(version, buckets);
  }
  return out;
}

/** Several versions' buckets together (the versions a deploy replaced). */
export function mergeBuckets(all: Array<Buckets | undefined>): Buckets {
  const out: Buckets = new Map();
  for (const b of all) {
    for (const [k, v] of b ?? []) {
      out.set(k, (out.get(k) ?? 0) + v);
    }
  }
  return out;
}

/**
 * The p-quantile in seconds, as Tempo reads it from the same buckets (grafana/tempo v2.10.8
 * pkg/traceql/engine_metrics.go Log2Quantile): the bucket holding the ceil(p × n)-th span, interpolated
 * exponentially between the bucket below and its own bound. NaN without spans.
 */
export function log2Quantile(p: number, buckets: Buckets): number {
  const sorted = [...buckets.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sum(sorted.map(([, n]) => n));
  if (!(p >= 0 && p <= 1) || total <= 0) {
    return NaN;
  }
  const wanted = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  let i = 0;
  for (; i < sorted.length; i++) {
    if (seen + sorted[i][1] > wanted) {
      break;
    }
    seen += sorted[i][1];
    if (seen === wanted) {
      return sorted[i][0];
    }
  }
  i = Math.min(i, sorted.length - 1);
  const fraction = (wanted - seen) / sorted[i][1];
  const max = Math.log2(sorted[i][0]);
  const min = i > 0 ? Math.log2(sorted[i - 1][0]) : max - 1;
  return 2 ** (min + (max - min) * fraction);
}
