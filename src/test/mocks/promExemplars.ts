// Reproduces grafana-prometheus-datasource pkg/promlib/converter/prom.go (readLabelsOrExemplars: one frame per
// series of /api/v1/query_exemplars), pkg/promlib/querydata/response.go (parseResponse, processExemplars) and
// pkg/promlib/querydata/exemplar/{sampler_stddev.go,labels.go,framer.go}: the exemplars of a query sampled per
// step and merged into ONE long frame named `exemplar` (Time, Value, then every label name sorted, series
// labels and exemplar labels alike), with the meta of the last series' frame. Grafana 12.4 (grafana/grafana
// pkg/promlib) and 13.2 (v13.1.7) alike.
import { FieldType, type DataFrame } from '@grafana/data';
import { goDuration } from './goFormat';

export interface PromExemplar {
  labels: Record<string, string>;
  value: number;
  timestampMs: number;
}

/** One entry of Prometheus' exemplar API answer: a series and its exemplars. */
export interface PromExemplarSeries {
  seriesLabels: Record<string, string>;
  exemplars: PromExemplar[];
}

interface Sampled extends PromExemplar {
  seriesLabels: Record<string, string>;
  /** Label names any exemplar of its series carries: the converter's label fields of that series. */
  exemplarNames: Set<string>;
}

/**
 * StandardDeviationSampler: exemplars bucketed by step; in each bucket the highest value, then only
 * values at least two standard deviations (of every value seen) below the previous one taken.
 */
function sampleExemplars(series: PromExemplarSeries[], stepMs: number): Sampled[] {
  const buckets = new Map<number, Sampled[]>();
  let count = 0;
  let mean = 0;
  let m2 = 0;
  for (const s of series) {
    const exemplarNames = new Set(s.exemplars.flatMap((e) => Object.keys(e.labels)));
    for (const ex of s.exemplars) {
      count++;
      const delta = ex.value - mean;
      mean += delta / count;
      m2 += delta * (ex.value - mean);
      const bucket = Math.floor(ex.timestampMs / stepMs) * stepMs;
      const list = buckets.get(bucket) ?? [];
      list.push({ ...ex, seriesLabels: s.seriesLabels, exemplarNames });
      buckets.set(bucket, list);
    }
  }
  const stdDev = count < 2 ? 0 : Math.sqrt(m2 / (count - 1));
  const sampled: Sampled[] = [];
  for (const list of buckets.values()) {
    const byValue = [...list].sort((a, b) => b.value - a.value);
    const taken: Sampled[] = [];
    for (const ex of byValue) {
      const prev = taken[taken.length - 1];
      if (!prev || (stdDev !== 0 && prev.value - ex.value > stdDev * 2)) {
        taken.push(ex);
      }
    }
    sampled.push(...taken);
  }
  return sampled.sort((a, b) => a.timestampMs - b.timestampMs);
}

/**
 * The frames an exemplar query answers with, as the browser receives them: none without exemplars (no
 * empty frame for an exemplar query), else one `exemplar` frame. The step is the query's, as the range
 * query uses it (`minStep`, or what maxDataPoints gives).
 */
export function promExemplarFrames(
  refId: string,
  series: PromExemplarSeries[],
  opts: { stepMs?: number; expr?: string } = {}
): DataFrame[] {
  const stepMs = opts.stepMs ?? 15_000;
  const withExemplars = series.filter((s) => s.exemplars.length > 0);
  const rows = sampleExemplars(withExemplars, stepMs);
  if (rows.length === 0) {
    return [];
  }
  const names = new Set<string>();
  for (const s of withExemplars) {
    Object.keys(s.seriesLabels).forEach((n) => names.add(n));
    s.exemplars.forEach((e) => Object.keys(e.labels).forEach((n) => names.add(n)));
  }
  const labelNames = [...names].sort();
  // parseResponse gives the first series' frame the executed query; the merged frame keeps the last one's meta.
  const custom: Record<string, unknown> = { resultType: 'exemplar' };
  const meta =
    withExemplars.length === 1
      ? {
          typeVersion: [0, 0] as [number, number],
          executedQueryString: `Expr: ${opts.expr ?? ''}\nStep: ${goDuration(stepMs)}`,
          custom: { ...custom, calculatedMinStep: stepMs },
        }
      : { typeVersion: [0, 0] as [number, number], custom };
  return [
    {
      name: 'exemplar',
      refId,
      length: rows.length,
      meta,
      fields: [
        { name: 'Time', type: FieldType.time, config: {}, values: rows.map((r) => r.timestampMs) },
        { name: 'Value', type: FieldType.number, config: {}, values: rows.map((r) => r.value) },
        ...labelNames.map((name) => ({
          name,
          type: FieldType.string,
          config: {},
          // The series' label, unless its exemplars carry one of that name (one that lacks it gets "").
          values: rows.map((r) => (r.exemplarNames.has(name) ? r.labels[name] : r.seriesLabels[name]) ?? ''),
        })),
      ],
    },
  ];
}
