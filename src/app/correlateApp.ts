import { SceneApp, type SceneAppPage } from '@grafana/scenes';
import type { CorrelateSettings } from '../settings/types';
import { PAGE_LOADERS, type PageFactory } from './routes';
import type { ROUTES } from '../constants';

/**
 * A SceneApp over some of the app's Scenes pages. The app root builds one per route (see App.tsx), so a
 * route's code loads when it is opened; each view's state lives in its URL, so nothing is lost
 * between them. The app root imports this module on demand, with the first Scenes page: Health
 * (plain React) never loads Scenes.
 */
export function correlateApp(pages: SceneAppPage[]): SceneApp {
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
