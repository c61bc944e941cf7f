import {
  CustomVariable,
  QueryVariable,
  SceneVariableSet,
  TextBoxVariable,
  sceneGraph,
  type SceneObject,
} from '@grafana/scenes';
import type { CorrelateSettings } from '../../settings/types';
import { dataSourceVariables, LOKI_DS } from '../../shared/dataSourceVariables';

export const ERRORS_VARS = { services: 'services', levels: 'levels', search: 'search' } as const;

const LEVEL_CHOICES = ['error', 'critical', 'fatal', 'warn', 'warning'];

/** Data sources, services (from Loki's service_name for the time range), levels and search text. */
export function errorsVariables(settings: CorrelateSettings): SceneVariableSet {
  const levels = [...new Set([...settings.errorLevels, ...LEVEL_CHOICES])];
  return new SceneVariableSet({
    variables: [
      ...dataSourceVariables(settings),
      new QueryVariable({
        name: ERRORS_VARS.services,
        label: 'Services',
        datasource: LOKI_DS,
        // Loki's label-values variable query (LokiVariableQueryType.LabelValues = 1).
        query: { refId: 'services', type: 1, label: 'service_name', stream: '' },
        isMulti: true,
        includeAll: true,
        defaultToAll: true,
        refresh: 2,
      }),
      new CustomVariable({
        name: ERRORS_VARS.levels,
        label: 'Levels',
        // Level names are plain words; the variable's own syntax is a comma-separated list.
        query: levels.filter((l) => /^[\w-]+$/.test(l)).join(','),
        isMulti: true,
        value: settings.errorLevels,
        text: settings.errorLevels,
      }),
      new TextBoxVariable({ name: ERRORS_VARS.search, label: 'Search', value: '' }),
    ],
  });
}

/** The filter values as plain strings (never interpolated into a query: the builders escape them). */
export function readFilters(object: SceneObject) {
  const services = sceneGraph.lookupVariable(ERRORS_VARS.services, object);
  const levels = sceneGraph.lookupVariable(ERRORS_VARS.levels, object);
  const search = sceneGraph.lookupVariable(ERRORS_VARS.search, object);
  const list = (v: unknown) =>
    Array.isArray(v) ? v.map(String) : v === undefined || v === null || v === '' ? [] : [String(v)];
  const allServices = services instanceof QueryVariable && services.hasAllValue();
  return {
    services: allServices ? [] : list(services?.getValue()),
    levels: list(levels?.getValue()),
    search: String(search?.getValue() ?? ''),
  };
}
