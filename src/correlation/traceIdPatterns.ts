import type { RE2JS } from 're2js';
import { RE2_NOT_LOADED, re2 } from './re2';
import { normalizeTraceId } from './traceIdValue';

/**
 * Configured trace-id patterns, run in time bounded per line whatever the pattern and the line.
 *
 * A pattern is written by an admin (or provisioned in `jsonData` unchecked) and runs on every log
 * line, which anyone who can log controls. JavaScript's backtracking engine can take seconds on one
 * line (`(a+)+$`, or `.*corr=…` on a long line), so patterns run on RE2JS, a linear-time engine
 * (the RE2 syntax Loki's own line filters use). Linear is not yet bounded: the cost of a search
 * grows with the line's length times the pattern's compiled size. Patterns are capped in size, and
 * all the patterns together read at most PATTERN_BUDGET / (their total size) characters of a line.
 */

/** Compiled instructions one pattern may have; `[0-9a-f]{32}` alone is 33. */
export const MAX_PATTERN_INSTRUCTIONS = 400;
/**
 * Searching costs per character about (instructions + PATTERN_OVERHEAD) × 30 ns at worst, measured
 * on this project's build machine over patterns made to be slow (`(a|b)*$` on "aaa…b", nested and
 * counted repeats, case-folded non-ASCII). PATTERN_BUDGET is that product per line, all patterns
 * together: about 15 ms at worst, with room for a slower or busier machine (`npm run bench` prints
 * the worst pattern per line).
 */
export const PATTERN_OVERHEAD = 20;
export const PATTERN_BUDGET = 500_000;
/**
 * Capture groups one pattern may have. RE2JS copies every group's slots for each live thread, so a
 * search costs more per group: 61 groups made one 1.7 KB window take 43 ms (security review F1).
 * Only the first group is read; others can be written (?:…).
 */
export const MAX_CAPTURE_GROUPS = 4;
/** The built-in extractors' cap on a line (traceId.ts) also caps the window here. */
const MAX_WINDOW = 256 * 1024;

export interface CompiledPattern {
  source: string;
  re: RE2JS;
  /** Compiled size: the pattern's cost per character searched. */
  instructions: number;
  /** Capture groups; each adds to the cost per character (patternCost). */
  groups: number;
}

/** Lookarounds and backreferences: valid JavaScript, but no linear-time engine runs them. */
const NO_LINEAR_ENGINE = /\(\?<?[=!]|\\[1-9]|\\k</;

/** `notLoaded`: RE2 was not loaded yet (see re2.ts), so the pattern says nothing about itself. */
export type PatternCompileResult = { pattern: CompiledPattern } | { error: string; notLoaded?: true };

function re2Instructions(re: RE2JS): number {
  // The program size is not in re2js's typings; read it defensively so an upgrade cannot break lines.
  const prog = (re.re2() as unknown as { prog?: { numInst?: () => number } }).prog;
  const n = typeof prog?.numInst === 'function' ? prog.numInst() : NaN;
  return Number.isFinite(n) && n > 0 ? n : MAX_PATTERN_INSTRUCTIONS;
}

/**
 * Answers by pattern: the config page alone compiles each pattern five times on its first render
 * (loading, refused, validation, the health summary, the line tried), and a pattern near the size
 * caps takes ~25 ms to compile. A compiled RE2JS is immutable (each search builds its own matcher).
 */
const compiled = new Map<string, PatternCompileResult>();
const MAX_COMPILED = 100;

/**
 * Compiles a pattern for RE2. JavaScript forms RE2 spells differently (`(?<name>…)`) are translated;
 * lookarounds and backreferences, which no linear-time engine runs, are errors.
 */
export function compileTraceIdPattern(source: string): PatternCompileResult {
  const engine = re2();
  if (!engine) {
    return { error: RE2_NOT_LOADED, notLoaded: true };
  }
  let result = compiled.get(source);
  if (!result) {
    if (compiled.size >= MAX_COMPILED) {
      compiled.clear();
    }
    result = compileWith(engine, source);
    compiled.set(source, result);
  }
  return result;
}

function compileWith(engine: NonNullable<ReturnType<typeof re2>>, source: string): PatternCompileResult {
  let re: RE2JS;
  try {
    re = engine.compile(engine.translateRegExp(source));
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    if (!NO_LINEAR_ENGINE.test(source)) {
      return { error: `Not a valid regular expression: ${reason}.` };
    }
    return {
      error: `Correlate runs patterns with RE2, a linear-time engine without lookahead, lookbehind or backreferences, and cannot run this one: ${reason}.`,
    };
  }
  const instructions = re2Instructions(re);
  if (instructions > MAX_PATTERN_INSTRUCTIONS) {
    return {
      error: `This pattern is too large to run on every log line (${instructions} steps per character, at most ${MAX_PATTERN_INSTRUCTIONS}). Counted repeats such as {1000} multiply its size: use + or a smaller count.`,
    };
  }
  const groups = re.groupCount();
  if (groups > MAX_CAPTURE_GROUPS) {
    return {
      error: `This pattern has ${groups} capture groups, and each one slows the search on every log line: keep at most ${MAX_CAPTURE_GROUPS}. Correlate reads only the first; write the others as (?:…).`,
    };
  }
  return { pattern: { source, re, instructions, groups } };
}

/**
 * A pattern's worst cost per character, in budget units: its size, multiplied by the capture slots
 * RE2JS copies per thread (one group costs what the model was calibrated on).
 */
export function patternCost(p: Pick<CompiledPattern, 'instructions' | 'groups'>): number {
  return ((p.instructions + PATTERN_OVERHEAD) * (1 + Math.max(1, p.groups))) / 2;
}

/** How many leading characters of each line the patterns read, so that one line costs at most PATTERN_BUDGET. */
export function patternWindow(patterns: CompiledPattern[]): number {
  const total = patterns.reduce((sum, p) => sum + patternCost(p), 0);
  return total > 0 ? Math.min(MAX_WINDOW, Math.floor(PATTERN_BUDGET / total)) : MAX_WINDOW;
}

/** The id captured by the first pattern (in order) whose first group holds a valid trace id. */
export function traceIdFromPatterns(line: string, patterns: CompiledPattern[], window: number): string | undefined {
  const text = line.length > window ? line.slice(0, window) : line;
  for (const p of patterns) {
    try {
      // Most lines do not match: test() answers without building a matcher and its groups.
      if (!p.re.test(text)) {
        continue;
      }
      const m = p.re.matcher(text);
      const id = m.find() ? normalizeTraceId(m.group(1)) : undefined;
      if (id) {
        return id;
      }
    } catch {
      // A pattern without a first group, or an engine fault: this pattern finds nothing.
    }
  }
  return undefined;
}
