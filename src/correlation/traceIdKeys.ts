import { re2 } from './re2';
import { compileTraceIdPattern, patternWindow, type CompiledPattern } from './traceIdPatterns';

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
  /** Configured key names beyond the built-in ones (lowercased). */
  extraKeys: string[];
  /** Finds a configured extra key anywhere in a line, case-insensitively; undefined without extras. */
  extraProbe?: RegExp;
  /** `key=value` / `key="value"` pairs whose whole key is a configured extra key. */
  extraKeyValue?: RegExp;
  /** Configured patterns that compiled for RE2, in order. */
  patterns: CompiledPattern[];
  /** Leading characters of a line the patterns read (their per-line budget). */
  patternWindow: number;
}

const MAX_PATTERN_CACHE = 256;
const patternCache = new Map<string, CompiledPattern | null>();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
}

/** Compiles a configured pattern; one RE2 cannot run is ignored (the config page reports it). */
export function compilePattern(source: string): CompiledPattern | null {
  const cached = patternCache.get(source);
  if (cached !== undefined) {
    return cached;
  }
  const result = compileTraceIdPattern(source);
  if ('notLoaded' in result) {
    return null; // not remembered: once RE2 has loaded, the pattern compiles
  }
  const compiled = 'pattern' in result ? result.pattern : null;
  if (patternCache.size >= MAX_PATTERN_CACHE) {
    patternCache.clear();
  }
  patternCache.set(source, compiled);
  return compiled;
}

const HEX_ID = '[0-9a-fA-F]{16}(?:[0-9a-fA-F]{16})?';

/** `key=value` for the given keys (whole word, any case); the value bare or quoted and shaped like an id. */
export function buildKeyValue(keys: string[]): RegExp {
  const names = keys.map(escapeRegExp).join('|');
  return new RegExp(`(?<![\\w.\\-])(?:${names})=(?:"(${HEX_ID})"|'(${HEX_ID})'|(${HEX_ID})(?![0-9A-Za-z_]))`, 'gi');
}

function compile(options: TraceIdOptions | undefined): CompiledTraceIdOptions {
  const extra = Array.isArray(options?.fields)
    ? options!.fields
        .filter((f): f is string => typeof f === 'string' && f.trim() !== '')
        .map((f) => f.trim().toLowerCase())
    : [];
  const keys = Array.from(new Set([...BUILTIN_TRACE_KEYS, ...extra]));
  const extraKeys = extra.filter((k) => !BUILTIN_TRACE_KEYS.includes(k));
  const patterns = Array.isArray(options?.patterns)
    ? options!.patterns
        .filter((p): p is string => typeof p === 'string' && p !== '')
        .map(compilePattern)
        .filter((p): p is CompiledPattern => p !== null)
    : [];
  return {
    keys: new Set(keys),
    keyLengths: new Set(keys.map((k) => k.length)),
    extraKeys,
    extraProbe: extraKeys.length ? new RegExp(extraKeys.map(escapeRegExp).join('|'), 'i') : undefined,
    extraKeyValue: extraKeys.length ? buildKeyValue(extraKeys) : undefined,
    patterns,
    patternWindow: patternWindow(patterns),
  };
}

const DEFAULT_COMPILED = compile(undefined);
const compiledByOptions = new WeakMap<object, CompiledTraceIdOptions>();
// A page of logs uses one options object for every line: remember the last one.
let lastOptions: object | undefined;
let lastCompiled = DEFAULT_COMPILED;

/** Compiled form of an options object; treat options as immutable once passed in. */
export function compiledOptions(options: TraceIdOptions | undefined): CompiledTraceIdOptions {
  if (!options || typeof options !== 'object') {
    return DEFAULT_COMPILED;
  }
  if (options === lastOptions) {
    return lastCompiled;
  }
  let compiled = compiledByOptions.get(options);
  if (!compiled) {
    compiled = compile(options);
    if (!Array.isArray(options.patterns) || options.patterns.length === 0 || re2()) {
      compiledByOptions.set(options, compiled);
    } else {
      return compiled; // patterns before RE2 loaded: compiled again once it has
    }
  }
  lastOptions = options;
  lastCompiled = compiled;
  return compiled;
}
