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
import { provisionedPatternError, traceIdFieldError } from './traceIdPattern';
import {
  DEFAULT_SETTINGS,
  type CorrelateJsonData,
  type CorrelateSettings,
  type RedSourceSetting,
  type RefusedPattern,
} from './types';

/**
 * The configuration the running app uses, from whatever `jsonData` holds: saved by this version,
 * by an older one, or written by hand in provisioning. Never throws: missing keys get defaults,
 * wrong types are repaired or dropped, and trace-id patterns that would not work never reach the app.
 */
export function loadSettings(jsonData: unknown): CorrelateSettings {
  const raw = (jsonData && typeof jsonData === 'object' && !Array.isArray(jsonData) ? jsonData : {}) as Record<
    string,
    unknown
  >;
  const refused = refusedTraceIdPatterns(raw);
  return {
    ...(refused.length ? { refusedTraceIdPatterns: refused } : {}),
    lokiUid: uid(raw.lokiUid),
    tempoUid: uid(raw.tempoUid),
    metricsUid: uid(raw.metricsUid),
    redSource: redSource(raw.redSource),
    traceIdFields: list(raw.traceIdFields)
      .filter((f) => !traceIdFieldError(f))
      .map((f) => f.trim()),
    traceIdPatterns: list(raw.traceIdPatterns).filter((p) => !refused.some((r) => r.pattern === p)),
    errorLevels: levels(raw.errorLevels),
    paddingMinutes: bounded(raw.paddingMinutes, PADDING_MINUTES, DEFAULT_SETTINGS.paddingMinutes),
    maxLines: Math.round(bounded(raw.maxLines, MAX_LINES, DEFAULT_SETTINGS.maxLines)),
    maxRedServices: Math.round(bounded(raw.maxRedServices, RED_SERVICES, DEFAULT_SETTINGS.maxRedServices)),
    healthTraceSample: Math.round(
      bounded(raw.healthTraceSample, HEALTH_TRACE_SAMPLE, DEFAULT_SETTINGS.healthTraceSample)
    ),
    healthLinesPerService: Math.round(
      bounded(raw.healthLinesPerService, HEALTH_LINES_PER_SERVICE, DEFAULT_SETTINGS.healthLinesPerService)
    ),
    healthServices: Math.round(bounded(raw.healthServices, HEALTH_SERVICES, DEFAULT_SETTINGS.healthServices)),
  };
}

/** Configured trace-id patterns the app does not run, with why: the config page and Health show them. */
export function refusedTraceIdPatterns(jsonData: unknown): RefusedPattern[] {
  const raw =
    jsonData && typeof jsonData === 'object' ? (jsonData as Record<string, unknown>).traceIdPatterns : undefined;
  return list(raw).flatMap((pattern) => {
    const reason = provisionedPatternError(pattern);
    return reason ? [{ pattern, reason }] : [];
  });
}

/** Whether jsonData configures trace-id patterns: only then must RE2 load before settings are read. */
export function hasTraceIdPatterns(jsonData: unknown): boolean {
  const raw = jsonData && typeof jsonData === 'object' ? (jsonData as Record<string, unknown>) : {};
  return list(raw.traceIdPatterns).length > 0;
}

/** What the config page saves: only keys with a value, so "unset" stays unset. */
export function toJsonData(settings: CorrelateSettings): CorrelateJsonData {
  const out: CorrelateJsonData = {
    redSource: settings.redSource,
    traceIdFields: settings.traceIdFields,
    traceIdPatterns: settings.traceIdPatterns,
    errorLevels: settings.errorLevels,
    paddingMinutes: settings.paddingMinutes,
    maxLines: settings.maxLines,
    maxRedServices: settings.maxRedServices,
    healthTraceSample: settings.healthTraceSample,
    healthLinesPerService: settings.healthLinesPerService,
    healthServices: settings.healthServices,
  };
  if (settings.lokiUid) {
    out.lokiUid = settings.lokiUid;
  }
  if (settings.tempoUid) {
    out.tempoUid = settings.tempoUid;
  }
  if (settings.metricsUid) {
    out.metricsUid = settings.metricsUid;
  }
  return out;
}

function uid(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function redSource(value: unknown): RedSourceSetting {
  return isRedProfileId(value) ? value : 'auto';
}

/** A list of strings from a list, or from one comma-separated string (hand-written YAML). */
function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === 'string' && item.trim() !== '' && !out.includes(item) && out.length < MAX_LIST_ENTRIES) {
      out.push(item);
    }
  }
  return out;
}

function levels(value: unknown): string[] {
  const out = list(value).map((l) => l.trim().toLowerCase());
  const unique = out.filter((l, i) => out.indexOf(l) === i);
  return unique.length ? unique : [...DEFAULT_SETTINGS.errorLevels];
}

function bounded(value: unknown, range: { min: number; max: number }, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    return fallback;
  }
  return Math.min(range.max, Math.max(range.min, n));
}
