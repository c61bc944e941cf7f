import { DataSourceVariable } from '@grafana/scenes';
import type { CorrelateSettings } from '../settings/types';

/** Variable names: queries reference them as `${loki}`, `${tempo}`, `${metrics}`; URLs as `var-loki`... */
export const DS_VARIABLES = { loki: 'loki', tempo: 'tempo', metrics: 'metrics' } as const;

export const LOKI_DS = { uid: `\${${DS_VARIABLES.loki}}` };
export const TEMPO_DS = { uid: `\${${DS_VARIABLES.tempo}}` };
export const METRICS_DS = { uid: `\${${DS_VARIABLES.metrics}}` };

/**
 * One data source variable per signal, defaulting to the app configuration. With no configured
 * uid the variable takes the instance's default data source of that type (else the first one).
 */
export function dataSourceVariables(settings: CorrelateSettings): DataSourceVariable[] {
  return [
    new DataSourceVariable({ name: DS_VARIABLES.loki, label: 'Loki', pluginId: 'loki', value: settings.lokiUid ?? '' }),
    new DataSourceVariable({ name: DS_VARIABLES.tempo, label: 'Tempo', pluginId: 'tempo', value: settings.tempoUid ?? '' }),
    new DataSourceVariable({
      name: DS_VARIABLES.metrics,
      label: 'Metrics',
      pluginId: 'prometheus',
      value: settings.metricsUid ?? '',
    }),
  ];
}
