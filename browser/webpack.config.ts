import CopyWebpackPlugin from 'copy-webpack-plugin';
import path from 'node:path';
import type { Configuration } from 'webpack';

// Builds the host page (browser/harness/) into .browser/harness/. It bundles its own React,
// @grafana/data, @grafana/ui, @grafana/runtime and the rest, which it hands to plugins the way
// Grafana does. A development build for the browser tests (React's warnings, builds faster); with
// `--env production` (the scale benchmark) React and emotion run as Grafana ships them: React's
// development build and emotion's one-<style>-per-rule insertion more than doubled the time of a
// page's first render, which the benchmark charges to the plugin. Not minified, so profiles read.
const root = path.resolve(__dirname, '..');

const config = (env: { production?: boolean } = {}): Configuration => ({
  name: 'browser-harness',
  mode: env.production ? 'production' : 'development',
  optimization: env.production ? { minimize: false } : undefined,
  devtool: false,
  context: root,
  entry: { harness: './browser/harness/index.ts' },
  output: { path: path.join(root, '.browser', 'harness'), filename: '[name].js', clean: true },
  cache: {
    type: 'filesystem',
    name: env.production ? 'browser-harness-production' : 'browser-harness',
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
});

export default config;
