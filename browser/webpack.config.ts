import CopyWebpackPlugin from 'copy-webpack-plugin';
import { existsSync } from 'node:fs';
import path from 'node:path';
import webpack, { type Configuration } from 'webpack';
import { GRAFANA_LINES, harnessDir, sharedModulesDir, type GrafanaLine } from './grafanaLines';

// Builds the host page (browser/harness/) once per end of the supported Grafana range
// (browser/grafanaLines.ts): into .browser/harness/ with the project's React 19 and @grafana/* 13.2,
// and into .browser/harness-12.4/ with React 18 and @grafana/* 12.4.0 from browser/grafana-12.4/.
// Each bundles its own React, @grafana/data, @grafana/ui, @grafana/runtime and the rest, which it
// hands to plugins the way Grafana does. Development builds: they are only run by the browser tests,
// and build faster. GRAFANA_LINE=12.4 (or 13.2) builds one of them.
const root = path.resolve(__dirname, '..');
// HARNESS_MODE=production: React and Emotion as Grafana ships them (React's production build,
// Emotion inserting rules with insertRule, not one <style> text node per rule as in development),
// unminified so CPU profiles keep their names, into .browser/harness-production/ (13.2 only). For
// timing pages (npm run bench:scale); the browser tests keep the development build, with React's checks.
const production = process.env.HARNESS_MODE === 'production';

/** The folder of `pkg` as `from` (a package folder) resolves it. */
function packageDir(pkg: string, from: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`, { paths: [from] }));
}

function harnessConfig(line: GrafanaLine): Configuration {
  const modules = sharedModulesDir(line);
  if (!existsSync(path.join(modules, '@grafana', 'ui'))) {
    throw new Error(`No @grafana/ui in ${modules}: run "npm ci --prefix browser/grafana-12.4" first.`);
  }
  // Grafana's 'react-router' is react-router-dom-v5-compat and its 'react-router-dom' is
  // react-router-dom 5 (public/app/features/plugins/loader/sharedDependencies.ts): the copies its
  // @grafana/ui depends on.
  const grafanaUi = path.join(modules, '@grafana', 'ui');
  const v5Compat = packageDir('react-router-dom-v5-compat', grafanaUi);
  const v5 = packageDir('react-router-dom', grafanaUi);
  const name = production ? 'browser-harness-production' : `browser-harness-${line}`;
  return {
    name,
    mode: production ? 'production' : 'development',
    devtool: false,
    context: root,
    entry: { harness: './browser/harness/index.ts' },
    output: { path: harnessDir(line, production), filename: '[name].js', clean: true },
    optimization: production ? { minimize: false } : undefined,
    cache: {
      type: 'filesystem',
      name,
      buildDependencies: { config: [__filename, path.join(__dirname, 'grafanaLines.ts')] },
    },
    performance: { hints: false },
    stats: 'errors-warnings',
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs'],
      alias: {
        'react-router-dom-v5-compat$': v5Compat,
        'grafana-shared/react-router-dom$': v5,
        // Emotion's style sheets as Grafana ships them: its production build inserts each rule with
        // insertRule (@emotion/sheet 1.4.0 src/index.js: isSpeedy = !isDevelopment), not as a <style>
        // element of its own, which cost the trace page about a tenth of its time. React, and
        // Emotion's own checks (@emotion/cache), stay in development.
        '@emotion/sheet$': path.join(modules, '@emotion', 'sheet', 'dist', 'emotion-sheet.esm.js'),
      },
    },
    module: {
      rules: [
        // @grafana/ui's .mjs files import 'ol/format/WKT' and others without a file extension.
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        {
          include: [path.join(root, 'browser', 'harness'), path.join(root, 'src')],
          exclude: /node_modules/,
          resolve: {
            // The host's own code and doubles import React, @grafana/*, rxjs, lodash, … from the line's
            // packages first (for 12.4, browser/grafana-12.4/node_modules; what is not there, such as
            // systemjs, from the project's). Each package then resolves its own dependencies in its
            // own tree, subpath exports included.
            modules: [modules, 'node_modules'],
            // The host's own router (harness/mount.tsx, src/test/mocks/hostRouter.tsx) is the module
            // Grafana gives plugins as 'react-router', so the plugin's hooks read the host's router.
            alias: { 'react-router$': v5Compat, 'react-router-dom$': v5Compat },
          },
        },
        {
          test: /\.[tj]sx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                target: 'es2020',
                parser: { syntax: 'typescript', tsx: true },
                transform: { react: { runtime: 'automatic' } },
              },
            },
          },
        },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.(png|jpe?g|gif|svg|woff2?|ttf|eot)$/, type: 'asset/resource' },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({ GRAFANA_LINE: JSON.stringify(line) }),
      new CopyWebpackPlugin({ patterns: [{ from: 'browser/harness/index.html', to: '.' }] }),
    ],
  };
}

const only = process.env.GRAFANA_LINE as GrafanaLine | undefined;
if (only && !GRAFANA_LINES.includes(only)) {
  throw new Error(`GRAFANA_LINE must be one of ${GRAFANA_LINES.join(', ')}`);
}
const lines: GrafanaLine[] = production ? ['13.2'] : only ? [only] : GRAFANA_LINES;

export default lines.map(harnessConfig);
