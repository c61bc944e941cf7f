// Tempo's answer to `{ … } | histogram_over_time(duration) by (<attribute>)` (grafana/tempo v2.10.8): each
// span counted in the power-of-two bucket of its duration in nanoseconds, labelled `__bucket` in seconds as
// a double (pkg/traceql/ast_metrics.go bucketizeDuration, engine_metrics.go Log2Bucketize; a span under
// 2 ns is left out), grouped by the attribute (`__bucket` added after it, GroupingAggregator), on the
// steps of a range query as compare() (AlignRequest; see compareSeries). Grafana's frames: tempoMetricsFrames.
import type { CompareSpan, TempoLabelValue, TempoSeries } from './tempoMetrics';

const tempoValue = (v: string | number | boolean): TempoLabelValue =>
  typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : { intValue: String(v) };

/** Log2Bucketize: the power of two at or above `ns` (an integer, at least 2). */
function log2Bucketize(ns: number): number {
  return 2 ** Math.ceil(Math.log2(ns));
}

/**
 * The histogram series for these spans, as the query asks: its `by (…)` attribute and its version
 * conditions (`attr = "v"` joined by `||`). Anything else throws, so a test never gets an answer the
 * double only guessed.
 */
export function histogramAnswer(
  query: string,
  spans: CompareSpan[],
  opts: { fromMs: number; toMs: number; stepMs: number }
): TempoSeries[] {
  const by = /\|\s*histogram_over_time\(duration\)\s+by\s+\(([\w.:]+)\)\s*$/.exec(query);
  if (!by) {
    throw new Error(`not a histogram_over_time(duration) by (…) query: ${query}`);
  }
  const attribute = by[1];
  const escaped = attribute.replace(/\./g, '\\.');
  const wanted = [...query.matchAll(new RegExp(`${escaped} = (?:"((?:[^"\\\\]|\\\\.)*)"|(-?[\\d.]+))`, 'g'))].map(
    (m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2])
  );
  // AlignRequest and right-closed intervals stamped with their end, as compareSeries.
  const stepOf = (t: number) => Math.ceil(t / opts.stepMs) * opts.stepMs;
  const firstMs = Math.floor(opts.fromMs / opts.stepMs) * opts.stepMs - opts.stepMs;
  const lastMs = Math.ceil(opts.toMs / opts.stepMs) * opts.stepMs;
  const counts = new Map<string, { value: TempoLabelValue; bucket: number; steps: Map<number, number> }>();
  for (const s of spans) {
    const ns = Math.round((s.durationMs ?? 0) * 1e6);
    const value = s.attributes[attribute];
    if (ns < 2 || value === undefined || s.timeMs <= firstMs || s.timeMs > lastMs) {
      continue;
    }
    if (wanted.length && !wanted.includes(String(value))) {
      continue;
    }
    const bucket = log2Bucketize(ns) / 1e9;
    const key = `${typeof value}:${String(value)}:${bucket}`;
    const entry = counts.get(key) ?? { value: tempoValue(value), bucket, steps: new Map() };
    const t = stepOf(s.timeMs);
    entry.steps.set(t, (entry.steps.get(t) ?? 0) + (s.count ?? 1));
    counts.set(key, entry);
  }
  return [...counts.values()].map((e) => ({
    labels: [
      { key: attribute, value: e.value },
      { key: '__bucket', value: { doubleValue: e.bucket } },
    ],
    samples: [...e.steps.entries()].sort((a, b) => a[0] - b[0]).map(([timestampMs, value]) => ({ timestampMs, value })),
  }));
}
