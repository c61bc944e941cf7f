import path from 'node:path';

/**
 * The two ends of the Grafana range Correlate supports, as the browser harness hosts them. A plugin's
 * dist/ is built once; at run time it gets the host's shared modules (React, @grafana/data, ui,
 * runtime, …), so each end is the same harness built against another copy of those packages:
 * - 13.2: React 19 and @grafana/* 13.2.2, the project's own node_modules;
 * - 12.4: React 18.3.1 and @grafana/* 12.4.0, installed from browser/grafana-12.4/package-lock.json
 *   (`npm ci --prefix browser/grafana-12.4`).
 */
export type GrafanaLine = '12.4' | '13.2';
export const GRAFANA_LINES: GrafanaLine[] = ['13.2', '12.4'];

const ROOT = path.resolve(__dirname, '..');

/** The node_modules that hold the line's shared packages. */
export function sharedModulesDir(line: GrafanaLine): string {
  return line === '12.4' ? path.join(ROOT, 'browser', 'grafana-12.4', 'node_modules') : path.join(ROOT, 'node_modules');
}

/** Where the host page of a line is built (production: the scale benchmark's build, 13.2 only). */
export function harnessDir(line: GrafanaLine, production = false): string {
  if (production) {
    return path.join(ROOT, '.browser', 'harness-production');
  }
  return path.join(ROOT, '.browser', line === '12.4' ? 'harness-12.4' : 'harness');
}
