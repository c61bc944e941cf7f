import { locationService } from '@grafana/runtime';
import { SceneApp } from '@grafana/scenes';
import type { CorrelateSettings } from '../settings/types';
import { changedPage } from '../pages/changed/changedPage';
import { errorsPage } from '../pages/errors/errorsPage';
import { healthPage } from '../pages/health/healthPage';
import { servicesPage } from '../pages/services/servicesPage';
import { tracePage } from '../pages/trace/tracePage';

const searchObject = () => locationService.getSearchObject() as Record<string, unknown>;
const searchParams = () => new URLSearchParams(locationService.getLocation().search);

/** The app: Errors (default), trace investigation, Services, What changed, Health. Each view's state lives in its URL. */
export function correlateApp(settings: CorrelateSettings): SceneApp {
  return new SceneApp({
    name: 'correlate',
    pages: [
      errorsPage(settings, searchObject),
      tracePage(settings, searchParams),
      servicesPage(settings, searchObject),
      changedPage(settings, searchParams),
      healthPage(settings, searchObject),
    ],
    // Each step (a filter, a selected signature, a drill-down) is a browser history entry.
    urlSyncOptions: { createBrowserHistorySteps: true, updateUrlOnInit: true },
  });
}
