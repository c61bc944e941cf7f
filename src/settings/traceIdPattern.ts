/**
 * Checks one configured trace-id pattern (a regular expression whose first capture group is the
 * id). Returns a message the config page shows under the pattern, or undefined when it is usable.
 * The same check keeps unusable provisioned patterns out of the running app (loadSettings).
 */
import { compileTraceIdPattern } from '../correlation/traceIdPatterns';
import { MAX_PATTERN_LENGTH } from './limits';

/**
 * A leading unbounded repetition (`.*`, `.+?`, `\s*`, `[^ ]+`). A search already starts at every
 * position, so the repetition re-reads the rest of the line from each one: time grows with the
 * square of the line's length, for a match the pattern without it finds too. redos-detector models
 * the search's implicit start as `[^]*?` and so reports every unanchored pattern whose first part
 * can repeat (including harmless `\[corr:([0-9a-f]+)\]`); this one idiom is recognised here instead.
 */
export const LEADING_REPEAT = /^(?:\.|\\[sSwWdD]|\[(?:\\.|[^\]\\])+\])[*+]\??/;

export function traceIdPatternError(source: unknown): string | undefined {
  if (typeof source !== 'string' || source.trim() === '') {
    return 'Enter a regular expression, or remove this pattern.';
  }
  if (source.length > MAX_PATTERN_LENGTH) {
    return `Keep the pattern under ${MAX_PATTERN_LENGTH} characters.`;
  }
  // Only RE2 decides (Correlate runs nothing else): `(?i)`, `(?P<id>…)` and `(?s:.)` are valid RE2
  // that JavaScript's RegExp refuses. What runs is the RE2 form: its groups and its answer on an
  // empty line are the ones that count.
  const compiled = compileTraceIdPattern(source);
  if ('error' in compiled) {
    return compiled.error;
  }
  const { re } = compiled.pattern;
  if (re.groupCount() < 1) {
    return 'Add a capture group around the trace id, for example corr=([0-9a-f]{32}).';
  }
  if (re.test('')) {
    return 'This pattern matches an empty line: make the id part required, for example ([0-9a-f]{32}).';
  }
  return undefined;
}

/** Field names become Loki label names: letters, digits, `_`, and `.`/`-` (stored as `_`). */
export function traceIdFieldError(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') {
    return 'Enter a field name, or remove it.';
  }
  if (!/^[A-Za-z_][A-Za-z0-9_.\-]{0,99}$/.test(name.trim())) {
    return 'Use letters, digits, "_", "." or "-", starting with a letter or "_".';
  }
  return undefined;
}

/**
 * Why a provisioned pattern is not run, from the checks cheap enough for every page load: the ones
 * above, and a leading repetition (the config page's backtracking check, first rule). The config
 * page's full check (patternBacktracking.ts) takes up to 2 s per pattern, so it runs there only.
 */
export function provisionedPatternError(source: unknown): string | undefined {
  const error = traceIdPatternError(source);
  if (error || typeof source !== 'string') {
    return error;
  }
  const lead = LEADING_REPEAT.exec(source)?.[0];
  return lead
    ? `Starts with "${lead}", which re-reads the rest of the line from every position: remove it (the search already tries every position).`
    : undefined;
}
