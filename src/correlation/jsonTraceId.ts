import type { CompiledTraceIdOptions } from './traceIdKeys';
import { normalizeTraceId, traceIdFromHexMatch } from './traceIdValue';

/**
 * Reads a trace id from a JSON log line without JSON.parse: one pass over the characters that
 * only looks at top-level keys and at the ECS form `{"trace":{"id":"…"}}`. It allocates nothing
 * for keys of the wrong length and stops at the first valid id.
 */

export type JsonScan =
  /** A valid id under a trace-id key. */
  | { kind: 'id'; id: string }
  /** A complete JSON object without one: other text forms need not be tried. */
  | { kind: 'none' }
  /** Not a complete JSON object (truncated, broken, too deep): read the line as text instead. */
  | { kind: 'notJson' };

const MAX_DEPTH = 64;
const NONE: JsonScan = { kind: 'none' };
const NOT_JSON: JsonScan = { kind: 'notJson' };

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_OBJ = 123;
const CLOSE_OBJ = 125;
const OPEN_ARR = 91;
const CLOSE_ARR = 93;

function isSpace(c: number) {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) {
    i++;
  }
  return i;
}

/** Index of the closing quote of the string whose content starts at `i`, or -1. */
function stringEnd(s: string, i: number): number {
  // indexOf is native and fast; a quote is closing unless an odd number of backslashes precede it.
  for (let q = s.indexOf('"', i); q !== -1; q = s.indexOf('"', q + 1)) {
    let slashes = 0;
    while (q - 1 - slashes >= i && s.charCodeAt(q - 1 - slashes) === BACKSLASH) {
      slashes++;
    }
    if (slashes % 2 === 0) {
      return q;
    }
  }
  return -1;
}

function keyText(s: string, start: number, end: number): string {
  const raw = s.slice(start, end);
  if (raw.indexOf('\\') === -1) {
    return raw.toLowerCase();
  }
  try {
    return String(JSON.parse(`"${raw}"`)).toLowerCase();
  } catch {
    return '';
  }
}

export function scanJsonTraceId(s: string, opts: CompiledTraceIdOptions): JsonScan {
  let i = skipSpace(s, 0);
  if (s.charCodeAt(i) !== OPEN_OBJ) {
    return NOT_JSON;
  }
  const isObject: boolean[] = [];
  let depth = 0;
  let expectKey = false;
  // Depth of the ECS `trace` object we are inside, or -1.
  let ecsDepth = -1;
  let enteringEcs = false;

  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(s, i + 1);
      if (end < 0) {
        return NOT_JSON;
      }
      if (!(expectKey && isObject[depth])) {
        i = end + 1;
        continue;
      }
      expectKey = false;
      let j = skipSpace(s, end + 1);
      if (s.charCodeAt(j) !== COLON) {
        return NOT_JSON;
      }
      j = skipSpace(s, j + 1);
      const keyLen = end - i - 1;
      const atTop = depth === 1;
      const inEcs = depth === ecsDepth;
      if ((atTop && (opts.keyLengths.has(keyLen) || keyLen === 5)) || (inEcs && keyLen === 2)) {
        const key = keyText(s, i + 1, end);
        const valueIsString = s.charCodeAt(j) === QUOTE;
        if (valueIsString && ((atTop && opts.keys.has(key)) || (inEcs && key === 'id'))) {
          const vEnd = stringEnd(s, j + 1);
          if (vEnd < 0) {
            return NOT_JSON;
          }
          const id = normalizeTraceId(s.slice(j + 1, vEnd));
          if (id) {
            return { kind: 'id', id };
          }
          i = vEnd + 1;
          continue;
        }
        if (atTop && key === 'trace' && s.charCodeAt(j) === OPEN_OBJ) {
          enteringEcs = true;
        }
      }
      i = j;
      continue;
    }
    if (c === OPEN_OBJ || c === OPEN_ARR) {
      depth++;
      if (depth > MAX_DEPTH) {
        return NOT_JSON;
      }
      isObject[depth] = c === OPEN_OBJ;
      expectKey = c === OPEN_OBJ;
      if (enteringEcs) {
        ecsDepth = depth;
        enteringEcs = false;
      }
    } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
      if (depth === ecsDepth) {
        ecsDepth = -1;
      }
      depth--;
      if (depth === 0) {
        return NONE;
      }
    } else if (c === COMMA) {
      expectKey = isObject[depth] === true;
    }
    i++;
  }
  return NOT_JSON;
}

const HEX_ID = '[0-9a-fA-F]{16}(?:[0-9a-fA-F]{16})?';
// A built-in trace-id key with a string value that has the shape of an id.
const JSON_KEY = new RegExp(`"(?:trace_?id|trace\\.id)"\\s*:\\s*"(${HEX_ID})"`, 'gi');
const ECS_TRACE = /"trace"\s*:\s*\{/i;
const MAX_CANDIDATES = 8;

/** The last non-space character before `i`. */
function previousChar(s: string, i: number): number {
  let j = i - 1;
  while (j >= 0 && isSpace(s.charCodeAt(j))) {
    j--;
  }
  return j >= 0 ? s.charCodeAt(j) : -1;
}

/**
 * Fast path for JSON lines: a native regex finds a trace-id key, and two index look-ups prove it
 * is a top-level key (no other `{` and no `[` before it, and it follows `{` or `,`). Only lines
 * where that proof fails, ECS lines and configured extra keys pay for the character scan.
 */
export function findJsonTraceId(s: string, opts: CompiledTraceIdOptions): JsonScan {
  if (opts.extraKeys.length > 0) {
    return scanJsonTraceId(s, opts);
  }
  const open = s.indexOf('{');
  const firstBracket = s.indexOf('[');
  JSON_KEY.lastIndex = 0;
  for (let n = 0; n < MAX_CANDIDATES; n++) {
    const m = JSON_KEY.exec(s);
    if (!m) {
      break;
    }
    const p = m.index;
    const prev = previousChar(s, p);
    const provablyTopLevel =
      (prev === OPEN_OBJ || prev === COMMA) &&
      s.lastIndexOf('{', p) === open &&
      (firstBracket === -1 || firstBracket > p);
    if (!provablyTopLevel) {
      return scanJsonTraceId(s, opts);
    }
    const id = traceIdFromHexMatch(m[1]);
    if (id) {
      return { kind: 'id', id };
    }
  }
  if (ECS_TRACE.test(s)) {
    return scanJsonTraceId(s, opts);
  }
  // No trace-id key: whether the JSON is complete only decides if the line is also read as text.
  return s.charCodeAt(s.length - 1) === CLOSE_OBJ || s.trimEnd().endsWith('}') ? NONE : NOT_JSON;
}
