import { RED_PROFILES, type RedProfileId } from '../redProfiles';

/**
 * A small fleet for the Services overview, as OpenMetrics for `promtool tsdb create-blocks-from
 * openmetrics`: few enough series to backfill in a second, shaped so that ranking, counting and
 * searching have one right answer. Counters grow linearly, so every rate over the data is exact.
 */

export interface FleetService {
  name: string;
  perS: number;
  errorFraction: number;
  /** Share of requests at or under each bound of LE_SECONDS (cumulative), then +Inf = 1. */
  shape: number[];
}

export const LE_SECONDS = [0.1, 0.25, 0.5, 1, 2.5];
const FAST = [0.5, 0.9, 1, 1, 1]; // p95 interpolates to 0.375 s
const SLOW = [0, 0, 0, 0.5, 1]; // p95 interpolates to 2.35 s

export const FLEET: FleetService[] = [
  { name: 'checkout', perS: 50, errorFraction: 0.1, shape: FAST }, // 5 failed/s
  { name: 'payments', perS: 2, errorFraction: 0.5, shape: SLOW }, // 1 failed/s
  { name: 'tiny-broken', perS: 0.01, errorFraction: 1, shape: FAST }, // 0.01 failed/s, 100%
  { name: 'search-api', perS: 100, errorFraction: 0, shape: FAST }, // busiest without failures
  ...Array.from({ length: 26 }, (_, i) => ({
    name: `svc-${String(i).padStart(2, '0')}`,
    perS: i + 1,
    errorFraction: 0,
    shape: FAST,
  })),
];

export const P95 = { fast: 0.375, slow: 2.35 };

export function fleetOpenMetrics(profiles: RedProfileId[], startS: number, durationS: number, stepS: number): string {
  const lines: string[] = [];
  const emit = (name: string, labels: Record<string, string>, perS: number) => {
    const text = Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(',');
    for (let t = 0; t <= durationS; t += stepS) {
      lines.push(`${name}{${text}} ${+(perS * t).toFixed(6)} ${startS + t}`);
    }
  };
  for (const id of profiles) {
    const p = RED_PROFILES[id];
    if (!p.callsMetric.endsWith('_total') || !p.serverMatcher) {
      throw new Error(`fleetOpenMetrics writes span-metric families only, not ${id}`);
    }
    const scale = p.durationUnit === 'ms' ? 1000 : 1;
    lines.push(`# TYPE ${p.callsMetric.replace(/_total$/, '')} counter`);
    for (const s of FLEET) {
      const base = { [p.serviceLabel]: s.name, [p.serverMatcher.label]: p.serverMatcher.value };
      emit(p.callsMetric, { ...base, [p.errorMatcher.label]: 'STATUS_CODE_UNSET' }, s.perS * (1 - s.errorFraction));
      if (s.errorFraction > 0) {
        emit(p.callsMetric, { ...base, [p.errorMatcher.label]: p.errorMatcher.value }, s.perS * s.errorFraction);
      }
      // Client spans of the same service, all failing: the overview must not count them.
      emit(
        p.callsMetric,
        { ...base, [p.serverMatcher.label]: 'SPAN_KIND_CLIENT', [p.errorMatcher.label]: p.errorMatcher.value },
        1000
      );
    }
    lines.push(`# TYPE ${p.bucketMetric.replace(/_bucket$/, '')} histogram`);
    for (const s of FLEET) {
      const base = { [p.serviceLabel]: s.name, [p.serverMatcher.label]: p.serverMatcher.value };
      [...LE_SECONDS.map((b) => String(b * scale)), '+Inf'].forEach((le, i) =>
        emit(p.bucketMetric, { ...base, le }, s.perS * (s.shape[i] ?? 1))
      );
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}
