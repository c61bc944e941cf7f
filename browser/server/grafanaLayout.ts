import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where Grafana serves a plugin's files, for an app with nested plugins.
 *
 * - `nested-id`: every plugin, nested or not, at `public/plugins/<its own id>/` (module.js there).
 *   This is how Grafana 12.4 to 13.2 serve plugins from the local file system: the plugin factory
 *   (pkg/plugins/manager/pipeline/bootstrap/factory.go) builds each nested plugin with its own
 *   folder, and pkg/plugins/pluginassets/localprovider.go puts its module at
 *   public/plugins/<id>/module.js; pkg/api/plugins.go answers /public/plugins/:pluginId/* from
 *   that plugin's folder.
 * - `app-path`: a nested plugin inside its app's folder, `public/plugins/<app id>/<path>/`. Older
 *   Grafana did this for every nested plugin (configureAppChildPlugin set the module to
 *   plugins/<app id>/<path>/module); Grafana 12.4 to 13.2 still do it for an app served from the
 *   plugins CDN (pkg/plugins/manager/loader/assetpath/assetpath.go; its TestService_ChildPlugins,
 *   "CDN supported plugin with child").
 *
 * Only the mounts of the chosen scheme are served: a file looked for anywhere else is a 404.
 */
export type Scheme = 'nested-id' | 'app-path';

export const SCHEMES: Scheme[] = ['nested-id', 'app-path'];

/** A plugin as Grafana's frontend receives it in its settings: where its module is, and how to load it. */
export interface ServedPlugin {
  id: string;
  name: string;
  version: string;
  type: 'app' | 'panel';
  /** Folder inside dist/ ('' for the app). */
  distPath: string;
  /** URL path of the plugin's folder, ending in '/'. */
  baseUrl: string;
  /** URL path of module.js. */
  module: string;
  /**
   * pkg/plugins/pluginassets/loadingstrategy.go: 'script' for a plugin on the local file system
   * (a <script> tag), 'fetch' for one on the CDN (fetch and eval).
   */
  loadingStrategy: 'script' | 'fetch';
}

export interface Layout {
  scheme: Scheme;
  app: ServedPlugin;
  nested: ServedPlugin[];
  /** URL path prefix → folder on disk. */
  mounts: Array<{ prefix: string; dir: string }>;
}

interface PluginJson {
  id: string;
  name: string;
  type: string;
  info?: { version?: string };
}

const readJson = (file: string): PluginJson => JSON.parse(readFileSync(file, 'utf8'));

/** The nested plugins of a built app: the folders below dist/ that hold a plugin.json, as Grafana finds them. */
function nestedPluginDirs(distDir: string, dir = ''): string[] {
  return readdirSync(path.join(distDir, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const sub = dir ? `${dir}/${entry.name}` : entry.name;
      const own = existsSync(path.join(distDir, sub, 'plugin.json')) ? [sub] : [];
      return [...own, ...nestedPluginDirs(distDir, sub)];
    });
}

export function grafanaLayout(distDir: string, scheme: Scheme): Layout {
  const appJson = readJson(path.join(distDir, 'plugin.json'));
  const appBase = `/public/plugins/${appJson.id}/`;
  const app: ServedPlugin = {
    id: appJson.id,
    name: appJson.name,
    version: appJson.info?.version ?? '',
    type: 'app',
    distPath: '',
    baseUrl: appBase,
    module: `${appBase}module.js`,
    loadingStrategy: scheme === 'nested-id' ? 'script' : 'fetch',
  };
  const nested = nestedPluginDirs(distDir).map((dir): ServedPlugin => {
    const json = readJson(path.join(distDir, dir, 'plugin.json'));
    const baseUrl = scheme === 'nested-id' ? `/public/plugins/${json.id}/` : `${appBase}${dir}/`;
    return {
      id: json.id,
      name: json.name,
      // Grafana gives a nested plugin without a version its app's (pkg/plugins/manager/pipeline/bootstrap).
      version: json.info?.version || app.version,
      type: json.type as ServedPlugin['type'],
      distPath: dir,
      baseUrl,
      module: `${baseUrl}module.js`,
      loadingStrategy: app.loadingStrategy,
    };
  });
  const mounts = [{ prefix: appBase, dir: distDir }];
  if (scheme === 'nested-id') {
    mounts.push(...nested.map((p) => ({ prefix: p.baseUrl, dir: path.join(distDir, p.distPath) })));
  }
  return { scheme, app, nested, mounts };
}
