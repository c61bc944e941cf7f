import { RED_DETECTION_ORDER, RED_PROFILES, type RedProfileId } from '../queries/redProfiles';

/** What `auto` detection found in a metrics data source. */
export interface RedDetection {
  profile?: RedProfileId;
  /** Metric names looked for, in order: pages name them when nothing was found. */
  tried: string[];
  /** Why detection could not run (the data source failed); undefined when it ran. */
  error?: string;
}

export const DETECTION_METRICS = RED_DETECTION_ORDER.map((id) => RED_PROFILES[id].detectMetric);

/** The first profile, in detection order, whose identifying metric exists. */
export function pickRedProfile(metricNames: Iterable<unknown>): RedProfileId | undefined {
  const present = new Set<unknown>(metricNames);
  return RED_DETECTION_ORDER.find((id) => present.has(RED_PROFILES[id].detectMetric));
}

/** Reads a Prometheus label-values response; anything else is described as an error. */
export function detectionFromResponse(body: unknown): RedDetection {
  const tried = DETECTION_METRICS;
  if (!body || typeof body !== 'object') {
    return { tried, error: 'The metrics data source answered with something that is not a Prometheus API response.' };
  }
  const b = body as { status?: unknown; data?: unknown; error?: unknown };
  if (b.status !== 'success' || !Array.isArray(b.data)) {
    const reason = typeof b.error === 'string' ? `: ${b.error}` : '';
    return { tried, error: `The metrics data source could not list metric names${reason}.` };
  }
  return { tried, profile: pickRedProfile(b.data) };
}
