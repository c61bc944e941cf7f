import { defineConfig } from '@playwright/test';

// Browser tests against the built plugin, in Debian's Chromium (Playwright cannot download its own
// browsers on the machines this project is built on). Launched headless in a new, empty profile.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH || '/usr/bin/chromium';

export default defineConfig({
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
});
