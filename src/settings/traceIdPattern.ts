/**
 * Checks one configured trace-id pattern (a regular expression whose first capture group is the
 * id). Returns a message the config page shows under the pattern, or undefined when it is usable.
 * The same check keeps unusable provisioned patterns out of the running app (loadSettings).
 */
import { compileTraceIdPattern } from '../correlation/traceIdPatterns';
import { MAX_PATTERN_LENGTH } from './limits';

export function traceIdPatternError(source: unknown): string | undefined {
  if (typeof source !== 'string' || source.trim() === '') {
    return 'Enter a regular expression, or remove this pattern.';
  }
  if (source.length > MAX_PATTERN_LENGTH) {
    return `Keep the pattern under ${MAX_PATTERN_LENGTH} characters.`;
  }
  try {
    new RegExp(source);
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    return `Not a valid regular expression: ${reason}`;
  }
  // What runs is the RE2 form: its groups and its answer on an empty line are the ones that count.
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
