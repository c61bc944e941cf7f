// Bundles the benchmarks the way the plugin ships: swc for TypeScript, production mode, modules
// concatenated, so calls between src/ modules are direct as they are in Grafana.
const path = require('node:path');

module.exports = {
  mode: 'production',
  target: 'node22',
  entry: {
    traceIdBench: path.resolve(__dirname, 'traceIdBench.ts'),
    hostileBench: path.resolve(__dirname, 'hostileBench.ts'),
  },
  output: { path: path.resolve(__dirname, '..', '.bench'), filename: '[name].js' },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: { loader: 'swc-loader', options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } } },
      },
    ],
  },
  optimization: { minimize: false },
  stats: 'errors-only',
};
