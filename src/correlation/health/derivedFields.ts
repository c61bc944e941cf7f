import type { RE2JS } from 're2js';
import { re2 } from '../re2';
import { MAX_PATTERN_INSTRUCTIONS, PATTERN_BUDGET, patternCost } from '../traceIdPatterns';
import type { SampledLine } from './sampledLines';

/**
 * Loki's derived fields, as Health reads and tries them. The regexes are the Loki admin's and the
 * lines anyone's: JavaScript's backtracking engine took 4.9 s on the 400-line sample for
 * `.*traceID=(\w+)` (security review F2), so they run on RE2JS (linear time), on a bounded part of
 * a bounded number of lines.
 */

export interface DerivedField {
  name: string;
  matcherType?: string;
  matcherRegex: string;
  datasourceUid?: string;
  url?: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function derivedFieldsOf(jsonData: Record<string, unknown>): DerivedField[] {
  const list = Array.isArray(jsonData.derivedFields) ? jsonData.derivedFields : [];
  return list
    .filter((f): f is Record<string, unknown> => Boolean(f) && typeof f === 'object')
    .map((f) => ({
      name: str(f.name) ?? '',
      matcherType: str(f.matcherType),
      matcherRegex: str(f.matcherRegex) ?? '',
      datasourceUid: str(f.datasourceUid),
      url: str(f.url),
    }))
    .slice(0, 100);
}

/** Characters of a line a derived field's regex reads (Grafana reads the whole line it shows). */
export const DERIVED_FIELD_LINE = 4096;
/** Label names are short; a longer one is cut before a `label` matcher reads it. */
const LABEL_NAME = 256;
/** Lines with a trace id tried against the derived fields, at most. */
export const DERIVED_FIELD_LINES = 100;
/** Main-thread time the whole try may take; the figure says how many lines it covered. */
export const DERIVED_FIELD_BUDGET_MS = 50;

export type CompiledDerivedField =
  | { kind: 'ok'; re: RE2JS; cost: number }
  /** JavaScript refuses it: Grafana links nothing with it either. */
  | { kind: 'invalid' }
  /** Valid in JavaScript but not linear-time (lookaround, backreference, too large): not tried. */
  | { kind: 'skipped'; reason: string };

export function compileDerivedField(source: string): CompiledDerivedField {
  try {
    // Only constructed, never run: whether Grafana (JavaScript) can use it at all.
    new RegExp(source);
  } catch {
    return { kind: 'invalid' };
  }
  const engine = re2();
  if (!engine) {
    // Loaded on demand (re2.ts) by the Health runner before it tries derived fields.
    return { kind: 'skipped', reason: 'the RE2 engine did not load' };
  }
  try {
    const re = engine.compile(engine.translateRegExp(source));
    const prog = (re.re2() as unknown as { prog?: { numInst?: () => number } }).prog;
    const n = typeof prog?.numInst === 'function' ? prog.numInst() : MAX_PATTERN_INSTRUCTIONS;
    if (n > MAX_PATTERN_INSTRUCTIONS) {
      return { kind: 'skipped', reason: 'too large to try on every line' };
    }
    return { kind: 'ok', re, cost: patternCost({ instructions: n, groups: re.groupCount() }) };
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    return { kind: 'skipped', reason: `RE2 cannot run it (${reason})` };
  }
}

/**
 * The value Grafana's Loki data source derives for one line (grafana-loki-datasource
 * src/getDerivedFields.ts, 12.4 and v13.1.0): fields are grouped by name and the first of a name
 * decides; `label`: the value of the first label whose name the regex matches; `regex` (or none):
 * the first capture group in the line.
 */
export function derivedValue(
  field: DerivedField,
  re: RE2JS,
  line: SampledLine,
  window = DERIVED_FIELD_LINE
): string | undefined {
  if (field.matcherType === 'label') {
    const key = Object.keys(line.labels).find((k) => re.test(k.slice(0, LABEL_NAME)));
    return key ? line.labels[key] : undefined;
  }
  if (field.matcherType === 'regex' || field.matcherType === undefined) {
    const m = re.matcher(line.line.slice(0, window));
    return m.find() && re.groupCount() >= 1 ? (m.group(1) ?? undefined) : undefined;
  }
  return undefined;
}

/** Characters of each line the fields read, so that one line costs at most the trace-id patterns' budget. */
export function derivedFieldWindow(costs: number[]): number {
  const total = costs.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.min(DERIVED_FIELD_LINE, Math.floor(PATTERN_BUDGET / total)) : DERIVED_FIELD_LINE;
}

/**
 * The lines to try: at most DERIVED_FIELD_LINES, and no more than DERIVED_FIELD_BUDGET_MS of work;
 * `linked[i]` says for tried line i whether a field derives its id.
 */
export function tryDerivedFields(
  lines: SampledLine[],
  links: (line: SampledLine) => boolean,
  now: () => number = () => performance.now()
): { tried: SampledLine[]; linked: boolean[] } {
  const start = now();
  const tried: SampledLine[] = [];
  const linked: boolean[] = [];
  for (const line of lines.slice(0, DERIVED_FIELD_LINES)) {
    if (tried.length > 0 && now() - start > DERIVED_FIELD_BUDGET_MS) {
      break;
    }
    tried.push(line);
    linked.push(links(line));
  }
  return { tried, linked };
}
