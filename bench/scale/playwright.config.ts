import { defineConfig } from '@playwright/test';
import base from '../../browser/playwright.config';

// The scale benchmark (npm run bench:scale): the browser tests' Chromium and host, one long test.
// Timed on the host page's production build (React and Emotion as Grafana ships them), which
// `HARNESS_MODE=production webpack -c browser/webpack.config.ts` makes; the browser tests keep theirs.
process.env.HARNESS_MODE ??= 'production';
export default defineConfig({
  ...base,
  // One run, on the newest end of the range only (the browser tests' config runs both ends).
  projects: undefined,
  testDir: '.',
  testMatch: 'scale.spec.ts',
  outputDir: '../../test-results/bench-scale',
  timeout: 360_000,
  reporter: [['./reporter.ts']],
});
