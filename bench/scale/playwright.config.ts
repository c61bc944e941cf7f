import { defineConfig } from '@playwright/test';
import base from '../../browser/playwright.config';

// The scale benchmark (npm run bench:scale): the browser tests' Chromium and host, one long test.
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'scale.spec.ts',
  outputDir: '../../test-results/bench-scale',
  timeout: 360_000,
  reporter: [['./reporter.ts']],
});
