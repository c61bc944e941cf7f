import { scanJsonTraceId } from './jsonTraceId';
import { compiledOptions, type CompiledTraceIdOptions, type TraceIdOptions } from './traceIdKeys';
import { normalizeTraceId } from './traceIdValue';

export type { TraceIdOptions } from './traceIdKeys';
export { normalizeTraceId, isTraceId } from './traceIdValue';

/**
 * Longest stretch of a line that is searched. Ids sit near the start of real log lines; the cap
 * keeps a hostile multi-megabyte line from costing more than a normal page of logs.
 */
export const MAX_SCAN_CHARS = 256 * 1024;

const TRACEPARENT = /(?<![0-9A-Za-z])00-([0-9a-fA-F]{32})-([0-9a-fA-F]{16})-[0-9a-fA-F]{2}(?![0-9A-Za-z])/g;
const ZERO_SPAN = '0000000000000000';

function fromFields(fields: Record<string, unknown>, opts: CompiledTraceIdOptions): string | undefined {
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

function fromKeyValues(line: string, opts: CompiledTraceIdOptions): string | undefined {
  const re = opts.keyValue;
  re.lastIndex = 0;
  // Bounded: a line with thousands of `trace_id=garbage` pairs gives up after a few.
  for (let n = 0; n < 32; n++) {
    const m = re.exec(line);
    if (!m) {
      return undefined;
    }
    const id = normalizeTraceId(m[1] ?? m[2] ?? m[3]);
    if (id) {
      return id;
    }
  }
  return undefined;
}

function fromTraceparent(line: string): string | undefined {
  const re = TRACEPARENT;
  re.lastIndex = 0;
  for (let n = 0; n < 32; n++) {
    const m = re.exec(line);
    if (!m) {
      return undefined;
    }
    if (m[2] !== ZERO_SPAN) {
      const id = normalizeTraceId(m[1]);
      if (id) {
        return id;
      }
    }
  }
  return undefined;
}

function fromPatterns(line: string, patterns: RegExp[]): string | undefined {
  for (const re of patterns) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null = null;
    try {
      m = re.exec(line);
    } catch {
      m = null;
    }
    const id = m ? normalizeTraceId(m[1]) : undefined;
    if (id) {
      return id;
    }
  }
  return undefined;
}

/**
 * The trace id of a log entry, as 32 lowercase hex characters, or undefined.
 *
 * Sources, in order: the entry's labels / structured metadata (`fields`), the line as JSON (top-level
 * keys and ECS `trace.id`), `key=value` pairs (logfmt), a W3C `traceparent` value, then the
 * configured patterns. Only values bound to a trace-id key (or captured by a configured pattern) are
 * taken, so span ids, request ids, UUIDs and hashes are never mistaken for a trace id.
 * Never throws.
 */
export function findTraceId(line: string, fields?: Record<string, string>, options?: TraceIdOptions): string | undefined {
  const opts = compiledOptions(options);
  if (fields !== null && typeof fields === 'object') {
    const id = fromFields(fields, opts);
    if (id) {
      return id;
    }
  }
  if (typeof line !== 'string' || line.length === 0) {
    return undefined;
  }
  const text = line.length > MAX_SCAN_CHARS ? line.slice(0, MAX_SCAN_CHARS) : line;

  // Cheap rejection: without a key name in the line, neither JSON nor key=value can hold an id.
  if (opts.keyProbe.test(text)) {
    let readAsText = true;
    if (text.charCodeAt(0) === 123 /* { */ || text.trimStart().charCodeAt(0) === 123) {
      const scan = scanJsonTraceId(text, opts);
      if (scan.kind === 'id') {
        return scan.id;
      }
      readAsText = scan.kind === 'notJson';
    }
    if (readAsText && text.indexOf('=') !== -1) {
      const id = fromKeyValues(text, opts);
      if (id) {
        return id;
      }
    }
  }
  if (text.indexOf('00-') !== -1) {
    const id = fromTraceparent(text);
    if (id) {
      return id;
    }
  }
  return opts.patterns.length ? fromPatterns(text, opts.patterns) : undefined;
}
