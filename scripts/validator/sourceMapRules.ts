import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readJson, isRecord } from './files';
import { error, type Finding } from './finding';

// Sources the validator does not compare (pkg/sourcemap/sourcemap.go, v0.31.0): bundled packages,
// webpack's runtime, externals, styles, images and JSON.
const IGNORED_PREFIXES = ['external ', 'webpack/', '../node_modules', './node_modules/'];
const IGNORED_EXTENSIONS = ['.css', '.scss', '.sass', '.less', '.svg', '.svg$', '.json'];

function ignored(name: string): boolean {
  const path = name.split('?')[0];
  return (
    path.includes('/node_modules/.pnpm/') ||
    IGNORED_EXTENSIONS.some((e) => path.endsWith(e)) ||
    IGNORED_PREFIXES.some((p) => name.length > p.length && name.startsWith(p))
  );
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Source maps (passes/jssourcemap): every module.js has its map, each map lists its sources with
 * their content, and every source of ours is byte-for-byte the file in `sourceDir` (the validator
 * strips `webpack://<id of the root plugin.json>/` from each source and reads the rest below src/).
 * Ours: the same for every JS chunk, and each JS file names its map in `sourceMappingURL`.
 */
export function checkSourceMaps(files: string[], pluginDir: string, sourceDir: string, pluginId: string): Finding[] {
  const js = files.filter((f) => f.endsWith('.js'));
  if (!js.some((f) => basename(f) === 'module.js')) {
    return [error('missing-modulejs', '.', 'missing module.js')];
  }
  const prefix = new RegExp(`^webpack://${escapeRegExp(pluginId)}/*|^webpack:/*`);
  const findings: Finding[] = [];
  for (const file of js) {
    const map = `${file}.map`;
    if (!files.includes(map)) {
      findings.push(error('js-map-not-found', map, `missing ${map} in archive`));
      continue;
    }
    const tail = readFileSync(join(pluginDir, file), 'utf8').trimEnd().split('\n').at(-1) ?? '';
    // Chunks name their map with webpack's cache-busting query: `110.js.map?_cache=…`.
    if (!new RegExp(`^//# sourceMappingURL=${escapeRegExp(basename(map))}(\\?.*)?$`).test(tail)) {
      findings.push(error('js-map-not-referenced', file, `${file} does not end with a sourceMappingURL to its map.`));
    }
    const parsed = readJson(join(pluginDir, map));
    const sources = isRecord(parsed) && Array.isArray(parsed.sources) ? (parsed.sources as unknown[]) : [];
    const contents =
      isRecord(parsed) && Array.isArray(parsed.sourcesContent) ? (parsed.sourcesContent as unknown[]) : [];
    if (sources.length === 0 || contents.length === 0 || sources.length !== contents.length) {
      findings.push(error('js-map-invalid', map, 'The map must list its sources and their content, as many of each.'));
      continue;
    }
    sources.forEach((source, i) => {
      const name = String(source).replace(prefix, '');
      if (ignored(name)) {
        return;
      }
      const onDisk = join(sourceDir, name);
      const content = typeof contents[i] === 'string' ? (contents[i] as string) : '';
      if (!existsSync(onDisk)) {
        findings.push(error('js-map-no-match', map, `${String(source)} is not a file of the source code (${name}).`));
      } else if (readFileSync(onDisk, 'utf8').replace(/\r\n/g, '\n') !== content.replace(/\r\n/g, '\n')) {
        findings.push(error('js-map-no-match', map, `${name} differs from the source code: rebuild.`));
      }
    });
  }
  return findings;
}
