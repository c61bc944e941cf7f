import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import grafanaConfig from './.config/webpack/webpack.config';

// The scaffold's config, plus the nested panel's logo (the scaffold copies only the app's images).
const config = async (env: Record<string, unknown>): Promise<Configuration> => {
  const base = await grafanaConfig(env as never);
  return merge(base, {
    plugins: [new CopyWebpackPlugin({ patterns: [{ from: 'panels/*/img/*', to: '[path][name][ext]' }] })],
  });
};

export default config;
