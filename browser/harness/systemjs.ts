// Grafana's plugin loader: SystemJS with its AMD and named-register extras, the shared modules in
// its import map, and the hooks Grafana puts on it. Reproduces grafana
// public/app/features/plugins/loader/{systemjs.ts,utils.ts,systemjsHooks.ts,pluginInfoCache.ts}
// and importer/importPluginModule.ts (v12.4 and v13.2): the AMD `module` dependency a plugin gets
// carries `uri`, the URL module.js was loaded from (SystemJS's amd extra sets it from
// `_context.meta.url`), which the scaffold's public path is derived from.
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import 'systemjs/dist/extras/named-register.js';
import { sharedDependencies, type SharedDependency } from './sharedDependencies';

type ModuleObject = Record<string, unknown>;
type Declare = (exp: (m: object) => void) => { execute: () => Promise<void> };

interface SystemJSLoader {
  constructor: { prototype: SystemJSLoader };
  import(id: string): Promise<ModuleObject>;
  resolve(id: string, parentUrl?: string): string;
  has(id: string): boolean;
  set(id: string, module: object): void;
  register(name: string, deps: string[], declare: Declare): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  shouldFetch(url: string): boolean;
}

export type LoadingStrategy = 'script' | 'fetch';

const SHARED_DEPENDENCY_PREFIX = 'package';
// The plugin folder a URL belongs to (public/plugins/<key>/) keys its version and loading strategy.
const PLUGIN_PATH = /\/plugins\/([^/]*)\//;
const initialisedAt = Date.now();

const SystemJS = (window as unknown as { System: SystemJSLoader }).System;
const pluginInfo: Record<string, { version: string; loadingStrategy: LoadingStrategy }> = {};

const cacheKey = (url: string) => url.match(PLUGIN_PATH)?.[1];

function addPreload(id: string, dependency: SharedDependency) {
  if (typeof dependency === 'function') {
    SystemJS.register(id, [], (exp) => ({
      execute: async () => exp(await dependency()),
    }));
  } else {
    SystemJS.set(id, dependency);
  }
}

function initSystemJS() {
  const imports: Record<string, string> = {};
  for (const [name, dependency] of Object.entries(sharedDependencies)) {
    const id = `${SHARED_DEPENDENCY_PREFIX}:${name}`;
    addPreload(id, dependency);
    imports[name] = id;
  }
  SystemJS.addImportMap({ imports });

  const proto = SystemJS.constructor.prototype;
  // 'script' strategy: a <script> tag; otherwise fetch and eval.
  proto.shouldFetch = (url: string) => {
    if (!/^[^#?]+\.(js)([?#].*)?$/.test(url)) {
      return true;
    }
    const key = cacheKey(url);
    return (key && pluginInfo[key]?.loadingStrategy) !== 'script';
  };
  // Plugins that only have a default export.
  const originalImport = proto.import;
  proto.import = function (this: SystemJSLoader, id: string) {
    return originalImport.call(this, id).then((m) => (m && m.__useDefault ? (m.default as ModuleObject) : m));
  };
  // File-system plugin files get `?_cache=<plugin version>`; shared modules stay as they are.
  const originalResolve = proto.resolve;
  proto.resolve = function (this: SystemJSLoader, id: string, parentUrl?: string) {
    const url = originalResolve.call(this, id, parentUrl);
    if (url.startsWith(`${SHARED_DEPENDENCY_PREFIX}:`) || !/\.(js|css)$/.test(url)) {
      return url;
    }
    const key = cacheKey(url);
    return `${url}?_cache=${(key && pluginInfo[key]?.version) || initialisedAt}`;
  };
}

initSystemJS();

/** Loads a plugin's module.js the way Grafana's importPluginModule does. */
export function importPluginModule(path: string, version: string, loadingStrategy: LoadingStrategy) {
  const key = cacheKey(path);
  if (key && !pluginInfo[key]) {
    pluginInfo[key] = { version: encodeURI(version), loadingStrategy };
  }
  const url = path.startsWith('http') || path.startsWith('/') ? path : `/${path}`;
  return SystemJS.import(url);
}
