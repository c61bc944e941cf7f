import type { RedProfileId } from '../queries/redProfiles';

/** `auto` finds the metric family in the metrics data source each time that data source changes. */
export type RedSourceSetting = 'auto' | RedProfileId;

/**
 * What the config page saves in the plugin's `jsonData`. Every field is optional because
 * configurations saved by older versions (or by hand through provisioning) may lack any of them.
 */
export interface CorrelateJsonData {
  lokiUid?: string;
  tempoUid?: string;
  metricsUid?: string;
  redSource?: RedSourceSetting;
  traceIdFields?: string[];
  traceIdPatterns?: string[];
  errorLevels?: string[];
  paddingMinutes?: number;
  maxLines?: number;
  maxRedServices?: number;
  healthTraceSample?: number;
  healthLinesPerService?: number;
  healthServices?: number;
}

/** The configuration the running app works with: complete, valid, defaults filled in. */
export interface CorrelateSettings {
  /** Undefined: use the instance's default data source of that type. */
  lokiUid?: string;
  tempoUid?: string;
  metricsUid?: string;
  redSource: RedSourceSetting;
  traceIdFields: string[];
  /** Only patterns that compile and have a capture group reach the app. */
  traceIdPatterns: string[];
  errorLevels: string[];
  paddingMinutes: number;
  maxLines: number;
  /** Services in a RED section at once, failing first; the rest one click away. */
  maxRedServices: number;
  /** Health page: trace ids looked up in Tempo, from logs and again from exemplars. */
  healthTraceSample: number;
  /** Health page: error lines read per service for its trace-id share. */
  healthLinesPerService: number;
  /** Health page: services counted and sampled, most errors first (the rest are counted only). */
  healthServices: number;
  /**
   * Configured (usually provisioned) trace-id patterns the app does not run, with why: the config
   * page and Health's trace-id check name them. Present only when there is one.
   */
  refusedTraceIdPatterns?: RefusedPattern[];
}

export interface RefusedPattern {
  pattern: string;
  reason: string;
}

export const DEFAULT_SETTINGS: CorrelateSettings = {
  redSource: 'auto',
  traceIdFields: [],
  traceIdPatterns: [],
  errorLevels: ['error', 'critical', 'fatal'],
  paddingMinutes: 15,
  maxLines: 1000,
  maxRedServices: 12,
  healthTraceSample: 20,
  healthLinesPerService: 20,
  healthServices: 20,
};
