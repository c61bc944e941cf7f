// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

const [swcPattern] = Object.keys(base.transform);

module.exports = {
  ...base,
  // @grafana/data 13 pulls in ES-module-only .mjs files (d3-interpolate and others).
  transform: { ...base.transform, '^.+\\.mjs$': base.transform[swcPattern] },
  // Besides the plugin (src/), the stack's consistency checks (config/__tests__), the
  // benchmark's own checks (bench/) and the browser test's server (browser/server/) are tested by
  // the same run. The demo services (demo/) are
  // ES modules run by Node itself, so they have their own `node --test` run.
  testMatch: [
    '<rootDir>/src/**/__tests__/**/*.test.{ts,tsx}',
    '<rootDir>/src/**/*.test.{ts,tsx}',
    '<rootDir>/config/__tests__/*.test.ts',
    '<rootDir>/bench/**/*.test.ts',
    '<rootDir>/browser/server/__tests__/*.test.ts',
  ],
  // @grafana/ui 13 and @grafana/scenes 8 load many ES-module-only packages (@react-hookz/web,
  // @ver0/deep-equal, d3-*, ...): transform every package with swc (cached) instead of listing them.
  transformIgnorePatterns: [],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // CI runs two workers on two cores; a page test that takes 2 s alone can pass jest's 5 s default
  // when the other worker is busy. A guard against hangs, not a speed check (benchmarks measure speed).
  testTimeout: 20_000,
};
