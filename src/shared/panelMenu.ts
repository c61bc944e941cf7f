import type { PanelMenuItem } from '@grafana/data';
import { config } from '@grafana/runtime';
import { sceneGraph, VizPanelMenu, type SceneObject } from '@grafana/scenes';
import type { ViewPanel } from '../dashboards/panelModel';
import { pageDataSources } from './dataSourceVariables';
import { requestAddToDashboard } from './addToDashboard/requests';

/**
 * The panel menu the Drilldown apps give every graph and table (grafana/traces-drilldown
 * src/components/Explore/panels/PanelMenu.tsx; grafana/metrics-drilldown GmdVizPanel): Explore,
 * Add to dashboard and Copy link. `view` says what the panel queries and how it draws it; it is read
 * when the menu opens, so it reflects the page's data sources and time range then.
 */
export function panelMenu(view: () => ViewPanel | undefined): VizPanelMenu {
  const menu = new VizPanelMenu({ items: [] });
  menu.addActivationHandler(() => {
    void menuItems(menu, view).then((items) => menu.isActive && menu.setItems(items));
  });
  return menu;
}

/** The page's time range as Grafana writes it in URLs and dashboards: raw text, or epoch ms. */
export function rawRange(object: SceneObject) {
  const { value } = sceneGraph.getTimeRange(object).state;
  const text = (v: unknown) => (typeof v === 'string' ? v : String((v as { valueOf(): number }).valueOf()));
  return { from: text(value.raw.from), to: text(value.raw.to), fromMs: value.from.valueOf(), toMs: value.to.valueOf() };
}

async function menuItems(menu: SceneObject, view: () => ViewPanel | undefined): Promise<PanelMenuItem[]> {
  const uids = pageDataSources(menu);
  const range = rawRange(menu);
  const shown = view();
  // The builders load with the menu, not with the page (issue 23: add-to-dashboard code is lazy).
  const { exploreUrl } = await import(/* webpackChunkName: "add-to-dashboard" */ './addToDashboard/lazy');
  let explore: string | undefined;
  try {
    explore = shown && exploreUrl(shown, uids, { from: range.from, to: range.to }, config.appSubUrl ?? '');
  } catch {
    explore = undefined;
  }
  return [
    { text: 'Navigation', type: 'group' },
    explore
      ? { text: 'Explore', iconClassName: 'compass', href: explore }
      : { text: 'Explore', iconClassName: 'compass', onClick: () => addPanel(menu, view) },
    { text: 'Add to dashboard', iconClassName: 'apps', onClick: () => addPanel(menu, view) },
    { text: 'Copy link', iconClassName: 'link', onClick: () => void copyLink() },
  ];
}

/** Builds the panel (or the reason it cannot be built) and hands it to the dialog. */
function addPanel(menu: SceneObject, view: () => ViewPanel | undefined) {
  const uids = pageDataSources(menu);
  const range = rawRange(menu);
  const shown = view();
  void import(/* webpackChunkName: "add-to-dashboard" */ './addToDashboard/lazy').then(({ panelRequest }) =>
    requestAddToDashboard(panelRequest(shown, uids, range))
  );
}

/** The page's own address, which holds its time range, data sources and filters. */
async function copyLink() {
  try {
    await navigator.clipboard.writeText(window.location.href);
  } catch {
    requestAddToDashboard({
      kind: 'error',
      message: `The browser did not allow copying. Copy the address bar instead: ${window.location.href.slice(0, 500)}`,
    });
  }
}
