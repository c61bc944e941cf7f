import { dataSourceRef, type DataSourceUids, type ViewPanel } from './panelModel';

/**
 * Explore with a view's queries, its data source and a time range, as Grafana's Explore reads its URL
 * (`/explore?schemaVersion=1&panes={pane: {datasource, queries, range}}`, the form the Drilldown
 * apps' "Explore" menu item writes: grafana/traces-drilldown src/components/Explore/panels/PanelMenu.tsx
 * getExploreHref). Throws DashboardBuildError when the view's data source is not chosen.
 */
export function exploreUrl(
  view: ViewPanel,
  uids: DataSourceUids,
  range: { from: string; to: string },
  subUrl = ''
): string {
  const ds = dataSourceRef(view.signal, uids);
  const panes = {
    correlate: {
      datasource: ds.uid,
      queries: view.targets.map((t) => ({ ...t, datasource: ds })),
      range,
    },
  };
  const params = new URLSearchParams({ schemaVersion: '1', panes: JSON.stringify(panes) });
  return `${subUrl}/explore?${params}`;
}
