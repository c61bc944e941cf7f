import { test as base } from '@playwright/test';
import type { GrafanaLine } from '../../grafanaLines';

/**
 * Playwright's test with the end of the supported Grafana range a project runs (`grafanaLine`, set per
 * project in browser/playwright.config.ts): which host page (React and @grafana/* copies) is served.
 */
export const test = base.extend<object, { grafanaLine: GrafanaLine }>({
  grafanaLine: ['13.2', { scope: 'worker', option: true }],
});

export { expect } from '@playwright/test';
