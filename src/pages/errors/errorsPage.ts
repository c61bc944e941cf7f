import { SceneAppPage } from '@grafana/scenes';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import type { CorrelateSettings } from '../../settings/types';
import { pageScene } from '../../shared/pageScene';
import { WhatChangedLinkItem } from '../changed/WhatChangedLink';
import { ErrorsBody } from './ErrorsBody';
import { ERRORS_VARS, errorsVariables, readFilters } from './errorsVariables';

export const DEFAULT_RANGE = { from: 'now-1h', to: 'now' };

/** The Errors page, the app's default: what is failing now, and a way into each failure. */
export function errorsPage(settings: CorrelateSettings, search: () => Record<string, unknown>): SceneAppPage {
  return new SceneAppPage({
    title: 'Errors',
    subTitle: 'Error logs from Loki, grouped, with a way into each line’s trace.',
    url: `${PLUGIN_BASE_URL}/${ROUTES.Errors}`,
    routePath: `${ROUTES.Errors}/*`,
    getScene: () =>
      pageScene({
        search: search(),
        defaults: DEFAULT_RANGE,
        variables: errorsVariables(settings),
        controls: [
          new WhatChangedLinkItem({
            services: [],
            readServices: (o) => readFilters(o).services,
            variables: [ERRORS_VARS.services],
          }),
        ],
        children: [new ErrorsBody(settings)],
      }),
  });
}
