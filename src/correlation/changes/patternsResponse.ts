/**
 * Reads the answer of Loki's patterns API (`GET /loki/api/v1/patterns`, through the Loki data
 * source's resource call `patterns`): `{ status: "success", data: [{ pattern, level, samples:
 * [[unix seconds, count], …] }] }` (Loki v3.7 pkg/util/marshal WriteQueryPatternsResponseJSON).
 * The same pattern may come once per level; Logs Drilldown merges them, and so do we. Pure; anything
 * else is reported as an error, never thrown.
 */

export interface PatternSeries {
  pattern: string;
  levels: string[];
  /** [epoch ms, count], in the order Loki sent them. */
  samples: Array<[number, number]>;
}

/**
 * Loki's pattern querier keeps the 300 patterns with the most lines, all levels together, and drops
 * those under 30 lines (grafana/loki v3.7.6 pkg/pattern/ingester_querier.go:22-23,119-120). The query is
 * only stream matchers (pkg/pattern/instance.go:180, syntax.ParseMatchers; `detected_level` is
 * structured metadata, not a stream label), so it cannot ask for one level: an answer at the cap may
 * have left rarer error patterns out.
 */
export const LOKI_PATTERN_CAP = 300;
/** More than Loki ever sends (it keeps the top 300): the rest of a hostile answer is ignored. */
const MAX_PATTERNS = 1000;
/**
 * Samples kept per pattern and in all. What changed asks for steps that give about 60 samples per
 * pattern per window; 20,000 per pattern let a hostile answer of 20 M samples take 12.8 s and 3.8 GB
 * (security review F16).
 */
export const MAX_SAMPLES = 1000;
export const MAX_TOTAL_SAMPLES = 200_000;
const MAX_PATTERN_LENGTH = 2000;

export function readPatternsResponse(body: unknown): {
  series: PatternSeries[];
  error?: string;
  /** Loki sent as many patterns as it keeps: error patterns may have been pushed out by others. */
  capped?: boolean;
} {
  const b = body as { status?: unknown; data?: unknown } | undefined;
  if (!b || typeof b !== 'object' || !Array.isArray(b.data)) {
    return { series: [], error: 'Loki answered the patterns request with something that is not a patterns list.' };
  }
  if (b.status !== undefined && b.status !== 'success') {
    return { series: [], error: `Loki answered the patterns request with status ${JSON.stringify(b.status)}.` };
  }
  const byPattern = new Map<string, PatternSeries>();
  let total = 0;
  for (const item of b.data.slice(0, MAX_PATTERNS)) {
    if (total >= MAX_TOTAL_SAMPLES) {
      break;
    }
    const p = item as { pattern?: unknown; level?: unknown; samples?: unknown };
    if (!p || typeof p.pattern !== 'string' || p.pattern === '' || !Array.isArray(p.samples)) {
      continue;
    }
    const pattern = p.pattern.slice(0, MAX_PATTERN_LENGTH);
    const series = byPattern.get(pattern) ?? { pattern, levels: [], samples: [] };
    if (typeof p.level === 'string' && p.level && !series.levels.includes(p.level)) {
      series.levels.push(p.level);
    }
    const room = Math.min(MAX_SAMPLES - series.samples.length, MAX_TOTAL_SAMPLES - total);
    for (const sample of p.samples.slice(0, Math.max(0, room))) {
      const [t, v] = Array.isArray(sample) ? sample : [];
      const ms = Number(t) * 1000;
      const count = Number(v);
      if (Number.isFinite(ms) && Number.isFinite(count) && count >= 0) {
        series.samples.push([ms, count]);
        total++;
      }
    }
    byPattern.set(pattern, series);
  }
  return { series: [...byPattern.values()], capped: b.data.length >= LOKI_PATTERN_CAP };
}

/**
 * The levels Loki's pattern ingester keeps patterns for (grafana/loki v3.7.6 pkg/util/constants/levels.go
 * LogLevels). pkg/pattern/stream.go Push lower-cases a line's `detected_level` and files any other value
 * under `unknown`, mixed with every line without a level, while LogQL still matches it
 * (pkg/distributor/field_detection.go normalizeLogLevel keeps unrecognised values as they are).
 */
export const LOKI_PATTERN_LEVELS = ['unknown', 'debug', 'info', 'warn', 'error', 'fatal', 'critical', 'trace'];

/** The configured error levels the patterns API cannot count: those it files under `unknown`. */
export function levelsPatternsCannotSee(levels: string[]): string[] {
  const unseen = levels.map((l) => l.trim().toLowerCase()).filter((l) => l && !LOKI_PATTERN_LEVELS.includes(l));
  return unseen.filter((l, i) => unseen.indexOf(l) === i);
}

/** Patterns with at least one of the levels (compared case-insensitively); a pattern without a level is kept out. */
export function patternsAtLevels(series: PatternSeries[], levels: string[]): PatternSeries[] {
  const wanted = new Set(levels.map((l) => l.toLowerCase()));
  return series.filter((s) => s.levels.some((l) => wanted.has(l.toLowerCase())));
}

/**
 * The literal text of a pattern that the Errors page can search for: its longest run between
 * placeholders (`<_>`), trimmed. Undefined when there is none worth searching.
 */
export function patternSearchText(pattern: string): string | undefined {
  const parts = pattern
    .split('<_>')
    .map((p) => p.trim())
    .sort((a, b) => b.length - a.length);
  const best = parts[0]?.slice(0, 200);
  return best && best.length >= 3 ? best : undefined;
}
