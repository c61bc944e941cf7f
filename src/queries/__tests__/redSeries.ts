import { RED_PROFILES, type RedProfileId } from '../redProfiles';

/**
 * Known RED traffic for every metric family, written as OpenMetrics for `promtool tsdb
 * create-blocks-from openmetrics`. Counters grow linearly, so every rate is exact:
 * - service "api": 10 server requests/s, 1/s of them failing (fraction 0.1); latency buckets put
 *   50% ≤ 0.1 s, 90% ≤ 0.25 s, 100% ≤ 0.5 s, so p95 interpolates to 0.375 s.
 * - service "worker": 2 server requests/s, none failing; all in (0.5, 1] s, so p95 = 0.975 s.
 * - client spans of "api" at 100/s, failing, all slow: counted by nothing if queries keep to server spans.
 * Where the service label is `job` as OTLP translation writes it (`<service.namespace>/<service.name>`),
 * "api" runs in two namespaces, half of its traffic in each ("shop/api", "staging/api"), and "worker"
 * has none ("worker").
 */

export const EXPECTED = {
  api: { rate: 10, errors: 0.1, p95: 0.375 },
  worker: { rate: 2, errors: 0, p95: 0.975 },
};

/**
 * Families whose service label is `job` as OTLP translation writes it (HTTP server metrics sent over
 * OTLP to Mimir or Prometheus), whatever the profile under test claims.
 */
const OTLP_JOB_FAMILIES: RedProfileId[] = ['otel-http'];

const LE_SECONDS = [0.1, 0.25, 0.5, 1, 2.5];

interface Traffic {
  service: string;
  /** Its `job` values when OTLP translation names it with a namespace; traffic splits evenly. */
  namespacedJobs?: string[];
  server: boolean;
  okPerS: number;
  errPerS: number;
  /** Cumulative observations per second at each bound of LE_SECONDS, then +Inf. */
  cumulativePerS: number[];
}

const TRAFFIC: Traffic[] = [
  {
    service: 'api',
    namespacedJobs: ['shop/api', 'staging/api'],
    server: true,
    okPerS: 9,
    errPerS: 1,
    cumulativePerS: [5, 9, 10, 10, 10, 10],
  },
  {
    service: 'worker',
    namespacedJobs: ['worker'],
    server: true,
    okPerS: 2,
    errPerS: 0,
    cumulativePerS: [0, 0, 0, 2, 2, 2],
  },
  { service: 'api', server: false, okPerS: 0, errPerS: 100, cumulativePerS: [0, 0, 0, 0, 0, 100] },
];

function labelText(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}

interface Series {
  name: string;
  labels: Record<string, string>;
  perS: number;
}

function seriesFor(profileId: RedProfileId): {
  counterFamily: string;
  histogramFamily: string;
  series: Series[];
  buckets: Series[];
} {
  const p = RED_PROFILES[profileId];
  const series: Series[] = [];
  const buckets: Series[] = [];
  const unitScale = p.durationUnit === 'ms' ? 1000 : 1;
  for (const t of TRAFFIC) {
    if (!p.serverMatcher && !t.server) {
      // HTTP server metrics have no client spans: the client traffic does not exist for them.
      continue;
    }
    const values = OTLP_JOB_FAMILIES.includes(profileId) ? (t.namespacedJobs ?? [t.service]) : [t.service];
    const share = 1 / values.length;
    for (const value of values) {
      const base: Record<string, string> = { [p.serviceLabel]: value };
      if (p.serverMatcher) {
        base[p.serverMatcher.label] = t.server ? p.serverMatcher.value : 'SPAN_KIND_CLIENT';
      }
      const errLabel = p.errorMatcher.label;
      const [okValue, errValue] = p.errorMatcher.regex ? ['200', '503'] : ['STATUS_CODE_UNSET', p.errorMatcher.value];
      if (t.okPerS) {
        series.push({ name: p.callsMetric, labels: { ...base, [errLabel]: okValue }, perS: t.okPerS * share });
      }
      if (t.errPerS) {
        series.push({ name: p.callsMetric, labels: { ...base, [errLabel]: errValue }, perS: t.errPerS * share });
      }
      const bounds = [...LE_SECONDS.map((s) => String(s * unitScale)), '+Inf'];
      bounds.forEach((le, i) =>
        buckets.push({ name: p.bucketMetric, labels: { ...base, le }, perS: t.cumulativePerS[i] * share })
      );
    }
  }
  const family = (metric: string, suffix: string) =>
    metric.endsWith(suffix) ? metric.slice(0, -suffix.length) : metric;
  return {
    counterFamily: family(p.callsMetric, p.callsMetric.endsWith('_total') ? '_total' : '_count'),
    histogramFamily: family(p.bucketMetric, '_bucket'),
    series,
    buckets,
  };
}

/** OpenMetrics text with samples every `stepS` seconds from `startS` for `durationS` seconds. */
export function redOpenMetrics(startS: number, durationS: number, stepS: number): string {
  const lines: string[] = [];
  const emit = (s: Series, nameOverride?: string) => {
    for (let t = 0; t <= durationS; t += stepS) {
      lines.push(`${nameOverride ?? s.name}${labelText(s.labels)} ${s.perS * t} ${startS + t}`);
    }
  };
  for (const id of Object.keys(RED_PROFILES) as RedProfileId[]) {
    const { counterFamily, histogramFamily, series, buckets } = seriesFor(id);
    const p = RED_PROFILES[id];
    if (p.callsMetric.endsWith('_count')) {
      // otel-http: the request counter is the histogram's own _count.
      lines.push(`# TYPE ${histogramFamily} histogram`);
      series.forEach((s) => emit(s));
      buckets.forEach((s) => emit(s));
      continue;
    }
    // Families without the _total suffix are written as gauges holding counter values: PromQL's
    // rate() works on them alike, and OpenMetrics would otherwise insist on the suffix.
    const counterType = p.callsMetric.endsWith('_total') ? 'counter' : 'gauge';
    lines.push(`# TYPE ${counterType === 'counter' ? counterFamily : p.callsMetric} ${counterType}`);
    series.forEach((s) => emit(s));
    const histogramType = p.bucketMetric.endsWith('_bucket') ? 'histogram' : 'gauge';
    lines.push(`# TYPE ${histogramFamily} ${histogramType}`);
    buckets.forEach((s) => emit(s));
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}
