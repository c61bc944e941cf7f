import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { LOADER_MODULES, SHARED_AT_BOTH, SHARED_EITHER, packageOf } from './support/grafanaShared';
import { DIST } from './support/host';

/**
 * What the build ships, read from dist/ (no browser): only modules Grafana shares at 12.4 and 13.2
 * are left to Grafana, nothing Grafana shares is bundled, and there is one copy of Scenes.
 */

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? jsFiles(file) : name.endsWith('.js') ? [file] : [];
  });
}

const files = () => jsFiles(DIST);
const rel = (file: string) => path.relative(DIST, file);
const sourcesOf = (file: string): string[] => JSON.parse(readFileSync(`${file}.map`, 'utf8')).sources;
// webpack://<id>/../node_modules/@scope/name/... → @scope/name (the outermost package).
const packageOfSource = (source: string) => source.match(/\/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];

test.describe('bundle contents', () => {
  test('every module left to Grafana is one Grafana shares at 12.4 and 13.2', () => {
    // (The harness gives each of these too, or pluginLoading.spec.ts fails to load the plugin.)
    const asked = new Map<string, string[]>();
    for (const file of files()) {
      const define = readFileSync(file, 'utf8').match(/define\((\[[^\]]*\])/);
      for (const id of define ? (JSON.parse(define[1]) as string[]) : []) {
        asked.set(id, [...(asked.get(id) ?? []), rel(file)]);
      }
    }
    expect(asked.size, 'module.js names its externals').toBeGreaterThan(0);
    const unshared = [...asked.keys()].filter((id) => !SHARED_AT_BOTH.has(id) && !LOADER_MODULES.has(id));
    expect(unshared, 'externals Grafana does not share at both versions').toEqual([]);
  });

  test('no package Grafana shares is bundled', () => {
    const shared = new Set([...SHARED_EITHER].map(packageOf));
    const bundled: string[] = [];
    for (const file of files()) {
      for (const pkg of new Set(sourcesOf(file).map(packageOfSource))) {
        if (pkg && shared.has(pkg)) {
          bundled.push(`${pkg} in ${rel(file)}`);
        }
      }
    }
    expect(bundled, 'packages bundled that Grafana provides at run time: add them to the externals').toEqual([]);
  });

  test('one copy of Scenes: one package path, in the app only', () => {
    const paths = new Set<string>();
    const inPanel: string[] = [];
    for (const file of files()) {
      for (const source of sourcesOf(file)) {
        const at = source.indexOf('node_modules/@grafana/scenes/');
        if (at >= 0) {
          paths.add(source.slice(0, at));
          if (rel(file).startsWith('panels/')) {
            inPanel.push(rel(file));
          }
        }
      }
    }
    expect([...paths], 'Scenes from one node_modules/@grafana/scenes only').toHaveLength(1);
    expect([...new Set(inPanel)], 'the panel does not bundle Scenes').toEqual([]);
  });
});
