import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';
import { dirname } from 'node:path';
import { authStatePath } from './tests/support/credentials';
import { grafanaUrl } from './tests/support/grafanaUrl';

const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;

// Machines that cannot download Playwright's browsers point this at an installed Chromium
// (for example /usr/bin/chromium on Debian).
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH || undefined;

const chromium = {
  ...devices['Desktop Chrome'],
  // plugin-e2e's login writes this file for GRAFANA_ADMIN_USER (tests/support/credentials.ts).
  storageState: authStatePath(),
};

export default defineConfig<PluginOptions>({
  testDir: './tests',
  // Fails within seconds, naming the URL, when Grafana is not reachable. Each spec then waits
  // (bounded, in its beforeAll) for exactly the data it reads: tests/support/readiness.ts.
  globalSetup: './tests/support/globalSetup.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // A test that passes only on its retry is reported as flaky, with the retry's trace.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'html',
  // The stack answers a query within a few seconds; a page shows its data within 15 s or not at
  // all. A test chains at most a handful of such waits (a longer flow says so with test.slow()).
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: grafanaUrl(),
    actionTimeout: 10_000,
    navigationTimeout: 30_000,
    trace: 'on-first-retry',
    launchOptions: chromiumPath
      ? { executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] }
      : {},
  },
  projects: [
    {
      name: 'auth',
      testDir: pluginE2eAuth,
      testMatch: [/.*\.js/],
    },
    {
      name: 'chromium',
      use: chromium,
      dependencies: ['auth'],
      testIgnore: /appConfig\.spec\.ts/,
      teardown: 'settings',
    },
    // The config spec saves Correlate's settings, which every other spec reads: it runs alone, after
    // them (as their teardown, so also when one failed), serially, and puts the provisioned settings back.
    {
      name: 'settings',
      use: chromium,
      testMatch: /appConfig\.spec\.ts/,
    },
  ],
});
