import type { LogRow } from './logRows';

/**
 * Error signatures: messages grouped by a normalised fingerprint, so "payment declined for order
 * ord-123" and "... ord-456" count as one error. Pure; runs over a page of log rows.
 */

// Order matters: the most specific shapes first, so a UUID is not eaten digit by digit. Each runs
// in one pass: every expression here moves forward and tries a bounded amount at each position.
// Quoted strings come first, from their own scanner (quotedStrings below).
const REPLACEMENTS: Array<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<ip>'],
  [/\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b/gi, '<ip>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b/gi, '<hex>'],
  [/\b\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h)\b/g, '<duration>'],
  // Ids with a prefix (ord-123, user_42): the letters stay, the varying part goes.
  [/\b([a-z]+[-_])\d[\w-]*/gi, '$1<id>'],
  [/\b\d+(?:\.\d+)?\b/g, '<num>'],
];

/** Longest quoted value (in characters) replaced as one; a longer one is left as text. */
const MAX_QUOTED = 200;
const DQ = 34;
const SQ = 39;
const BACKSLASH = 92;

/**
 * For each position, the next `quote` at or after it that closes a string: one not escaped, that is
 * not preceded by an odd run of backslashes. A string's opening quote is never a backslash, so
 * whether a quote closes does not depend on where the string opened: one array serves every opening.
 */
function nextClosing(s: string, quote: number): Int32Array {
  const next = new Int32Array(s.length + 1).fill(-1);
  const closes = new Uint8Array(s.length);
  let run = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    closes[k] = c === quote && run % 2 === 0 ? 1 : 0;
    run = c === BACKSLASH ? run + 1 : 0;
  }
  for (let k = s.length - 1; k >= 0; k--) {
    next[k] = closes[k] ? k : next[k + 1];
  }
  return next;
}

/**
 * `"…"` and `'…'` (backslash escapes inside, at most MAX_QUOTED characters) replaced by `<str>`,
 * leftmost first, as the expression `"(?:[^"\\]|\\.)*"` would, but in one pass: each position is
 * looked at a bounded number of times, so a line of escaped quotes costs its length, not its
 * length times MAX_QUOTED as the backtracking expression did.
 */
export function quotedStrings(s: string): string {
  if (s.indexOf('"') === -1 && s.indexOf("'") === -1) {
    return s;
  }
  const nextDouble = nextClosing(s, DQ);
  const nextSingle = nextClosing(s, SQ);
  let out = '';
  let copied = 0;
  for (let i = 0; i < s.length; i++) {
    const q = s.charCodeAt(i);
    if (q !== DQ && q !== SQ) {
      continue;
    }
    const close = (q === DQ ? nextDouble : nextSingle)[i + 1];
    if (close >= 0 && close - i - 1 <= MAX_QUOTED) {
      out += s.slice(copied, i) + '<str>';
      copied = close + 1;
      i = close;
    }
  }
  return out + s.slice(copied);
}

const MAX_MESSAGE = 2000;
/** JSON lines longer than this are read as text (Loki's default line limit is 256 KB). */
const MAX_JSON = 64 * 1024;
/** JSON.parse on deep nesting costs far more per character; real log objects are shallow. */
const MAX_JSON_DEPTH = 64;
/**
 * The logfmt search and its unescaping read only this much of a line: the fingerprint reads 2,000
 * characters of the message and the example keeps 500, so the rest never counts.
 */
const MAX_LOGFMT_SCAN = 8 * 1024;

/** Whether `{`/`[` nest deeper than `max` outside strings: one pass, so a hostile line costs its length. */
function nestsDeeper(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) {
        i++;
      } else if (c === DQ) {
        inString = false;
      }
    } else if (c === DQ) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (++depth > max) {
        return true;
      }
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return false;
}

const LOGFMT_MESSAGE = /(?:^|\s)(?:msg|message)=("(?:[^"\\]|\\.)*"|\S+)/;

/** What a line says, without the JSON or logfmt around it: `msg`, `message`, `error` or the line. */
export function messageOf(line: string): string {
  const text = typeof line === 'string' ? line : '';
  if (text.startsWith('{') && text.length < MAX_JSON && !nestsDeeper(text, MAX_JSON_DEPTH)) {
    try {
      const obj = JSON.parse(text) as Record<string, unknown>;
      for (const key of ['msg', 'message', 'error', 'err', 'body']) {
        if (typeof obj?.[key] === 'string' && obj[key]) {
          return obj[key] as string;
        }
      }
    } catch {
      // not JSON: the line is the message
    }
  }
  const logfmt = LOGFMT_MESSAGE.exec(text.length > MAX_LOGFMT_SCAN ? text.slice(0, MAX_LOGFMT_SCAN) : text);
  if (logfmt) {
    const v = logfmt[1];
    // A quoted value cut by the scan limit has no closing quote: keep what was read.
    const quoted = v.length > 1 && v.startsWith('"') && v.endsWith('"');
    return quoted ? v.slice(1, -1).replace(/\\"/g, '"') : v.startsWith('"') ? v.slice(1) : v;
  }
  return text;
}

/** The fingerprint of a message: variable parts replaced, whitespace collapsed, bounded length. */
export function fingerprint(message: string): string {
  let s = quotedStrings((typeof message === 'string' ? message : '').slice(0, MAX_MESSAGE));
  for (const [re, to] of REPLACEMENTS) {
    s = s.replace(re, to);
  }
  return s.replace(/\s+/g, ' ').trim() || '<empty>';
}

export interface ErrorSignature {
  fingerprint: string;
  /** One real message with this fingerprint, to show. */
  example: string;
  count: number;
  firstSeenMs: number;
  lastSeenMs: number;
  services: string[];
  /** Share (0..1) of its lines that carry a trace id. */
  traceIdShare: number;
}

/** What a row says and its fingerprint: computed once when the row arrives, then kept. */
export interface RowSignature {
  message: string;
  fingerprint: string;
}

export function signatureOf(line: string): RowSignature {
  const message = messageOf(line);
  return { message, fingerprint: fingerprint(message) };
}

/**
 * Groups rows by fingerprint, most frequent first (ties: most recent first). `prepared` holds each
 * row's signature when the caller already computed it (same order as `rows`).
 */
export function errorSignatures(rows: LogRow[], prepared?: RowSignature[]): ErrorSignature[] {
  const groups = new Map<string, ErrorSignature & { withTrace: number; serviceSet: Set<string> }>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const { message, fingerprint: key } = prepared?.[i] ?? signatureOf(row.line);
    let g = groups.get(key);
    if (!g) {
      g = {
        fingerprint: key,
        example: message.slice(0, 500),
        count: 0,
        firstSeenMs: Infinity,
        lastSeenMs: -Infinity,
        services: [],
        traceIdShare: 0,
        withTrace: 0,
        serviceSet: new Set(),
      };
      groups.set(key, g);
    }
    g.count++;
    if (Number.isFinite(row.timeMs)) {
      g.firstSeenMs = Math.min(g.firstSeenMs, row.timeMs);
      g.lastSeenMs = Math.max(g.lastSeenMs, row.timeMs);
    }
    if (row.traceId) {
      g.withTrace++;
    }
    if (row.service) {
      g.serviceSet.add(row.service);
    }
  }
  return [...groups.values()]
    .map(({ withTrace, serviceSet, ...g }) => ({
      ...g,
      firstSeenMs: Number.isFinite(g.firstSeenMs) ? g.firstSeenMs : NaN,
      lastSeenMs: Number.isFinite(g.lastSeenMs) ? g.lastSeenMs : NaN,
      services: [...serviceSet].sort(),
      traceIdShare: g.count ? withTrace / g.count : 0,
    }))
    .sort((a, b) => b.count - a.count || (b.lastSeenMs || 0) - (a.lastSeenMs || 0));
}
