import { DataSourceVariable, SceneVariableSet, sceneGraph, type SceneObject } from '@grafana/scenes';
import type { UrlDataSources, UrlTimeRange } from '../app/urls';
import { resolveDataSource } from '../settings/resolveDataSources';
import { SIGNAL_PLUGIN_ID, type SignalKind } from '../settings/dataSources';
import type { CorrelateSettings } from '../settings/types';

/** Variable names: queries reference them as `${loki}`, `${tempo}`, `${metrics}`; URLs as `var-loki`... */
export const DS_VARIABLES = { loki: 'loki', tempo: 'tempo', metrics: 'metrics' } as const;

export const LOKI_DS = { uid: `\${${DS_VARIABLES.loki}}` };
export const TEMPO_DS = { uid: `\${${DS_VARIABLES.tempo}}` };
export const METRICS_DS = { uid: `\${${DS_VARIABLES.metrics}}` };

const LABELS: Record<SignalKind, string> = { loki: 'Loki', tempo: 'Tempo', metrics: 'Metrics' };

/**
 * One data source variable per signal, starting at the configured data source, or at the
 * instance's default of that type when none is configured (or the configured one is gone).
 */
export function dataSourceVariables(settings: CorrelateSettings): DataSourceVariable[] {
  const configured: Record<SignalKind, string | undefined> = {
    loki: settings.lokiUid,
    tempo: settings.tempoUid,
    metrics: settings.metricsUid,
  };
  return (Object.keys(DS_VARIABLES) as SignalKind[]).map(
    (kind) =>
      new DataSourceVariable({
        name: DS_VARIABLES[kind],
        label: LABELS[kind],
        pluginId: SIGNAL_PLUGIN_ID[kind],
        value: resolveDataSource(kind, configured[kind]).uid ?? '',
      })
  );
}

/** The three data source variables as a page's variable set. */
export function dataSourceVariablesSet(settings: CorrelateSettings): SceneVariableSet {
  return new SceneVariableSet({ variables: dataSourceVariables(settings) });
}

/** The data source uids of the page, so a link opens the same data sources. */
export function pageDataSources(object: SceneObject): UrlDataSources {
  const read = (name: string) => {
    const v = sceneGraph.lookupVariable(name, object)?.getValue();
    return typeof v === 'string' && v ? v : undefined;
  };
  return { loki: read(DS_VARIABLES.loki), tempo: read(DS_VARIABLES.tempo), metrics: read(DS_VARIABLES.metrics) };
}

/** What a link from this object carries: its time range (epoch ms) and the page's data sources. */
export function pageLinkParams(object: SceneObject): { range: UrlTimeRange; dataSources: UrlDataSources } {
  const { from, to } = sceneGraph.getTimeRange(object).state.value;
  return { range: { from: from.valueOf(), to: to.valueOf() }, dataSources: pageDataSources(object) };
}
