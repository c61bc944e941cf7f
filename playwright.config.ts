import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';
import { dirname } from 'node:path';
import { grafanaUrl } from './tests/support/grafanaUrl';

const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;

// Machines that cannot download Playwright's browsers point this at an installed Chromium
// (for example /usr/bin/chromium on Debian).
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH || undefined;

export default defineConfig<PluginOptions>({
  testDir: './tests',
  // Fails within seconds, naming the URL, when Grafana is not reachable; then waits (bounded)
  // until the demo stack's errors, traces and span metrics are queryable.
  globalSetup: './tests/support/globalSetup.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 2 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'html',
  use: {
    baseURL: grafanaUrl(),
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
      use: {
        ...devices['Desktop Chrome'],
        storageState: 'playwright/.auth/admin.json',
      },
      dependencies: ['auth'],
    },
  ],
});
