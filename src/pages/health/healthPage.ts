import { SceneAppPage } from '@grafana/scenes';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import type { CorrelateSettings } from '../../settings/types';
import { dataSourceVariablesSet } from '../../shared/dataSourceVariables';
import { pageScene } from '../../shared/pageScene';
import { HealthBody } from './HealthBody';

export const HEALTH_DEFAULT_RANGE = { from: 'now-1h', to: 'now' };

/** The Health page: which link between logs, traces and metrics works, and how to fix the one that does not. */
export function healthPage(settings: CorrelateSettings, search: () => Record<string, unknown>): SceneAppPage {
  return new SceneAppPage({
    title: 'Health',
    subTitle: 'Which link between your logs, traces and metrics works, and how to fix the one that does not.',
    url: `${PLUGIN_BASE_URL}/${ROUTES.Health}`,
    routePath: `${ROUTES.Health}/*`,
    getScene: () =>
      pageScene({
        search: search(),
        defaults: HEALTH_DEFAULT_RANGE,
        variables: dataSourceVariablesSet(settings),
        children: [new HealthBody(settings)],
      }),
  });
}
