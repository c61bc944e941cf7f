// Reproduces what Grafana's Tempo data source makes of a TraceQL metrics range query: grafana/tempo
// pkg/traceql/engine_metrics_compare.go (v2.10.8: compare() returns, per attribute value, a
// `__meta_type="selection"` series for the spans its filter selects and a `"baseline"` series for the
// others, per attribute a `"selection_total"` / `"baseline_total"` series, and `__meta_error=
// "__too_many_values__"` for an attribute with more values than topN on either side, each side then keeping
// its topN values by count; processAttribute never groups by a duration; the filter is compare()'s
// first argument, topN its second, 10 by default, pkg/traceql/expr.y) and grafana-tempo-datasource
// pkg/tempo/traceql/metrics.go TransformMetricsResponse (Grafana 12.4, main at the 12.4 branch cut, and
// v13.1.5 alike): one frame per series, a `time` field and a value field named after the series, its labels holding string values in
// quotes (metricsValueToString), meta type timeseries-multi; no samples, no rows.
import { FieldType, type DataFrame } from '@grafana/data';

/** A label value as Tempo's protobuf carries it. */
export type TempoLabelValue =
  { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

// tempo v2.10.8 pkg/traceql: the totals' and __too_many_values__ series' attribute has no value (a zero Static,
// NewStaticNil in engine_metrics_compare.go Results), sent as the string "nil" (engine.go AsAnyValue:
// TypeNil → StringValue: EncodeToString(false), ast_stringer.go: "nil"); Grafana quotes it like any string.
const NIL: TempoLabelValue = { stringValue: 'nil' };

export interface TempoSeries {
  labels: Array<{ key: string; value: TempoLabelValue }>;
  samples: Array<{ timestampMs: number; value: number }>;
}

/** What Tempo answers a TraceQL metrics range query with; the fake Tempo data source builds Grafana's frames from it. */
export interface TempoMetricsResult {
  kind: 'tempo-metrics';
  series: TempoSeries[];
}

export const tempoMetricsResult = (series: TempoSeries[]): TempoMetricsResult => ({ kind: 'tempo-metrics', series });

export function isTempoMetricsResult(answer: unknown): answer is TempoMetricsResult {
  return Boolean(answer && typeof answer === 'object' && (answer as TempoMetricsResult).kind === 'tempo-metrics');
}

/** metricsValueToString: the label's value as the frame's labels hold it (strings quoted), and as its name shows it. */
function labelText(value: TempoLabelValue): [string, string] {
  if ('stringValue' in value) {
    return [`"${value.stringValue}"`, value.stringValue];
  }
  if ('intValue' in value) {
    return [value.intValue, value.intValue];
  }
  if ('doubleValue' in value) {
    // strconv.FormatFloat(v, 'f', -1, 64): the shortest text that reads back the same, never an exponent.
    const text = Number.isInteger(value.doubleValue) ? value.doubleValue.toFixed(0) : String(value.doubleValue);
    return [text, text];
  }
  return [String(value.boolValue), String(value.boolValue)];
}

/** transformLabelsAndGetName: one label gives its value as the name, several `{k=v, …}` sorted by key. */
function nameAndLabels(series: TempoSeries): { name: string; labels: Record<string, string> } {
  const labels: Record<string, string> = {};
  for (const l of series.labels) {
    labels[l.key] = labelText(l.value)[0];
  }
  if (series.labels.length === 1) {
    return { name: labelText(series.labels[0].value)[1], labels };
  }
  const keys = Object.keys(labels).sort();
  return { name: keys.length ? `{${keys.map((k) => `${k}=${labels[k]}`).join(', ')}}` : '', labels };
}

/** TransformMetricsResponse: the frames of a range query; `refId` is the series name, as the backend sets it. */
export function tempoMetricsFrames(series: TempoSeries[]): DataFrame[] {
  return series.map((s) => {
    const { name, labels } = nameAndLabels(s);
    return {
      refId: name,
      name,
      length: s.samples.length,
      meta: { preferredVisualisationType: 'graph', type: 'timeseries-multi' as never },
      fields: [
        { name: 'time', type: FieldType.time, config: {}, values: s.samples.map((x) => x.timestampMs) },
        {
          name,
          type: FieldType.number,
          labels,
          config: { displayName: name },
          values: s.samples.map((x) => x.value),
        },
      ],
    };
  });
}

// ---- compare() fixtures ----

/**
 * One span as compare() sees it: its attributes (names as Tempo prints them, `status` among them),
 * its duration, and whether the filter selects it (`compareAnswer` works that out from the query).
 */
export interface CompareSpan {
  timeMs: number;
  durationMs?: number;
  selected?: boolean;
  /** Spans alike (same step, attributes and selection), counted at once (default 1). */
  count?: number;
  attributes: Record<string, string | number | boolean>;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * The filter and topN of `… | compare({ filter }, topN)` for the filters What changed sends:
 * `status = error` and `duration >= 1000ms` (or `>`, any unit); topN defaults to 10 as in Tempo.
 * Anything else throws, so a test never gets an answer the double only guessed.
 */
export function compareFilterOf(query: string): { select: (span: CompareSpan) => boolean; topN: number } {
  const m = /\|\s*compare\(\s*\{\s*(.*?)\s*\}\s*(?:,\s*(\d+)\s*)?\)\s*$/.exec(query);
  if (!m) {
    throw new Error(`not a compare() query: ${query}`);
  }
  const topN = m[2] ? Number(m[2]) : 10;
  if (/^(span:)?status\s*=\s*error$/.test(m[1])) {
    return { topN, select: (s) => s.attributes.status === 'error' };
  }
  const d = /^(?:span:)?duration\s*(>=|>)\s*(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/.exec(m[1]);
  if (d) {
    const ms = Number(d[2]) * UNIT_MS[d[3]];
    const at = (s: CompareSpan) => s.durationMs ?? 0;
    return { topN, select: d[1] === '>=' ? (s) => at(s) >= ms : (s) => at(s) > ms };
  }
  throw new Error(`the compare() double does not evaluate this filter: ${m[1]}`);
}

/** Tempo's answer to a compare() query over these spans: the query's filter picks the selection. */
export function compareAnswer(
  query: string,
  spans: CompareSpan[],
  opts: { fromMs: number; toMs: number; stepMs: number }
) {
  const { select, topN } = compareFilterOf(query);
  return compareSeries(
    spans.map((s) => ({ ...s, selected: select(s) })),
    { ...opts, topN }
  );
}

const tempoValue = (v: string | number | boolean): TempoLabelValue =>
  typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : { intValue: String(v) };

/**
 * The series compare(filter, topN) returns for these spans from `fromMs` to `toMs` with `stepMs` steps, as
 * Tempo's engine (pkg/traceql/engine_metrics.go v2.10.8: AlignRequest rounds the start down and the end up
 * to multiples of the step and adds one interval before the start; IntervalMapperQueryRange's intervals are
 * right-closed, each sample stamped with its interval's end); zero intervals left out. A stand-in for
 * Tempo's engine over span lists, so tests can describe a window as its spans.
 */
export function compareSeries(
  spans: CompareSpan[],
  opts: { fromMs: number; toMs: number; stepMs: number; topN?: number }
): TempoSeries[] {
  const topN = opts.topN ?? 10;
  const stepOf = (t: number) => Math.ceil(t / opts.stepMs) * opts.stepMs;
  const firstMs = Math.floor(opts.fromMs / opts.stepMs) * opts.stepMs - opts.stepMs;
  const lastMs = Math.ceil(opts.toMs / opts.stepMs) * opts.stepMs;
  type Acc = Map<string, { value: string | number | boolean; counts: Map<number, number> }>;
  const sides: Record<'selection' | 'baseline', Map<string, Acc>> = { selection: new Map(), baseline: new Map() };
  const totals: Record<'selection' | 'baseline', Map<string, Map<number, number>>> = {
    selection: new Map(),
    baseline: new Map(),
  };
  const bump = (m: Map<number, number>, t: number, n = 1) => m.set(t, (m.get(t) ?? 0) + n);
  for (const span of spans) {
    if (span.timeMs <= firstMs || span.timeMs > lastMs) {
      continue;
    }
    const side = span.selected ? 'selection' : 'baseline';
    const t = stepOf(span.timeMs);
    for (const [key, value] of Object.entries(span.attributes)) {
      const acc = sides[side].get(key) ?? new Map();
      const k = `${typeof value}:${String(value)}`;
      const entry = acc.get(k) ?? { value, counts: new Map() };
      bump(entry.counts, t, span.count ?? 1);
      acc.set(k, entry);
      sides[side].set(key, acc);
      const total = totals[side].get(key) ?? new Map();
      bump(total, t, span.count ?? 1);
      totals[side].set(key, total);
    }
  }
  const samples = (m: Map<number, number>) =>
    [...m.entries()].sort((a, b) => a[0] - b[0]).map(([timestampMs, value]) => ({ timestampMs, value }));
  const sumOf = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const out: TempoSeries[] = [];
  const tooMany = new Set<string>();
  for (const side of ['baseline', 'selection'] as const) {
    for (const [key, acc] of sides[side]) {
      const values = [...acc.values()].sort((a, b) => sumOf(b.counts) - sumOf(a.counts));
      if (values.length > topN) {
        tooMany.add(key);
      }
      for (const v of values.slice(0, topN)) {
        out.push({
          labels: [
            { key: '__meta_type', value: { stringValue: side } },
            { key, value: tempoValue(v.value) },
          ],
          samples: samples(v.counts),
        });
      }
    }
  }
  for (const key of tooMany) {
    out.push({
      labels: [
        { key: '__meta_error', value: { stringValue: '__too_many_values__' } },
        { key, value: NIL },
      ],
      samples: [],
    });
  }
  for (const side of ['baseline', 'selection'] as const) {
    for (const [key, m] of totals[side]) {
      out.push({
        labels: [
          { key: '__meta_type', value: { stringValue: `${side}_total` } },
          { key, value: NIL },
        ],
        samples: samples(m),
      });
    }
  }
  return out;
}
