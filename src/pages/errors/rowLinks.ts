import { sceneGraph, type SceneObject } from '@grafana/scenes';
import type { LogRow } from '../../correlation/logRows';
import { windowAroundTime } from '../../correlation/timeWindow';
import { serviceUrl, traceUrl, type UrlDataSources } from '../../app/urls';
import { DS_VARIABLES } from '../../shared/dataSourceVariables';

/** The data source uids of the page, so a link opens the same data sources. */
export function pageDataSources(object: SceneObject): UrlDataSources {
  const read = (name: string) => {
    const v = sceneGraph.lookupVariable(name, object)?.getValue();
    return typeof v === 'string' && v ? v : undefined;
  };
  return { loki: read(DS_VARIABLES.loki), tempo: read(DS_VARIABLES.tempo), metrics: read(DS_VARIABLES.metrics) };
}

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
