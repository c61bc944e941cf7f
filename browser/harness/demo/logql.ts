/**
 * The part of Loki the demo needs: the LogQL that Correlate's builders write (src/queries/logql.ts),
 * evaluated over the demo's lines. A stream selector on `service_name` (`=` or `=~`, regexes fully
 * anchored as Loki's are), label filters (`| detected_level=~"(?i)…"`, `| trace_id="…" or …`), line
 * filters (`|= "…"`, `|~ "…"`), and the metric forms `sum by (service_name) (count_over_time(… [d]))`,
 * `sum(…)` of it, and the total `sum(count_over_time(… [d]))`. Anything else is refused with Loki's own
 * kind of message, so a query the builders never write shows up as a failing panel instead of quietly
 * matching everything.
 */

export interface LokiLine {
  timeMs: number;
  line: string;
  labels: Record<string, string>;
  structuredMetadata: Record<string, string>;
}

type Test = (l: LokiLine) => boolean;

const STRING = String.raw`"(?:[^"\\]|\\.)*"`;

/** Go's strconv.Unquote for the escapes goString writes. */
function unquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e[0] === 'x' || e[0] === 'u') {
      return String.fromCharCode(parseInt(e.slice(1), 16));
    }
    return ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e;
  });
}

/** An RE2 pattern as a JavaScript RegExp (`(?i)` becomes the i flag). */
function regex(pattern: string, anchored: boolean): RegExp {
  const caseless = pattern.startsWith('(?i)');
  const body = caseless ? pattern.slice(4) : pattern;
  return new RegExp(anchored ? `^(?:${body})$` : body, caseless ? 'i' : '');
}

const valueOf = (l: LokiLine, name: string) => l.structuredMetadata[name] ?? l.labels[name] ?? '';

function matcher(name: string, op: string, quoted: string): Test {
  const value = unquote(quoted);
  if (op === '=') {
    return (l) => valueOf(l, name) === value;
  }
  const re = regex(value, true);
  return (l) => re.test(valueOf(l, name));
}

export class LogQLError extends Error {}

/** A log query: its selector and stages, as one test per line. */
export function logsQuery(expr: string): Test {
  const selector = new RegExp(String.raw`^\{(\w+)(=~|=)(${STRING})\}`).exec(expr);
  if (!selector) {
    throw new LogQLError(`parse error at line 1, col 1: syntax error: unexpected ${JSON.stringify(expr.slice(0, 20))}`);
  }
  const tests: Test[] = [matcher(selector[1], selector[2], selector[3])];
  let rest = expr.slice(selector[0].length);
  const lineFilter = new RegExp(String.raw`^\s*\|(=|~)\s*(${STRING})`);
  const labelFilter = new RegExp(String.raw`^\s*\|\s*(\w+)(=~|=)(${STRING})((?:\s+or\s+\w+(?:=~|=)${STRING})*)`);
  const orPart = new RegExp(String.raw`\s+or\s+(\w+)(=~|=)(${STRING})`, 'g');
  for (let guard = 0; rest.trim() !== '' && guard < 20; guard++) {
    const lf = lineFilter.exec(rest);
    if (lf) {
      const value = unquote(lf[2]);
      const re = lf[1] === '~' ? regex(value, false) : undefined;
      tests.push(re ? (l) => re.test(l.line) : (l) => l.line.includes(value));
      rest = rest.slice(lf[0].length);
      continue;
    }
    const f = labelFilter.exec(rest);
    if (!f) {
      throw new LogQLError(`parse error: unexpected ${JSON.stringify(rest.trim().slice(0, 20))}`);
    }
    const alternatives = [
      matcher(f[1], f[2], f[3]),
      ...[...f[4].matchAll(orPart)].map((m) => matcher(m[1], m[2], m[3])),
    ];
    tests.push((l) => alternatives.some((t) => t(l)));
    rest = rest.slice(f[0].length);
  }
  return (l) => tests.every((t) => t(l));
}

export interface MetricQuery {
  /** Lines counted. */
  test: Test;
  /** Labels kept (`sum by (...)`), none for `sum(...)`. */
  by: string[];
  /** The count_over_time range, in ms; undefined for Grafana's `$__auto`. */
  rangeMs?: number;
}

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `sum by (service_name) (count_over_time(<logs> [d]))`, possibly inside `sum(...)`, or the total
 * `sum(count_over_time(<logs> [d]))` (src/queries/logql.ts errorTotalQuery).
 */
export function metricQuery(expr: string): MetricQuery | undefined {
  const range = (d: string) => {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(d);
    return m ? Number(m[1]) * DURATION_MS[m[2]] : undefined;
  };
  const total = /^sum\(count_over_time\((.*) \[(\$__auto|\d+(?:ms|s|m|h|d))\]\)\)$/s.exec(expr.trim());
  if (total) {
    return { test: logsQuery(total[1]), by: [], rangeMs: range(total[2]) };
  }
  const outer = /^sum\((.*)\)$/s.exec(expr.trim());
  const inner = outer ? outer[1] : expr.trim();
  const m = /^sum by \(([\w, ]+)\) \(count_over_time\((.*) \[(\$__auto|\d+(?:ms|s|m|h|d))\]\)\)$/s.exec(inner);
  if (!m) {
    return undefined;
  }
  return {
    test: logsQuery(m[2]),
    by: outer ? [] : m[1].split(',').map((s) => s.trim()),
    rangeMs: range(m[3]),
  };
}
