import type { SceneApp, SceneAppPage } from '@grafana/scenes';
import type { CorrelateSettings } from '../settings/types';
import { PAGE_LOADERS, type PageFactory } from './routes';
import type { ROUTES } from '../constants';

/**
 * A SceneApp over some of the app's Scenes pages. The app root builds one per route (see App.tsx), so a
 * route's code loads when it is opened; each view's state lives in its URL, so nothing is lost
 * between them. Scenes is imported here on demand, not by the app root, so that Health (plain React)
 * never loads it; webpack resolves this import to the Scenes chunk the Scenes pages already share.
 */
export async function correlateApp(pages: SceneAppPage[]): Promise<SceneApp> {
  const { SceneApp } = await import('@grafana/scenes');
  return new SceneApp({
    name: 'correlate',
    pages,
    // Each step (a filter, a selected signature, a drill-down) is a browser history entry.
    urlSyncOptions: { createBrowserHistorySteps: true, updateUrlOnInit: true },
  });
}

/** The routes whose pages are Scenes pages, in the app's navigation order (all but Health). */
export async function scenePageFactories(routes = Object.keys(PAGE_LOADERS) as ROUTES[]): Promise<PageFactory[]> {
  const loaded = await Promise.all(routes.map((r) => PAGE_LOADERS[r]()));
  return loaded.flatMap((page) => (page.kind === 'scenes' ? [page.factory] : []));
}

/** Errors (default), trace investigation, Services and What changed, or the Scenes routes named. */
export async function loadCorrelateApp(settings: CorrelateSettings, routes?: ROUTES[]): Promise<SceneApp> {
  const factories = await scenePageFactories(routes);
  return correlateApp(factories.map((f) => f(settings)));
}
