import { findJsonTraceId } from './jsonTraceId';
import { compiledOptions, type CompiledTraceIdOptions, type TraceIdOptions } from './traceIdKeys';
import { traceIdFromPatterns } from './traceIdPatterns';
import { normalizeTraceId, traceIdFromHexMatch } from './traceIdValue';

export type { TraceIdOptions } from './traceIdKeys';
export { normalizeTraceId, isTraceId } from './traceIdValue';

/**
 * Longest stretch of a line that is searched. Ids sit near the start of real log lines; the cap
 * keeps a hostile multi-megabyte line from costing more than a normal page of logs.
 */
export const MAX_SCAN_CHARS = 256 * 1024;

const ZERO_SPAN = '0000000000000000';
// After `00-`: the trace id, the parent span id and the flags, then no further id character.
const TRACEPARENT_REST = /([0-9a-fA-F]{32})-([0-9a-fA-F]{16})-[0-9a-fA-F]{2}(?![0-9A-Za-z])/y;
const MAX_CANDIDATES = 32;
const MAX_DASHES = 512;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function fromFields(fields: Record<string, unknown>, opts: CompiledTraceIdOptions): string | undefined {
  // OpenTelemetry logs: the common case, looked up directly.
  const direct = normalizeTraceId(fields.trace_id);
  if (direct) {
    return direct;
  }
  for (const key in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, key) || !opts.keyLengths.has(key.length)) {
      continue;
    }
    if (opts.keys.has(key.toLowerCase())) {
      const id = normalizeTraceId(fields[key]);
      if (id) {
        return id;
      }
    }
  }
  return undefined;
}

/**
 * `trace_id=…`, `traceId="…"`, `trace.id='…'` with the key in any case, tried only where the line
 * has "race"/"RACE": an anchored (sticky) match at each such place, no scanning regex. The key
 * must be a whole word (not the tail of `parent_trace_id`) and the value shaped like an id, so a
 * placeholder such as `traceId="unknown"` is passed over and the search goes on.
 */
const KEY_VALUE_AT = /trace[_.]?id=(["']?)([0-9a-fA-F]{16}(?:[0-9a-fA-F]{16})?)\1(?![0-9A-Za-z_])/iy;

function isKeyChar(c: number): boolean {
  return isAlnum(c) || c === 95 || c === 46 || c === 45;
}

function keyValueAfter(line: string, needle: 'race' | 'RACE'): string | undefined {
  let n = 0;
  for (let at = line.indexOf(needle, 1); at !== -1 && n < MAX_CANDIDATES; at = line.indexOf(needle, at + 4), n++) {
    if (at > 1 && isKeyChar(line.charCodeAt(at - 2))) {
      continue;
    }
    KEY_VALUE_AT.lastIndex = at - 1;
    const m = KEY_VALUE_AT.exec(line);
    const id = m ? traceIdFromHexMatch(m[2]) : undefined;
    if (id) {
      return id;
    }
  }
  return undefined;
}

function fromBuiltinKeyValues(line: string): string | undefined {
  return keyValueAfter(line, 'race') ?? keyValueAfter(line, 'RACE');
}

/** `key=value` pairs through a global regex whose groups 1–3 hold the candidate value. */
function fromKeyValues(line: string, re: RegExp): string | undefined {
  re.lastIndex = 0;
  for (let n = 0; n < MAX_CANDIDATES; n++) {
    const m = re.exec(line);
    if (!m) {
      return undefined;
    }
    const id = traceIdFromHexMatch(m[1] ?? m[2] ?? m[3]);
    if (id) {
      return id;
    }
  }
  return undefined;
}

/**
 * A W3C traceparent `00-<32 hex>-<16 hex>-<2 hex>` anywhere in the line. Found from its dashes:
 * searching for "00-" directly is slow on lines full of hex zeros.
 */
function fromTraceparent(line: string): string | undefined {
  let n = 0;
  for (let dash = line.indexOf('-', 2); dash !== -1 && n < MAX_DASHES; dash = line.indexOf('-', dash + 1), n++) {
    if (
      line.charCodeAt(dash + 33) !== 45 ||
      line.charCodeAt(dash - 1) !== 48 ||
      line.charCodeAt(dash - 2) !== 48 ||
      (dash > 2 && isAlnum(line.charCodeAt(dash - 3)))
    ) {
      continue;
    }
    TRACEPARENT_REST.lastIndex = dash + 1;
    const m = TRACEPARENT_REST.exec(line);
    if (m && m[2] !== ZERO_SPAN) {
      const id = traceIdFromHexMatch(m[1]);
      if (id) {
        return id;
      }
    }
  }
  return undefined;
}

/** Where `findTraceId` found its last id: labels / structured metadata, JSON, key=value, traceparent, a pattern. */
export type TraceIdSource = 'fields' | 'json' | 'keyValue' | 'traceparent' | 'pattern';

// Kept in a module variable, not returned, so the hot path allocates nothing for callers that only want the id.
let lastSource: TraceIdSource | undefined;

/** The trace id of a log entry and where it was found (see `findTraceId`), or undefined. */
export function findTraceIdWithSource(
  line: string,
  fields?: Record<string, string>,
  options?: TraceIdOptions
): { id: string; source: TraceIdSource } | undefined {
  const id = findTraceId(line, fields, options);
  return id && lastSource ? { id, source: lastSource } : undefined;
}

function found(id: string | undefined, source: TraceIdSource): string | undefined {
  lastSource = id ? source : undefined;
  return id;
}

function startsWithBrace(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 123 || ((c === 32 || c === 9 || c === 10 || c === 13) && text.trimStart().charCodeAt(0) === 123);
}

/**
 * The trace id of a log entry, as 32 lowercase hex characters, or undefined.
 *
 * Sources, in order: the entry's labels / structured metadata (`fields`), the line as JSON (top-level
 * keys and ECS `trace.id`), `key=value` pairs (logfmt), a W3C `traceparent` value, then the
 * configured patterns (RE2, on the first `patternWindow` characters). Only values bound to a trace-id key (or captured by a configured pattern) are
 * taken, so span ids, request ids, UUIDs and hashes are never mistaken for a trace id.
 * Never throws.
 */
export function findTraceId(
  line: string,
  fields?: Record<string, string>,
  options?: TraceIdOptions
): string | undefined {
  const opts = compiledOptions(options);
  if (fields !== null && typeof fields === 'object') {
    const id = fromFields(fields, opts);
    if (id) {
      return found(id, 'fields');
    }
  }
  lastSource = undefined;
  if (typeof line !== 'string' || line.length === 0) {
    return undefined;
  }
  const text = line.length > MAX_SCAN_CHARS ? line.slice(0, MAX_SCAN_CHARS) : line;

  // Cheap rejection: without a key name in the line, neither JSON nor key=value can hold an id.
  const hasBuiltinKey = text.indexOf('race') !== -1 || text.indexOf('RACE') !== -1;
  const hasExtraKey = opts.extraProbe !== undefined && opts.extraProbe.test(text);
  if (hasBuiltinKey || hasExtraKey) {
    let readAsText = true;
    if (startsWithBrace(text)) {
      const scan = findJsonTraceId(text, opts);
      if (scan.kind === 'id') {
        return found(scan.id, 'json');
      }
      readAsText = scan.kind === 'notJson';
    }
    if (readAsText && text.indexOf('=') !== -1) {
      const id =
        (hasBuiltinKey ? fromBuiltinKeyValues(text) : undefined) ??
        (hasExtraKey && opts.extraKeyValue ? fromKeyValues(text, opts.extraKeyValue) : undefined);
      if (id) {
        return found(id, 'keyValue');
      }
    }
  }
  const fromHeader = fromTraceparent(text);
  if (fromHeader) {
    return found(fromHeader, 'traceparent');
  }
  return opts.patterns.length
    ? found(traceIdFromPatterns(text, opts.patterns, opts.patternWindow), 'pattern')
    : undefined;
}
