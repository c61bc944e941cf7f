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
import { PageMessage } from '../../shared/PageMessage';
import { checkUrlTimeRange } from '../../shared/urlTimeRange';
import { CheckedTimeRange } from '../../shared/CheckedTimeRange';
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
    getScene: () => {
      const range = checkUrlTimeRange(search(), DEFAULT_RANGE);
      return new EmbeddedScene({
        $timeRange: new CheckedTimeRange({ from: range.from, to: range.to }),
        $variables: errorsVariables(settings),
        controls: [
          new VariableValueSelectors({}),
          new SceneControlsSpacer(),
          new WhatChangedLinkItem({
            services: [],
            readServices: (o) => readFilters(o).services,
            variables: [ERRORS_VARS.services],
          }),
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
            new SceneFlexItem({ body: new ErrorsBody(settings) }),
          ],
        }),
      });
    },
  });
}
