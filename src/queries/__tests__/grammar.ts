import type { LRParser } from '@lezer/lr';
import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as traceqlParser } from '@grafana/lezer-traceql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';

// Grafana's template variable syntax: $name, [[name]], ${name}, ${name:format}.
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;
const INTERVALS = new Set(['__rate_interval', '__auto', '__interval', '__range']);

/**
 * Grafana interpolates variables anywhere in the query text (string literals included) before
 * the query is sent, so the grammars must see the interpolated text. Interval variables become a
 * duration; any other variable becomes a marker that breaks a literal's round trip.
 */
export function interpolate(query: string): string {
  return query.replace(VARIABLE, (_m, a, b, _c, d) => (INTERVALS.has(a ?? b ?? d) ? '1m' : 'INTERPOLATED'));
}

export interface ParsedQuery {
  errors: number[];
  /** Text of every string literal node, in order. */
  strings: string[];
}

function parse(parser: LRParser, query: string): ParsedQuery {
  const text = interpolate(query);
  const tree = parser.parse(text);
  const errors: number[] = [];
  const strings: string[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(node.from);
      }
      if (node.name === 'String' || node.name === 'StringLiteral') {
        strings.push(text.slice(node.from, node.to));
      }
    },
  });
  return { errors, strings };
}

export const parseLogQL = (q: string) => parse(logqlParser, q);
export const parseTraceQL = (q: string) => parse(traceqlParser, q);
export const parsePromQL = (q: string) => parse(promqlParser, q);

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

/** The value of a Go string literal (double-quoted with escapes, or raw backtick), as the servers unquote it. */
export function decodeGoString(literal: string): string {
  if (literal.startsWith('`')) {
    return literal.slice(1, -1);
  }
  if (!literal.startsWith('"') || !literal.endsWith('"')) {
    throw new Error(`not a string literal: ${literal}`);
  }
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '"' || ch === '\n') {
      throw new Error(`unescaped ${JSON.stringify(ch)} in ${literal}`);
    }
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
    } else if (e === 'x') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else {
      throw new Error(`unknown escape \\${e} in ${literal}`);
    }
  }
  return out;
}

/** Values that have broken or injected into queries elsewhere. */
export const HOSTILE_VALUES: string[] = [
  'checkout',
  'a"b',
  'a\\b',
  'trailing\\',
  'back`tick',
  'new\nline',
  'tab\there',
  'bell\u0007',
  'del\u007f',
  '} or vector(1) or {',
  '"} or vector(1) or {"',
  '"} |= "x',
  '`',
  '|~ ".*"',
  '.*',
  'a|b',
  '(x)[y]{z}^$+?*',
  '$__rate_interval',
  '${loki}',
  'ünïcødé',
  '中文服务',
  'emoji 😀 svc',
  ' ',
  'x'.repeat(10_000),
  "it's",
  '# comment',
  '/* block */',
  '\\"',
  '\\\\"',
  '\u2028\u2029',
];
