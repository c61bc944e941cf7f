/**
 * The modules Grafana hands a plugin at run time (SystemJS), from
 * public/app/features/plugins/loader/sharedDependencies.ts in grafana/grafana, `sharedDependenciesMap`.
 * Read in the two stored forms the search index holds (the tags' own text is not stored, and the
 * repository is too large to fetch here):
 * - commit fea2b469c730 (before 12.3: no react/jsx-runtime yet);
 * - commit 0274a43c9f10 (the 13 line, after grafana#130482 of 2026-08: react-router-dom wrapped by
 *   withV5UsageTelemetry; adds react/jsx-runtime, react/jsx-dev-runtime, react-dom/client, react-dom/server).
 * react/jsx-runtime and react/jsx-dev-runtime are shared from 12.3.0 on (grafana#108478; backported
 * to 11.6.11, 12.0.10, 12.1.7, 12.2.5), so at 12.4 and 13.2 both are there.
 * The `app/core/*` and jQuery flot entries are left out: no npm package has those names.
 * Re-read 2026-12-04 for issue 26 (read_file on grafana/grafana at 0274a43c9f10 and the stored
 * version before it, fea2b469c730): the same list; the index still holds no text at a v12.4.x or
 * v13.2.x tag. What the plugin bundles instead (scenes, re2js, @grafana/i18n, react-select, react-use,
 * @floating-ui, uuid, …) is in neither form.
 */
const BOTH = [
  '@emotion/css',
  '@emotion/react',
  '@grafana/data',
  '@grafana/data/unstable',
  '@grafana/runtime',
  '@grafana/runtime/unstable',
  '@grafana/slate-react',
  '@grafana/ui',
  '@grafana/ui/unstable',
  '@kusto/monaco-kusto',
  'd3',
  'emotion',
  'i18next',
  'jquery',
  'lodash',
  'moment',
  'prismjs',
  'react',
  'react-dom',
  'react-inlinesvg',
  'react-redux',
  'react-router-dom',
  'react-router',
  'redux',
  'rxjs',
  'rxjs/operators',
  'slate',
  'slate-plain-serializer',
  'slate-react',
];

/** Shared at 12.4 and at 13.2: a plugin may name these in its define([...]). */
export const SHARED_AT_BOTH = new Set([...BOTH, 'react/jsx-runtime', 'react/jsx-dev-runtime']);

/** Shared in either form: a plugin that bundles one of these ships a second copy of Grafana's. */
export const SHARED_EITHER = new Set([...SHARED_AT_BOTH, 'react-dom/client', 'react-dom/server']);

/** The npm package a shared module id belongs to ('rxjs/operators' → 'rxjs'); `emotion` is @emotion/css. */
export function packageOf(id: string): string {
  const parts = id.split('/');
  return id.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** `module` is SystemJS's own module object (the scaffold's amd-module external), not a package. */
export const LOADER_MODULES = new Set(['module']);

/**
 * The keys of Grafana's sharedDependenciesMap that no npm package has: its own app modules and the
 * jQuery flot stand-ins (`{ fakeDep: 1 }`), in both stored forms.
 */
export const GRAFANA_APP_MODULES = [
  'app/core/app_events',
  'app/core/config',
  'app/core/core',
  'app/core/services/backend_srv',
  'app/core/table_model',
  'app/core/time_series',
  'app/core/time_series2',
  'app/core/utils/datemath',
  'app/core/utils/flatten',
  'app/core/utils/kbn',
  'app/core/utils/ticks',
  'app/features/dashboard/impression_store',
  ...['crosshair', 'events', 'fillbelow', 'gauge', 'pie', 'selection', 'stack', 'stackpercent', 'time'].map(
    (name) => `jquery.flot.${name}`
  ),
  'jquery.flot',
];

/** Every key of Grafana's sharedDependenciesMap at one end of the range (react-dom/client and /server: 13.x only). */
export function grafanaSharedKeys(line: '12.4' | '13.2'): string[] {
  return [...(line === '12.4' ? SHARED_AT_BOTH : SHARED_EITHER), ...GRAFANA_APP_MODULES].sort();
}
