// Loki's default query limits, enforced over a backend responder, with Loki's own error texts
// (grafana/loki v3.7.6, the newest 3.7 tag in the mirror; the stack pins 3.7.8).
import type { DataFrame } from '@grafana/data';
import { PartialAnswer, type Answer, type RecordedRequest, type Responder } from '../backendQuery';

export const LOKI_LIMITS = {
  /** grafana/loki v3.7.6 pkg/validation/limits.go:373 (`querier.max-query-series`, 500). */
  maxQuerySeries: 500,
  /** grafana/loki v3.7.6 pkg/validation/limits.go:355 (`validation.max-entries-limit`, 5000). */
  maxEntriesLimitPerQuery: 5000,
  /** grafana/loki v3.7.6 pkg/pattern/ingester_querier.go:22-23 (`maxPatterns` 300, `minClusterSize` 30; constants). */
  maxPatterns: 300,
  minPatternLines: 30,
};
export type LokiLimits = typeof LOKI_LIMITS;

/** What the bench needs from each query a limited double saw. */
export interface LimitObservation {
  backend: 'loki' | 'tempo' | 'mimir';
  query: string;
  series: number;
  lines: number;
  /** Loki only: the stream selector has a matcher that narrows the streams (not `=~".+"`). */
  narrowed?: boolean;
  refused?: string;
}

/** grafana/loki v3.7.6 pkg/logqlmodel/error.go:96 (NewSeriesLimitError; the same text in queryrange/limits.go:46). */
export const seriesLimitText = (limit: number) =>
  `maximum number of series (${limit}) reached for a single query; consider reducing query cardinality by adding more specific stream selectors, reducing the time range, or aggregating results with functions like sum(), count() or topk()`;

/** grafana/loki v3.7.6 pkg/querier/queryrange/limits.go:47,777 (a 400 from the query-frontend). */
export const entriesLimitText = (asked: number, limit: number) =>
  `max entries limit per query exceeded, limit > max_entries_limit_per_query (${asked} > ${limit})`;

const TOP_UNSHARDED = /^(?:topk|bottomk)\(\s*\d+\s*,\s*([\s\S]*)\)$/;
const REDUCING = /^(?:count|max|min|stddev|stdvar)\(\s*(sum by \([\s\S]*)\)$/;

/**
 * The expression each shard evaluates, as grafana/loki v3.7.6 pkg/logql/shardmapper.go:240-345 maps it:
 * `sum`/`sum by` are sharded whole (the shard runs the same sum); `topk` is never sharded and
 * `count`/`max`/`min` over a label-reducing `sum by` are not either, so the shard runs their child.
 * The querier engine checks every shard's result against max_query_series (pkg/logql/engine.go:536-548,
 * pkg/querier/http.go:72 builds that engine with the limits), and sharding is on by default
 * (pkg/querier/queryrange/queryrangebase/roundtrip.go:51).
 */
export function downstreamExpr(expr: string): string {
  let e = expr.trim();
  for (let guard = 0; guard < 5; guard++) {
    const m = TOP_UNSHARDED.exec(e) ?? REDUCING.exec(e);
    if (!m) {
      return e;
    }
    e = m[1].trim();
  }
  return e;
}

/** A metric query (LogQL with a range aggregation); anything else is a log query. */
export const isMetricExpr = (expr: string) => /\b(?:count_over_time|rate|bytes_over_time|bytes_rate)\s*\(/.test(expr);

/** Whether the selector has a matcher that narrows streams; `{service_name=~".+"}` alone does not. */
export function selectorNarrows(expr: string): boolean {
  const selector = /\{([^{}]*)\}/.exec(expr)?.[1] ?? '';
  const matchers = selector.match(/[A-Za-z_]\w*\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"/g) ?? [];
  return matchers.some((m) => !/=~\s*"\.[+*]"$/.test(m));
}

function seriesCount(frames: DataFrame[]): number {
  const keys = new Set<string>();
  for (const f of frames) {
    for (const field of f.fields) {
      if (field.type === 'number') {
        keys.add(JSON.stringify(Object.entries(field.labels ?? {}).sort()));
      }
    }
  }
  return keys.size;
}

const linesOf = (frames: DataFrame[]) =>
  frames.filter((f) => f.fields.some((x) => x.name === 'labels')).reduce((a, f) => a + f.length, 0);

const framesOf = (a: Answer): DataFrame[] | undefined => (Array.isArray(a) ? a : undefined);

/** The shard's answer, when the responder can evaluate that expression (else the final check alone applies). */
function probeFrames(respond: Responder, req: RecordedRequest): DataFrame[] | undefined {
  try {
    return framesOf(respond(req));
  } catch {
    return undefined;
  }
}

/**
 * A Loki backend that refuses what Loki refuses with its default limits: a metric query whose result,
 * or any shard's result, has more series than max_query_series; a log query asking for more lines
 * than max_entries_limit_per_query. Each refused query fails alone (its refId), as Grafana's Loki
 * backend answers queries one by one; the others keep their frames.
 */
export function withLokiLimits(
  respond: Responder,
  limits: LokiLimits = LOKI_LIMITS,
  observe?: (o: LimitObservation) => void
): Responder {
  return (req: RecordedRequest): Answer => {
    const answer = respond(req);
    const frames = framesOf(answer);
    if (!frames) {
      return answer;
    }
    const failures: Record<string, string> = {};
    for (const t of req.targets) {
      const expr = String(t.expr ?? '');
      const own = frames.filter((f) => (f.refId ?? req.targets[0]?.refId) === t.refId);
      const metric = isMetricExpr(expr);
      let refused: string | undefined;
      let series = metric ? seriesCount(own) : own.length;
      if (metric) {
        const shard = downstreamExpr(expr);
        if (shard !== expr.trim()) {
          const probe = probeFrames(respond, { ...req, targets: [{ ...t, expr: shard }] });
          series = Math.max(series, probe ? seriesCount(probe) : 0);
        }
        if (series > limits.maxQuerySeries) {
          refused = seriesLimitText(limits.maxQuerySeries);
        }
      } else if (Number(t.maxLines ?? 0) > limits.maxEntriesLimitPerQuery) {
        refused = entriesLimitText(Number(t.maxLines), limits.maxEntriesLimitPerQuery);
      }
      if (refused) {
        failures[t.refId] = refused;
      }
      observe?.({
        backend: 'loki',
        query: expr,
        series,
        lines: refused || metric ? 0 : linesOf(own),
        narrowed: selectorNarrows(expr),
        refused,
      });
    }
    if (Object.keys(failures).length === 0) {
      return answer;
    }
    return new PartialAnswer(
      frames.filter((f) => failures[f.refId ?? req.targets[0]?.refId] === undefined),
      failures
    );
  };
}
