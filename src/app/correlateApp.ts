import { SceneApp, type SceneAppPage } from '@grafana/scenes';
import type { CorrelateSettings } from '../settings/types';
import { PAGE_LOADERS } from './routes';
import type { ROUTES } from '../constants';

/**
 * A SceneApp over some of the app's pages. The app root builds one per route (see App.tsx), so a
 * route's code loads when it is opened; each view's state lives in its URL, so nothing is lost
 * between them.
 */
export function correlateApp(pages: SceneAppPage[]): SceneApp {
  return new SceneApp({
    name: 'correlate',
    pages,
    // Each step (a filter, a selected signature, a drill-down) is a browser history entry.
    urlSyncOptions: { createBrowserHistorySteps: true, updateUrlOnInit: true },
  });
}

/** Errors (default), trace investigation, Services, What changed, Health, or the routes named. */
export async function loadCorrelateApp(
  settings: CorrelateSettings,
  routes = Object.keys(PAGE_LOADERS) as ROUTES[]
): Promise<SceneApp> {
  const factories = await Promise.all(routes.map((r) => PAGE_LOADERS[r]()));
  return correlateApp(factories.map((f) => f(settings)));
}
