import CopyWebpackPlugin from 'copy-webpack-plugin';
import ESLintPlugin from 'eslint-webpack-plugin';
import ForkTsCheckerWebpackPlugin from 'fork-ts-checker-webpack-plugin';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ReplaceInFileWebpackPlugin from 'replace-in-file-webpack-plugin';
import webpack, { type Configuration, type FileCacheOptions, type WebpackPluginInstance } from 'webpack';
import LiveReloadPlugin from 'webpack-livereload-plugin';
import { merge } from 'webpack-merge';
import VirtualModulesPlugin from 'webpack-virtual-modules';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';
import { DIST_DIR, SOURCE_DIR } from './.config/bundler/constants';
import { copyFilePatterns } from './.config/bundler/copyFiles';

// Two kinds of compilation:
//
// - The app: the scaffold's config for src/module.tsx only, plus the nested plugins' logos. It
//   copies every plugin.json (the panel's included) and cleans dist/.
// - Each nested plugin (src/panels/<dir>/): its own compilation whose output is
//   dist/panels/<dir>/, so its lazy chunks sit beside its module.js. At run time the scaffold's
//   public path is the folder of the module's own URL, and Grafana serves a nested plugin either
//   from public/plugins/<nested id>/ or from public/plugins/<app id>/panels/<dir>/: chunks beside
//   module.js resolve under both. With one compilation they landed in dist/ and 404ed
//   (grafana/plugin-tools#2172). Its own uniqueName keeps the app's and the panel's chunk-loading
//   globals and chunk ids apart when both are on one page.

// The catalogue's screenshots (plugin.json info.screenshots, img/pictures/ in dist/) are the reference
// pictures `npm run pictures` writes to docs/pictures/: the scaffold copies them from there, not from
// src/. Missing ones do not stop the build (`npm run pictures` builds before it draws them); the
// validator rules (scripts/validator) fail on a screenshot that is not in dist/.
const PICTURES = 'img/pictures/';
for (const pattern of copyFilePatterns) {
  if (pattern.to.startsWith(PICTURES)) {
    Object.assign(pattern, {
      from: path.resolve(process.cwd(), 'docs/pictures', pattern.to.slice(PICTURES.length)),
      noErrorOnMissing: true,
    });
  }
}

const APP_NAME = 'app';
const APP_ENTRY = 'module';

type PluginConstructor = abstract new (...args: never[]) => WebpackPluginInstance;

const isAny = (plugin: unknown, types: PluginConstructor[]) => types.some((type) => plugin instanceof type);

function pluginId(pluginJsonPath: string): string {
  return JSON.parse(readFileSync(pluginJsonPath, 'utf8')).id;
}

// The scaffold's public-path module, for a nested plugin: the folder of the module's URL, or, when
// SystemJS gives none, the nested plugin's own folder.
function nestedPublicPath(id: string): VirtualModulesPlugin {
  return new VirtualModulesPlugin({
    'node_modules/grafana-public-path.js': `
import amdMetaModule from 'amd-module';

__webpack_public_path__ =
  amdMetaModule && amdMetaModule.uri
    ? amdMetaModule.uri.slice(0, amdMetaModule.uri.lastIndexOf('/') + 1)
    : 'public/plugins/${id}/';
`,
  });
}

// Scenes' SceneAppPageView imports its debugger statically and renders it only with ?scene-debugger
// in the URL: the import is swapped for one that loads it on demand (src/app/lazySceneDebugger.tsx).
const SCENE_DEBUGGER_REQUEST = /^\.\.\/SceneDebugger\/SceneDebugger\.js$/;
function lazySceneDebugger(): WebpackPluginInstance {
  return new webpack.NormalModuleReplacementPlugin(
    SCENE_DEBUGGER_REQUEST,
    (resource: { context: string; request: string }) => {
      if (/@grafana[\\/]scenes[\\/]dist[\\/]esm[\\/]components[\\/]SceneApp$/.test(resource.context)) {
        resource.request = path.resolve(process.cwd(), SOURCE_DIR, 'app', 'lazySceneDebugger.tsx');
      }
    }
  );
}

async function appConfig(env: Env): Promise<Configuration> {
  const base = await grafanaConfig(env);
  const entries = base.entry as Record<string, string>;
  return merge(
    { ...base, entry: { [APP_ENTRY]: entries[APP_ENTRY] } },
    {
      name: APP_NAME,
      // Every chunk costs module.js (fetched on every Grafana page) its name, hash and SRI hash.
      // Shared code under this size is copied into each route's chunk instead of a chunk of its own:
      // fewer files, and a page still loads only what it uses (browser/tests/weight.spec.ts).
      optimization: { splitChunks: { minSize: 100_000 } },
      // 8 hex characters of content hash are enough to bust a cache; the template's 20 cost module.js
      // 12 more characters per chunk.
      ...(env.production ? { output: { chunkFilename: '[name].js?_cache=[contenthash:8]' } } : {}),
      plugins: [
        new CopyWebpackPlugin({ patterns: [{ from: 'panels/*/img/*', to: '[path][name][ext]' }] }),
        lazySceneDebugger(),
      ],
    }
  );
}

async function nestedConfig(env: Env, entryName: string, entryPath: string): Promise<Configuration> {
  const base = await grafanaConfig(env);
  const folder = path.dirname(entryName); // e.g. panels/correlatedErrors
  const id = pluginId(path.join(process.cwd(), SOURCE_DIR, folder, 'plugin.json'));
  // The app's compilation copies and rewrites the plugin.json files, cleans dist/, and (in
  // development) typechecks, lints and live-reloads for the whole project; the public path module
  // names this plugin.
  const appOnly = [
    CopyWebpackPlugin,
    ReplaceInFileWebpackPlugin,
    LiveReloadPlugin,
    ForkTsCheckerWebpackPlugin,
    ESLintPlugin,
    VirtualModulesPlugin,
  ];
  const plugins = (base.plugins ?? []).filter((p) => !isAny(p, appOnly));
  return {
    ...base,
    name: folder,
    cache: base.cache && { ...(base.cache as FileCacheOptions), name: `${folder.replace(/\W/g, '-')}-${base.mode}` },
    // After the app: its clean of dist/ must not remove this compilation's files.
    dependencies: [APP_NAME],
    entry: { [APP_ENTRY]: entryPath },
    output: {
      ...base.output,
      clean: false,
      path: path.resolve(process.cwd(), DIST_DIR, folder),
      publicPath: `public/plugins/${id}/`,
      uniqueName: id,
      // Source maps keep the app's namespace: the plugin validator strips webpack://<app id>/ from
      // every module.js.map, nested ones included (plugin-validator v0.31.0, pkg/sourcemap).
      devtoolNamespace: base.output?.uniqueName,
    },
    plugins: [...plugins, nestedPublicPath(id)],
  };
}

const config = async (env: Env): Promise<Configuration[]> => {
  const entries = (await grafanaConfig(env)).entry as Record<string, string>;
  const nested = Object.entries(entries).filter(([name]) => name !== APP_ENTRY);
  return [await appConfig(env), ...(await Promise.all(nested.map(([name, file]) => nestedConfig(env, name, file))))];
};

export default config;
