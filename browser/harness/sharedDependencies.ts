import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUI from '@grafana/ui';

/**
 * The modules a plugin's `define([...])` may name, as Grafana hands them out: `sharedDependenciesMap`
 * in grafana/grafana public/app/features/plugins/loader/sharedDependencies.ts. Every key Grafana has
 * is here, in Grafana's order. Read with read_file on the two versions the index stores (the v12.4.0
 * and v13.2.x tags' own text is not stored; the repository is too large to fetch):
 * - commit fea2b469c730 (before 12.3);
 * - commit 0274a43c9f10 (the 13 line): adds react/jsx-runtime and react/jsx-dev-runtime (grafana#108478,
 *   in 12.3.0 and so in 12.4), react-dom/client and react-dom/server (grafana#118852, merged to main
 *   2026-02-27: taken here as 13.x only, as browser/tests/support/grafanaShared.ts does), and wraps
 *   react-router-dom in withV5UsageTelemetry (grafana#130482).
 * The host's own copy of each package is given (its line's: browser/webpack.config.ts), so React
 * contexts, the theme and runtime services are shared with the plugin as in Grafana; a function is
 * loaded when a plugin first asks, as Grafana's `() => import(…)` entries are.
 *
 * What this host cannot give is still listed, as `notHere(why)`: a plugin that asks for it fails to
 * load with that reason in the error, instead of SystemJS's bare "unable to resolve".
 */
export type SharedDependency = object | (() => Promise<object>);

/** Which end of the supported range this host page was built for (browser/webpack.config.ts). */
export const grafanaLine: '12.4' | '13.2' = GRAFANA_LINE;

const notHere = (name: string, why: string) => () =>
  Promise.reject(new Error(`The test host does not provide Grafana's shared module '${name}': ${why}`));
const internal = (name: string) => notHere(name, "it is Grafana's own app code, which no npm package ships");

// Grafana: `['jquery.flot.crosshair', …].reduce((acc, flotDep) => ({ ...acc, [flotDep]: { fakeDep: 1 } }), {})`.
const jQueryFlotDeps = Object.fromEntries(
  [
    'jquery.flot.crosshair',
    'jquery.flot.events',
    'jquery.flot.fillbelow',
    'jquery.flot.gauge',
    'jquery.flot.pie',
    'jquery.flot.selection',
    'jquery.flot.stack',
    'jquery.flot.stackpercent',
    'jquery.flot.time',
    'jquery.flot',
  ].map((dep) => [dep, { fakeDep: 1 }])
);

// Shared from 13.x on (see above); a 12.4 host leaves them out, so a plugin that asks fails there as on Grafana 12.4.
const from13 = <T extends Record<string, SharedDependency>>(entries: T): Partial<T> =>
  grafanaLine === '12.4' ? {} : entries;

export const sharedDependencies: Record<string, SharedDependency> = {
  '@emotion/css': () => import('@emotion/css'),
  '@emotion/react': () => import('@emotion/react'),
  '@grafana/data': grafanaData,
  '@grafana/data/unstable': () => import('@grafana/data/unstable'),
  '@grafana/runtime': grafanaRuntime,
  '@grafana/runtime/unstable': () => import('@grafana/runtime/unstable'),
  '@grafana/slate-react': notHere('@grafana/slate-react', 'slate-react is not installed here'),
  // Grafana also copies PanelPlugin, DataSourcePlugin, AppPlugin and DataSourceApi from @grafana/data
  // onto @grafana/ui (the 6.4 → 6.5 move); the module namespace here cannot take them.
  '@grafana/ui': grafanaUI,
  '@grafana/ui/unstable': () => import('@grafana/ui/unstable'),
  '@kusto/monaco-kusto': notHere('@kusto/monaco-kusto', 'it is not installed here'),
  'app/core/app_events': internal('app/core/app_events'),
  'app/core/config': internal('app/core/config'),
  'app/core/core': internal('app/core/core'),
  'app/core/services/backend_srv': internal('app/core/services/backend_srv'),
  'app/core/table_model': internal('app/core/table_model'),
  'app/core/time_series': internal('app/core/time_series'),
  'app/core/time_series2': internal('app/core/time_series2'),
  // Grafana: `'app/core/utils/datemath': grafanaData.dateMath`.
  'app/core/utils/datemath': grafanaData.dateMath,
  'app/core/utils/flatten': internal('app/core/utils/flatten'),
  'app/core/utils/kbn': internal('app/core/utils/kbn'),
  'app/core/utils/ticks': internal('app/core/utils/ticks'),
  'app/features/dashboard/impression_store': internal('app/features/dashboard/impression_store'),
  d3: notHere('d3', 'it is not installed at both ends of the range here'),
  emotion: () => import('@emotion/css'),
  // Grafana: `import('@grafana/i18n/internal').then((m) => m.getI18nInstance())`. The published
  // @grafana/i18n has no /internal; its getI18nInstance() returns i18next's default export
  // (dist/esm/i18n.mjs), which is this.
  i18next: () => import('i18next').then((m) => m.default),
  jquery: () => import('jquery').then((m) => ({ default: m.default, __useDefault: true })),
  ...jQueryFlotDeps,
  // Grafana adds lodash `move` (app/core/utils/arrayMove); not here.
  lodash: () => import('lodash').then((m) => ({ ...m, __useDefault: true })),
  moment: () => import('moment').then((m) => ({ ...m, __useDefault: true })),
  prismjs: () => import('prismjs'),
  react: () => import('react'),
  'react/jsx-runtime': () => import('react/jsx-runtime'),
  'react/jsx-dev-runtime': () => import('react/jsx-dev-runtime'),
  'react-dom': () => import('react-dom'),
  ...from13({
    'react-dom/client': () => import('react-dom/client'),
    'react-dom/server': () => import('react-dom/server'),
  }),
  'react-inlinesvg': () => import('react-inlinesvg'),
  'react-redux': () => import('react-redux'),
  // react-router-dom 5 as Grafana's @grafana/ui has it (browser/webpack.config.ts); 13.x wraps it to
  // report v5-only calls (withV5UsageTelemetry), which does not change what it exports.
  'react-router-dom': () => import('grafana-shared/react-router-dom'),
  'react-router': () => import('react-router-dom-v5-compat'),
  redux: () => import('redux'),
  rxjs: () => import('rxjs'),
  'rxjs/operators': () => import('rxjs/operators'),
  slate: () => import('slate'),
  'slate-plain-serializer': notHere('slate-plain-serializer', 'it is not installed here'),
  'slate-react': notHere('slate-react', 'it is not installed here'),
};
