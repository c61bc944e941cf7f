import type { CompiledTraceIdOptions } from './traceIdKeys';
import { normalizeTraceId } from './traceIdValue';

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
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      return i;
    }
    if (c === BACKSLASH) {
      i++;
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
