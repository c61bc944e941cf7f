import type { SceneObject } from '@grafana/scenes';
import type { LogRow } from '../../correlation/logRows';
import { windowAroundTime } from '../../correlation/timeWindow';
import { serviceUrl, traceUrl, type UrlDataSources } from '../../app/urls';
import { pageDataSources } from '../../shared/dataSourceVariables';

export { pageDataSources };

/**
 * Where a log line leads: its trace investigation (with the log's time and service as hints), or,
 * without a trace id, its service's detail around that moment.
 */
export function rowInvestigationUrl(
  row: LogRow,
  object: SceneObject & { settings: { paddingMinutes: number } },
  dataSources: UrlDataSources = pageDataSources(object)
): string | undefined {
  if (row.traceId) {
    return traceUrl(row.traceId, {
      timeMs: Number.isFinite(row.timeMs) ? row.timeMs : undefined,
      service: row.service,
      dataSources,
    });
  }
  if (row.service && Number.isFinite(row.timeMs)) {
    const w = windowAroundTime(row.timeMs, { paddingMs: object.settings.paddingMinutes * 60_000 });
    return serviceUrl(row.service, { range: { from: w.fromMs, to: w.toMs }, dataSources });
  }
  return undefined;
}
