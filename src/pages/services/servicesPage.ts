import {
  PanelBuilders,
  SceneAppPage,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  type SceneAppPageLike,
  type SceneObject,
  type SceneRouteMatch,
} from '@grafana/scenes';
import { URL_KEYS } from '../../app/urls';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import type { CorrelateSettings } from '../../settings/types';
import { dataSourceVariablesSet, LOKI_DS, TEMPO_DS } from '../../shared/dataSourceVariables';
import { traceSearchTable } from '../../shared/frameFilters';
import { PageMessage } from '../../shared/PageMessage';
import { RedSection } from '../../shared/RedSection';
import { queryRunner } from '../../shared/runners';
import { panelMenu } from '../../shared/panelMenu';
import { AddInvestigationControl } from '../../shared/addToDashboard/AddInvestigationButton';
import { errorLogsView } from '../../dashboards/views';
import { pageScene as sharedPageScene } from '../../shared/pageScene';
import { WhatChangedLinkItem } from '../changed/WhatChangedLink';
import { ServiceMap } from './ServiceMap';
import { ServicesOverview } from './ServicesOverview';
import { serviceErrorLogs, serviceErrorTraceSearch, serviceSlowTraceSearch, SLOW_TRACE_MS } from './serviceQueries';

const DEFAULT_RANGE = { from: 'now-1h', to: 'now' };
const item = (body: SceneObject, height?: number) => new SceneFlexItem({ body, minHeight: height });

function pageScene(
  settings: CorrelateSettings,
  search: () => Record<string, unknown>,
  children: SceneObject[],
  controls: SceneObject[] = []
) {
  return sharedPageScene({
    search: search(),
    defaults: DEFAULT_RANGE,
    variables: dataSourceVariablesSet(settings),
    controls,
    children,
  });
}

/**
 * A table of the traces one TraceQL search finds (its own request); an id opens Correlate's trace
 * investigation, the page's range (Scenes' `__from` / `__to`, epoch ms) as the trace query's range.
 */
function traceTable(title: string, search: ReturnType<typeof serviceErrorTraceSearch>, noValue: string) {
  return PanelBuilders.table()
    .setTitle(title)
    .setData(new SceneDataTransformer({ $data: queryRunner(TEMPO_DS, search), transformations: [traceSearchTable()] }))
    .setNoValue(noValue)
    .setMenu(panelMenu(() => ({ title, type: 'table', signal: 'tempo', targets: search })))
    .setOverrides((b) =>
      b.matchFieldsWithName('traceID').overrideLinks([
        {
          title: 'Investigate in Correlate',
          url: `${PLUGIN_BASE_URL}/${ROUTES.Trace}/\${__value.raw}?${URL_KEYS.traceFrom}=\${__from}&${URL_KEYS.traceTo}=\${__to}`,
        },
      ])
    )
    .build();
}

export function serviceDetailScene(
  rawService: string | undefined,
  settings: CorrelateSettings,
  search: () => Record<string, unknown>
) {
  let service = '';
  try {
    service = decodeURIComponent(rawService ?? '');
  } catch {
    service = '';
  }
  if (!service.trim() || service.length > 200) {
    return pageScene(settings, search, [
      new PageMessage({
        severity: 'error',
        title: 'Not a service name',
        text: 'The link does not name a service. Pick one from the Services page.',
        linkUrl: `${PLUGIN_BASE_URL}/${ROUTES.Services}`,
        linkText: 'Go to Services',
      }),
    ]);
  }
  const traces = new SceneFlexLayout({
    direction: 'row',
    minHeight: 300,
    children: [
      item(
        traceTable(
          'Error traces',
          serviceErrorTraceSearch(service),
          'No traces of this service with errors in this time range.'
        )
      ),
      item(
        traceTable(
          `Slow traces (≥ ${SLOW_TRACE_MS} ms)`,
          serviceSlowTraceSearch(service),
          `No requests to this service took ${SLOW_TRACE_MS} ms or more.`
        )
      ),
    ],
  });
  const errorLogs = PanelBuilders.logs()
    // The page title names the service; a panel title would pass it through Grafana's interpolation.
    .setTitle('Error logs')
    .setData(queryRunner(LOKI_DS, serviceErrorLogs(service, settings)))
    .setOption('showTime', true)
    .setNoValue('No error logs from this service in this time range.')
    .setMenu(panelMenu(() => errorLogsView(service, settings)))
    .build();
  return pageScene(
    settings,
    search,
    [
      new RedSection({ redSource: settings.redSource, services: [service] }),
      new ServiceMap({ service, redSource: settings.redSource }),
      // In a column a panel gets only the height left over, none on a laptop: a floor, as for the traces.
      new SceneFlexLayout({ direction: 'row', minHeight: 300, children: [item(errorLogs)] }),
      traces,
    ],
    [new WhatChangedLinkItem({ services: [service] }), new AddInvestigationControl({ service, settings })]
  );
}

/** `/services` (every service's RED) and its drill-down `/services/:service`. */
export function servicesPage(settings: CorrelateSettings, search: () => Record<string, unknown>): SceneAppPage {
  return new SceneAppPage({
    title: 'Services',
    subTitle: 'Requests, errors and latency of every service, most failing first.',
    url: `${PLUGIN_BASE_URL}/${ROUTES.Services}`,
    routePath: `${ROUTES.Services}/*`,
    getScene: () => pageScene(settings, search, [new ServicesOverview(settings.redSource)]),
    drilldowns: [
      {
        routePath: ':service',
        getPage: (match: SceneRouteMatch<{ service: string }>, parent: SceneAppPageLike) =>
          new SceneAppPage({
            title: safeDecode(match.params.service) || 'Service',
            url: match.url,
            routePath: ':service',
            getParentPage: () => parent,
            getScene: () => serviceDetailScene(match.params.service, settings, search),
          }),
      },
    ],
  });
}

function safeDecode(s: string | undefined) {
  try {
    return decodeURIComponent(s ?? '').slice(0, 200);
  } catch {
    return '';
  }
}
