import {
  EmbeddedScene,
  SceneAppPage,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  VariableValueSelectors,
} from '@grafana/scenes';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import type { CorrelateSettings } from '../../settings/types';
import { CheckedTimeRange } from '../../shared/CheckedTimeRange';
import { dataSourceVariablesSet } from '../../shared/dataSourceVariables';
import { PageMessage } from '../../shared/PageMessage';
import { checkUrlTimeRange } from '../../shared/urlTimeRange';
import { HealthBody } from './HealthBody';

export const HEALTH_DEFAULT_RANGE = { from: 'now-1h', to: 'now' };

/** The Health page: which link between logs, traces and metrics works, and how to fix the one that does not. */
export function healthPage(settings: CorrelateSettings, search: () => Record<string, unknown>): SceneAppPage {
  return new SceneAppPage({
    title: 'Health',
    subTitle: 'Which link between your logs, traces and metrics works, and how to fix the one that does not.',
    url: `${PLUGIN_BASE_URL}/${ROUTES.Health}`,
    routePath: `${ROUTES.Health}/*`,
    getScene: () => {
      const range = checkUrlTimeRange(search(), HEALTH_DEFAULT_RANGE);
      return new EmbeddedScene({
        $timeRange: new CheckedTimeRange({ from: range.from, to: range.to }),
        $variables: dataSourceVariablesSet(settings),
        controls: [
          new VariableValueSelectors({}),
          new SceneControlsSpacer(),
          new SceneTimePicker({}),
          new SceneRefreshPicker({}),
        ],
        body: new SceneFlexLayout({
          direction: 'column',
          children: [
            ...range.problems.map(
              (text) =>
                new SceneFlexItem({
                  body: new PageMessage({ severity: 'warning', title: 'Part of this link was ignored', text }),
                })
            ),
            new SceneFlexItem({ body: new HealthBody(settings) }),
          ],
        }),
      });
    },
  });
}
