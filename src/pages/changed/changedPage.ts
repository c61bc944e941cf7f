import {
  EmbeddedScene,
  SceneAppPage,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimePicker,
  VariableValueSelectors,
} from '@grafana/scenes';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import type { CorrelateSettings } from '../../settings/types';
import { CheckedTimeRange } from '../../shared/CheckedTimeRange';
import { dataSourceVariablesSet } from '../../shared/dataSourceVariables';
import { PageMessage } from '../../shared/PageMessage';
import { checkUrlTimeRange } from '../../shared/urlTimeRange';
import { ChangedView } from './ChangedView';
import { readChangedParams } from './changedParams';

export const DEFAULT_INCIDENT = { from: 'now-15m', to: 'now' };

/** The What changed scene for the current URL. */
export function changedScene(settings: CorrelateSettings, search: URLSearchParams): EmbeddedScene {
  const range = checkUrlTimeRange(Object.fromEntries(search.entries()), DEFAULT_INCIDENT);
  const params = readChangedParams(search);
  const problems = [...range.problems, ...params.problems];
  return new EmbeddedScene({
    $timeRange: new CheckedTimeRange({ from: range.from, to: range.to }),
    $variables: dataSourceVariablesSet(settings),
    controls: [new VariableValueSelectors({}), new SceneControlsSpacer(), new SceneTimePicker({})],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        ...problems.map(
          (text) =>
            new SceneFlexItem({
              body: new PageMessage({ severity: 'warning', title: 'Part of this link was ignored', text }),
            })
        ),
        new SceneFlexItem({
          body: new ChangedView({
            settings,
            services: params.services,
            mode: params.mode,
            traceId: params.traceId,
          }),
        }),
      ],
    }),
  });
}

/** `/changed`: the incident window (the time range) against a baseline, for the services of the link. */
export function changedPage(settings: CorrelateSettings, search: () => URLSearchParams): SceneAppPage {
  return new SceneAppPage({
    title: 'What changed',
    subTitle: 'One ranked list of what is different from the baseline, across logs, traces and metrics.',
    url: `${PLUGIN_BASE_URL}/${ROUTES.Changed}`,
    routePath: `${ROUTES.Changed}/*`,
    getScene: () => changedScene(settings, search()),
  });
}
