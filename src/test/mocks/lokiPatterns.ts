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

/** pattern-ingester.max-chunk-age, default 1 h (Loki v3.7.6 pkg/pattern/drain/drain.go DefaultConfig). */
const MAX_CHUNK_AGE_MS = 3_600_000;

type Sample = [number, number];

/** The levels with a drain each (Loki v3.7.6 pkg/util/constants/levels.go LogLevels). */
const LOKI_LEVELS = ['unknown', 'debug', 'info', 'warn', 'error', 'fatal', 'critical', 'trace'];

/**
 * One chunk's samples over [startMs, endMs) in `stepMs` buckets, as Loki v3.7.6 pkg/pattern/drain/chunk.go
 * Chunk.ForRange: the samples from start (inclusive) to end (exclusive); at the sample interval as they
 * are; otherwise summed into buckets that start at multiples of the step since the epoch
 * (TruncateTimestamp), the first one the bucket of the first sample kept, with a zero bucket for each
 * step without samples up to the last one.
 */
function forRange(samples: Sample[], startMs: number, endMs: number, stepMs: number): Sample[] {
  const kept = samples.filter(([t]) => t >= startMs && t < endMs);
  if (kept.length === 0 || stepMs === SAMPLE_INTERVAL_MS) {
    return kept;
  }
  const truncate = (t: number) => t - (t % stepMs);
  const out: Sample[] = [[truncate(kept[0][0]), 0]];
  for (const [t, v] of kept) {
    let current = out[out.length - 1][0];
    const bucket = truncate(t);
    for (current += stepMs; current <= bucket; current += stepMs) {
      out.push([current, 0]);
    }
    out[out.length - 1][1] += v;
  }
  return out;
}

/**
 * The body Loki answers for these log lines (already matched to patterns) over [startMs, endMs) in
 * `stepMs` steps. Each line is a 10-s sample of its pattern and level (Chunks.Add truncates its time to
 * the sample interval); the samples are cut into chunks at most max-chunk-age long (Chunk.spaceFor),
 * each read by ForRange, and the buckets of equal time are summed (pkg/pattern/iter/merge.go Next).
 */
export function lokiPatternsBody(lines: PatternLine[], startMs: number, endMs: number, stepMs: number) {
  const series = new Map<string, { pattern: string; level: string; samples: Map<number, number> }>();
  for (const line of lines) {
    const sampleMs = line.timeMs - (line.timeMs % SAMPLE_INTERVAL_MS);
    // pkg/pattern/stream.go Push: the level lower-cased; one Loki has no drain for is filed under unknown.
    const lower = line.level.toLowerCase();
    const level = LOKI_LEVELS.includes(lower) ? lower : 'unknown';
    const key = `${level}\u0000${line.pattern}`;
    const s = series.get(key) ?? { pattern: line.pattern, level, samples: new Map() };
    s.samples.set(sampleMs, (s.samples.get(sampleMs) ?? 0) + (line.count ?? 1));
    series.set(key, s);
  }
  const answered = [...series.values()].map((s) => {
    const sorted = [...s.samples.entries()].sort((a, b) => a[0] - b[0]);
    const chunks: Sample[][] = [];
    for (const sample of sorted) {
      const chunk = chunks[chunks.length - 1];
      if (chunk && sample[0] - chunk[0][0] < MAX_CHUNK_AGE_MS) {
        chunk.push(sample);
      } else {
        chunks.push([sample]);
      }
    }
    const buckets = new Map<number, number>();
    for (const chunk of chunks) {
      for (const [t, v] of forRange(chunk, startMs, endMs, stepMs)) {
        buckets.set(t, (buckets.get(t) ?? 0) + v);
      }
    }
    const samples = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
    return { pattern: s.pattern, level: s.level, samples, total: samples.reduce((a, [, v]) => a + v, 0) };
  });
  const kept = answered
    .filter((s) => s.samples.length > 0)
    .sort((a, b) => b.total - a.total)
    .filter((s) => s.total >= MIN_CLUSTER_SIZE)
    .slice(0, MAX_PATTERNS);
  return {
    status: 'success',
    data: kept.map((s) => ({
      pattern: s.pattern,
      level: s.level,
      samples: s.samples.map(([t, n]) => [Math.floor(t / 1000), n]),
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
