import {
  runHealthChecks,
  type HealthClient,
  type HealthInput,
  type PickedSource,
} from '../../correlation/health/runner';
import type { HealthReport } from '../../correlation/health/types';
import { resolveDataSource } from '../../settings/resolveDataSources';
import type { SignalKind } from '../../settings/dataSources';
import type { CorrelateSettings } from '../../settings/types';
import { grafanaHealthClient } from './grafanaHealthClient';

export type HealthDataSources = Record<SignalKind, PickedSource>;

/** The configured data sources (or the instance's defaults), as the pages pick them. */
export function configuredDataSources(settings: CorrelateSettings): HealthDataSources {
  const pick = (kind: SignalKind, uid?: string): PickedSource => {
    const p = resolveDataSource(kind, uid);
    return { uid: p.uid, error: p.error };
  };
  return {
    loki: pick('loki', settings.lokiUid),
    tempo: pick('tempo', settings.tempoUid),
    metrics: pick('metrics', settings.metricsUid),
  };
}

/** A window that the checks can use: from before to, both real times; else the last hour. */
export function healthWindow(fromMs: number, toMs: number, nowMs = Date.now()) {
  if (Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs > fromMs) {
    return { fromMs, toMs };
  }
  return { fromMs: nowMs - 60 * 60_000, toMs: nowMs };
}

/** Runs every check against Grafana's data sources; never rejects (a failure is a report of "could not check"). */
export async function runHealth(
  settings: CorrelateSettings,
  dataSources: HealthDataSources,
  range: { fromMs: number; toMs: number },
  onProgress?: (report: HealthReport) => void,
  client: HealthClient = grafanaHealthClient()
): Promise<HealthReport> {
  const nowMs = Date.now();
  const input: HealthInput = { settings, dataSources, range: healthWindow(range.fromMs, range.toMs, nowMs), nowMs };
  return runHealthChecks(client, input, onProgress);
}
