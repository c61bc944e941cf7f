/**
 * The keys a trace id may be bound to, and the configured extras, compiled once per options object.
 * Options come from the app configuration, so the same object is reused for every line.
 */

export interface TraceIdOptions {
  /** Extra field / key names (matched case-insensitively), for in-house log formats. */
  fields?: string[];
  /** Extra regular expression sources; the first capture group is the id. */
  patterns?: string[];
}

/** Built-in keys, lowercased: trace_id, traceId, traceID, trace.id in any case. */
export const BUILTIN_TRACE_KEYS = ['trace_id', 'traceid', 'trace.id'];

export interface CompiledTraceIdOptions {
  /** Lowercased key names a value may be read from. */
  keys: Set<string>;
  /** Lengths of those names: a key of another length is rejected before lowercasing. */
  keyLengths: Set<number>;
  /** Finds a key name anywhere in a line, case-insensitively: the cheap test before parsing. */
  keyProbe: RegExp;
  /** `key=value` / `key="value"` pairs whose whole key is one of `keys`. */
  keyValue: RegExp;
  patterns: RegExp[];
}

const MAX_PATTERN_CACHE = 256;
const patternCache = new Map<string, RegExp | null>();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
}

/** Compiles a configured pattern; an invalid one is ignored (the config page reports it). */
export function compilePattern(source: string): RegExp | null {
  const cached = patternCache.get(source);
  if (cached !== undefined) {
    return cached;
  }
  let re: RegExp | null = null;
  try {
    re = new RegExp(source);
  } catch {
    re = null;
  }
  if (patternCache.size >= MAX_PATTERN_CACHE) {
    patternCache.clear();
  }
  patternCache.set(source, re);
  return re;
}

function buildKeyValue(keys: string[]): RegExp {
  const names = keys.map(escapeRegExp).join('|');
  // The key must not be the tail of a longer key (`parent_trace_id`, `notrace_id`); the value is
  // bare or quoted and is validated afterwards, so it is captured loosely but bounded.
  return new RegExp(`(?<![\\w.\\-])(?:${names})=(?:"([^"]{0,80})"|'([^']{0,80})'|([0-9A-Za-z]{1,64})(?![0-9A-Za-z_]))`, 'gi');
}

function compile(options: TraceIdOptions | undefined): CompiledTraceIdOptions {
  const extra = Array.isArray(options?.fields)
    ? options!.fields.filter((f): f is string => typeof f === 'string' && f.trim() !== '').map((f) => f.trim().toLowerCase())
    : [];
  const keys = Array.from(new Set([...BUILTIN_TRACE_KEYS, ...extra]));
  const probeParts = extra.length ? ['trace', ...extra.map(escapeRegExp)] : ['trace'];
  const patterns = Array.isArray(options?.patterns)
    ? options!.patterns
        .filter((p): p is string => typeof p === 'string' && p !== '')
        .map(compilePattern)
        .filter((re): re is RegExp => re !== null)
    : [];
  return {
    keys: new Set(keys),
    keyLengths: new Set(keys.map((k) => k.length)),
    keyProbe: new RegExp(probeParts.join('|'), 'i'),
    keyValue: buildKeyValue(keys),
    patterns,
  };
}

const DEFAULT_COMPILED = compile(undefined);
const compiledByOptions = new WeakMap<object, CompiledTraceIdOptions>();

export function compiledOptions(options: TraceIdOptions | undefined): CompiledTraceIdOptions {
  if (!options || typeof options !== 'object') {
    return DEFAULT_COMPILED;
  }
  let compiled = compiledByOptions.get(options);
  if (!compiled) {
    compiled = compile(options);
    compiledByOptions.set(options, compiled);
  }
  return compiled;
}
