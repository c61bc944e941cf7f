import CopyWebpackPlugin from 'copy-webpack-plugin';
import path from 'node:path';
import type { Configuration } from 'webpack';

// Builds the host page (browser/harness/) into .browser/harness/. It bundles its own React,
// @grafana/data, @grafana/ui, @grafana/runtime and the rest, which it hands to plugins the way
// Grafana does. A development build: it is only run by the browser tests, and builds faster.
const root = path.resolve(__dirname, '..');
// HARNESS_MODE=production: React and Emotion as Grafana ships them (React's production build,
// Emotion inserting rules with insertRule, not one <style> text node per rule as in development),
// unminified so CPU profiles keep their names, into .browser/harness-production/. For timing pages
// (npm run bench:scale); the browser tests keep the development build, with React's checks.
const production = process.env.HARNESS_MODE === 'production';

const config: Configuration = {
  name: 'browser-harness',
  mode: production ? 'production' : 'development',
  devtool: false,
  context: root,
  entry: { harness: './browser/harness/index.ts' },
  output: {
    path: path.join(root, '.browser', production ? 'harness-production' : 'harness'),
    filename: '[name].js',
    clean: true,
  },
  optimization: production ? { minimize: false } : undefined,
  cache: {
    type: 'filesystem',
    name: production ? 'browser-harness-production' : 'browser-harness',
    buildDependencies: { config: [__filename] },
  },
  performance: { hints: false },
  stats: 'errors-warnings',
  resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs'] },
  module: {
    rules: [
      // @grafana/ui's .mjs files import 'ol/format/WKT' and others without a file extension.
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
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
  plugins: [new CopyWebpackPlugin({ patterns: [{ from: 'browser/harness/index.html', to: '.' }] })],
};

export default config;
