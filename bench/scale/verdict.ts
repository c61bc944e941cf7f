/**
 * Whether a page stays within the default limits of issue 20 ("Done when"), from what the benchmark
 * measured. Pure, so the rules are tested on their own (bench/scale/__tests__/verdict.test.ts).
 */
export const LIMITS = {
  /** Loki's max_query_series (grafana/loki v3.7.6 pkg/validation/limits.go:373). */
  lokiSeries: 500,
  /** The budget for one answer to the browser: 2 MB. */
  bytesToBrowser: 2_000_000,
  /** The budget for one main-thread task in Chromium. */
  taskMs: 200,
};

export interface QueryFigure {
  backend: string;
  query: string;
  /** Whether the query was a metric (count) query, not a query for log lines. */
  metric?: boolean;
  series: number;
  lines: number;
  bytes: number;
  refused?: string;
}

export interface PageFigures {
  page: string;
  /** Requests to data sources and their resource APIs (one request may hold several queries). */
  requests: number;
  queries: QueryFigure[];
  longestTaskMs: number;
  /** Anything that kept the page from being measured (it never settled, it threw). */
  failure?: string;
}

export interface PageVerdict {
  line: string;
  within: boolean;
  reasons: string[];
}

const short = (q: string) => (q.length > 140 ? `${q.slice(0, 137)}...` : q);

/**
 * A LogQL selector that selects every stream: each of its stream matchers matches any value (`=~".+"`,
 * `=~".*"`, `!=""`, `!~""`), or it has none. One exact or narrowing matcher makes it narrow.
 */
export function selectsAllStreams(expr: string): boolean {
  const selector = /\{([^{}]*)\}/.exec(expr);
  if (!selector) {
    return false;
  }
  const matchers = [...selector[1].matchAll(/(\w+)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)];
  const matchesAnything = ([, , op, value]: RegExpMatchArray) =>
    (op === '=~' && /^(\.\+|\.\*|\(\?s:\.\+\)|\(\?s:\.\*\))$/.test(value)) ||
    ((op === '!=' || op === '!~') && value === '');
  return matchers.length === 0 || matchers.every(matchesAnything);
}

/** A LogQL metric query (counts over a range), as opposed to a query for lines. */
export function isLogQLMetric(expr: string): boolean {
  return /\b(count_over_time|rate|bytes_over_time|bytes_rate|sum_over_time)\s*\(/.test(expr);
}

export function verdict(figures: PageFigures): PageVerdict {
  const reasons: string[] = [];
  const q = figures.queries;
  const max = (values: number[]) => values.reduce((a, b) => Math.max(a, b), 0);
  const loki = q.filter((x) => x.backend === 'loki');
  for (const x of loki.filter((x) => x.series > LIMITS.lokiSeries)) {
    reasons.push(`Loki query returns ${x.series} series (max_query_series ${LIMITS.lokiSeries}): ${short(x.query)}`);
  }
  const allStreams = loki.filter((x) => !(x.metric ?? isLogQLMetric(x.query)) && selectsAllStreams(x.query));
  for (const query of new Set(allStreams.map((x) => x.query))) {
    reasons.push(`Loki log query selects every stream, no narrowing matcher: ${short(query)}`);
  }
  for (const x of q.filter((x) => x.refused)) {
    reasons.push(`${x.backend} refused: ${short(x.refused!)} (query: ${short(x.query)})`);
  }
  const bytes = max(q.map((x) => x.bytes));
  if (bytes > LIMITS.bytesToBrowser) {
    const worst = q.find((x) => x.bytes === bytes)!;
    reasons.push(`${bytes} bytes to the browser in one answer (over ${LIMITS.bytesToBrowser}): ${short(worst.query)}`);
  }
  if (figures.longestTaskMs > LIMITS.taskMs) {
    reasons.push(`a ${figures.longestTaskMs} ms task in Chromium (over ${LIMITS.taskMs} ms)`);
  }
  if (figures.failure) {
    reasons.push(`not measured: ${figures.failure}`);
  }
  const line =
    `scale ${figures.page} requests=${figures.requests} maxSeriesPerQuery=${max(q.map((x) => x.series))} ` +
    `maxLinesPerQuery=${max(q.map((x) => x.lines))} bytesToBrowser=${bytes} longestTaskMs=${figures.longestTaskMs}`;
  const unique = [...new Set(reasons)];
  return { line, within: unique.length === 0, reasons: unique };
}
