import { defineConfig } from '@playwright/test';
import type { GrafanaLine } from './grafanaLines';
import { OLDEST_LINE_TESTS } from './oldestLineTests';

// Browser tests against the built plugin, in Debian's Chromium (Playwright cannot download its own
// browsers on the machines this project is built on). Launched headless in a new, empty profile.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH || '/usr/bin/chromium';

export default defineConfig<object, { grafanaLine: GrafanaLine }>({
  testDir: './tests',
  // The hostile catalogue runs on the production host page, with its own config (playwright.hostile.config.ts).
  testIgnore: 'hostile.spec.ts',
  outputDir: '../test-results/browser',
  timeout: 120_000,
  // Component tests wait for rendering, never for data sources: a locator that finds nothing fails fast.
  expect: { timeout: 10_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  use: {
    actionTimeout: 15_000,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // Both ends of the supported Grafana range (browser/grafanaLines.ts): every spec on the newest
  // (React 19, @grafana/* 13.2); on the oldest (React 18, @grafana/* 12.4.0) the loading of every
  // module and lazy chunk, the shared-module check, and one or two tests per page, the panel, the
  // config page and the embeds that render them and drive them (OLDEST_LINE_TESTS, about 3 min). The
  // weight, bundle and hostile specs measure dist/ and the pages' own work, which the host's copies
  // do not change.
  projects: [
    { name: 'grafana-13.2', use: { grafanaLine: '13.2' } },
    {
      name: 'grafana-12.4',
      use: { grafanaLine: '12.4' },
      testMatch: ['components/**/*.spec.ts', 'pluginLoading.spec.ts', 'sharedModules.spec.ts', 'bigTrace.spec.ts'],
      grep: OLDEST_LINE_TESTS,
    },
  ],
});
