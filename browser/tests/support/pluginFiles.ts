import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ServedPlugin } from '../../server/grafanaLayout';
import { DIST } from './host';

interface JsFile {
  name: string;
  bytes: number;
  /** Modules from src/ in it (from its source map); a file without any holds packages only. */
  ownModules: number;
  packages: string[];
}

/** The JS files of a plugin's own folder in dist/ (not those of plugins nested below it). */
function ownJsFiles(plugin: ServedPlugin): JsFile[] {
  const dir = path.join(DIST, plugin.distPath);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => {
      const sources: string[] = JSON.parse(readFileSync(path.join(dir, `${name}.map`), 'utf8')).sources;
      // webpack://<uniqueName>/./app/App.tsx is src/app/App.tsx; webpack://<uniqueName>/../node_modules/x a package.
      const packages = sources
        .map((s) => s.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1])
        .filter((p): p is string => Boolean(p));
      return {
        name,
        bytes: statSync(path.join(dir, name)).size,
        ownModules: sources.filter((s) => !s.includes('/../')).length,
        packages: [...new Set(packages)],
      };
    });
}

const withoutQuery = (url: string) => url.split(/[?#]/)[0];

/**
 * Which of a plugin's JS files the page loaded from the plugin's own folder, told line by line.
 * Returns the URLs of files with code of ours (src/) that were never loaded. A file of packages
 * only may rightly stay unloaded: i18next-pseudo, which @grafana/i18n loads for its pseudo locale.
 */
export function checkLoaded(
  plugin: ServedPlugin,
  origin: string,
  requests: string[],
  tell: (line: string) => void
): string[] {
  const loaded = new Set(requests.map(withoutQuery));
  const files = ownJsFiles(plugin);
  const kb = files.reduce((sum, f) => sum + f.bytes, 0) / 1024;
  tell(
    `  ${plugin.id} from ${plugin.baseUrl} (${plugin.loadingStrategy}): ${files.length} JS files, ${kb.toFixed(1)} KB`
  );
  const missing: string[] = [];
  for (const file of files) {
    const url = `${origin}${plugin.baseUrl}${file.name}`;
    if (loaded.has(url)) {
      tell(`    loaded ${plugin.baseUrl}${file.name}`);
    } else if (file.ownModules === 0) {
      tell(`    not asked for: ${plugin.baseUrl}${file.name} (packages only: ${file.packages.join(', ')})`);
    } else {
      tell(`    MISSING ${plugin.baseUrl}${file.name} (${file.ownModules} modules of ours)`);
      missing.push(url);
    }
  }
  return missing;
}
