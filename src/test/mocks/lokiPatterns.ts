// Reproduces Loki's patterns API as Grafana's Loki data source passes it through its resource call
// `patterns` (grafana-loki-datasource pkg/loki/loki.go callResource, the same in 12.4 and v13.1.0: GET
// /loki/api/v1/patterns with the call's query string; pkg/loki/api.go RawQuery: a 4xx answer's body becomes
// `{ "message": <Loki's message, or its whole body> }` with that status, a 5xx an error), and what Loki v3.7
// answers: pkg/util/marshal WriteQueryPatternsResponseJSON (`{ status, data: [{ pattern, level, samples:
// [[unix seconds, count]] }] }`), pkg/pattern/ingester_querier.go prunePatterns (patterns with fewer than
// 30 lines over the range asked are left out; at most 300, most lines first) and, with the pattern
// ingester off, pkg/querier/querier.go Patterns (404, empty body).
import type { Responder as BackendSrvResponder } from './backendSrv';
import { LOKI_LIMITS } from './limits/lokiLimits';

export interface PatternLine {
  timeMs: number;
  pattern: string;
  level: string;
  /** Lines at this time (default 1), so a test can describe thousands of lines at once. */
  count?: number;
}

const MIN_CLUSTER_SIZE = LOKI_LIMITS.minPatternLines;
const MAX_PATTERNS = LOKI_LIMITS.maxPatterns;
/** pattern-ingester.sample-interval, default 10 s (Loki v3.7.6 pkg/pattern/drain/drain.go DefaultConfig). */
const SAMPLE_INTERVAL_MS = 10_000;

/** The body Loki answers for these log lines (already matched to patterns) over [startMs, endMs) in `stepMs` steps. */
export function lokiPatternsBody(lines: PatternLine[], startMs: number, endMs: number, stepMs: number) {
  const series = new Map<string, { pattern: string; level: string; counts: Map<number, number> }>();
  for (const line of lines) {
    // Loki v3.7.6 pkg/pattern/drain/chunk.go: a sample is stored at its time truncated to the 10-s
    // pattern-ingester.sample-interval (Chunks.Add, TruncateTimestamp), then ForRange keeps the samples
    // with start <= Timestamp < end: a line early in the first 10 s of the range is left out.
    const sampleMs = line.timeMs - (line.timeMs % SAMPLE_INTERVAL_MS);
    if (sampleMs < startMs || sampleMs >= endMs) {
      continue;
    }
    const key = `${line.level}\u0000${line.pattern}`;
    const s = series.get(key) ?? { pattern: line.pattern, level: line.level, counts: new Map() };
    const t = Math.floor(sampleMs / stepMs) * stepMs;
    s.counts.set(t, (s.counts.get(t) ?? 0) + (line.count ?? 1));
    series.set(key, s);
  }
  const total = (s: { counts: Map<number, number> }) => [...s.counts.values()].reduce((a, b) => a + b, 0);
  const kept = [...series.values()]
    .sort((a, b) => total(b) - total(a))
    .filter((s) => total(s) >= MIN_CLUSTER_SIZE)
    .slice(0, MAX_PATTERNS);
  return {
    status: 'success',
    data: kept.map((s) => ({
      pattern: s.pattern,
      level: s.level,
      samples: [...s.counts.entries()].sort((a, b) => a[0] - b[0]).map(([t, n]) => [Math.floor(t / 1000), n]),
    })),
  };
}

/** Loki with the pattern ingester off: 404 with an empty body, which the data source turns into an empty message. */
export const LOKI_PATTERNS_OFF = { status: 404, data: { message: '' } };

/** The parameters of a patterns resource call, as the fake backend service received it. */
export function patternsCall(url: string) {
  const match = /^\/api\/datasources\/uid\/([^/]+)\/resources\/patterns\?(.*)$/.exec(url);
  if (!match) {
    return undefined;
  }
  const params = new URLSearchParams(match[2]);
  return {
    uid: decodeURIComponent(match[1]),
    query: params.get('query') ?? '',
    startMs: Date.parse(params.get('start') ?? ''),
    endMs: Date.parse(params.get('end') ?? ''),
    step: params.get('step') ?? '',
  };
}

/** A backend service answering patterns calls from these lines, and RED detection with these metric names. */
export function patternsResponder(
  lines: PatternLine[] | typeof LOKI_PATTERNS_OFF,
  metricNames: string[] = []
): BackendSrvResponder {
  return (req) => {
    const call = patternsCall(req.url);
    if (call) {
      if (!Array.isArray(lines)) {
        return lines;
      }
      const stepS = Number(call.step.replace(/s$/, ''));
      return { data: lokiPatternsBody(lines, call.startMs, call.endMs, (Number.isFinite(stepS) ? stepS : 10) * 1000) };
    }
    if (req.url.includes('/resources/api/v1/label/__name__/values')) {
      return { data: { status: 'success', data: metricNames } };
    }
    return { status: 404, data: { message: `not found: ${req.url}` } };
  };
}
