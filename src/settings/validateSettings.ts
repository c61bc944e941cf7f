import { isRedProfileId } from '../queries/redProfiles';
import {
  HEALTH_LINES_PER_SERVICE,
  HEALTH_SERVICES,
  HEALTH_TRACE_SAMPLE,
  MAX_LINES,
  MAX_LIST_ENTRIES,
  PADDING_MINUTES,
  RED_SERVICES,
} from './limits';
import { traceIdFieldError, traceIdPatternError } from './traceIdPattern';
import type { CorrelateSettings } from './types';

/** Messages for the config page, by field; list fields have one entry per item (undefined = fine). */
export interface SettingsErrors {
  redSource?: string;
  traceIdFields?: Array<string | undefined>;
  traceIdPatterns?: Array<string | undefined>;
  errorLevels?: string;
  paddingMinutes?: string;
  maxLines?: string;
  maxRedServices?: string;
  healthTraceSample?: string;
  healthLinesPerService?: string;
  healthServices?: string;
}

function numberError(value: number, range: { min: number; max: number }, what: string): string | undefined {
  if (!Number.isFinite(value) || value < range.min || value > range.max) {
    return `${what} must be a number from ${range.min} to ${range.max}.`;
  }
  return undefined;
}

function wholeNumberError(value: number, range: { min: number; max: number }, what: string): string | undefined {
  return numberError(value, range, what) ?? (Number.isInteger(value) ? undefined : `${what} must be a whole number.`);
}

function listErrors(values: string[], check: (v: string) => string | undefined): Array<string | undefined> | undefined {
  const errors = values.map(
    (v, i) => check(v) ?? (values.indexOf(v) !== i ? 'This entry is listed twice.' : undefined)
  );
  if (values.length > MAX_LIST_ENTRIES) {
    errors[MAX_LIST_ENTRIES] = `Keep at most ${MAX_LIST_ENTRIES} entries.`;
  }
  return errors.some(Boolean) ? errors : undefined;
}

/** What is wrong with a draft configuration; an empty object means it can be saved. */
export function validateSettings(draft: CorrelateSettings): SettingsErrors {
  const errors: SettingsErrors = {};
  if (draft.redSource !== 'auto' && !isRedProfileId(draft.redSource)) {
    errors.redSource = 'Pick a RED metrics source.';
  }
  const fields = listErrors(draft.traceIdFields, traceIdFieldError);
  if (fields) {
    errors.traceIdFields = fields;
  }
  const patterns = listErrors(draft.traceIdPatterns, traceIdPatternError);
  if (patterns) {
    errors.traceIdPatterns = patterns;
  }
  const levels = draft.errorLevels.map((l) => l.trim()).filter(Boolean);
  if (levels.length === 0) {
    errors.errorLevels = 'List at least one level, for example error.';
  } else if (levels.some((l) => !/^[A-Za-z0-9_\-]{1,32}$/.test(l))) {
    errors.errorLevels = 'Levels are single words such as error, critical or fatal.';
  }
  const padding = numberError(draft.paddingMinutes, PADDING_MINUTES, 'Time padding');
  if (padding) {
    errors.paddingMinutes = padding;
  }
  const maxLines = wholeNumberError(draft.maxLines, MAX_LINES, 'Maximum log lines');
  if (maxLines) {
    errors.maxLines = maxLines;
  }
  const maxRedServices = wholeNumberError(draft.maxRedServices, RED_SERVICES, 'Services with RED graphs');
  if (maxRedServices) {
    errors.maxRedServices = maxRedServices;
  }
  const health: Array<
    ['healthTraceSample' | 'healthLinesPerService' | 'healthServices', { min: number; max: number }, string]
  > = [
    ['healthTraceSample', HEALTH_TRACE_SAMPLE, 'Trace ids looked up in Tempo'],
    ['healthLinesPerService', HEALTH_LINES_PER_SERVICE, 'Error lines read per service'],
    ['healthServices', HEALTH_SERVICES, 'Services sampled'],
  ];
  for (const [key, range, what] of health) {
    const error = wholeNumberError(draft[key], range, what);
    if (error) {
      errors[key] = error;
    }
  }
  return errors;
}

/** The draft's errors with the config page's backtracking messages added to the patterns without one. */
export function withPatternSafety(errors: SettingsErrors, safety: Array<string | undefined>): SettingsErrors {
  if (!safety.some(Boolean)) {
    return errors;
  }
  const patterns = safety.map((message, i) => errors.traceIdPatterns?.[i] ?? message);
  return { ...errors, traceIdPatterns: patterns };
}

export function hasErrors(errors: SettingsErrors): boolean {
  return Object.values(errors).some((e) => (Array.isArray(e) ? e.some(Boolean) : Boolean(e)));
}
