import type { APIRequestContext, PlaywrightWorkerArgs } from '@playwright/test';
import { basicAuth } from './credentials';
import { grafanaUrl } from './grafanaUrl';

/** Grafana's HTTP API as the admin (GRAFANA_ADMIN_USER), for hooks that prepare or restore state. */
export function grafanaApi(playwright: PlaywrightWorkerArgs['playwright']): Promise<APIRequestContext> {
  return playwright.request.newContext({ baseURL: grafanaUrl(), extraHTTPHeaders: basicAuth() });
}
