import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A small, valid built app with a nested panel, written to a temporary folder, and its sources. */

const APP_ID = 'acme-tool-app';
export const VERSION = '1.2.3';

const logo = (color: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="${color}"/></svg>`;

const appJson = () => ({
  type: 'app',
  name: 'Acme tool',
  id: APP_ID,
  info: {
    keywords: ['app'],
    description: 'A tool.',
    author: { name: 'Acme' },
    logos: { small: 'img/logo.svg', large: 'img/logo.svg' },
    screenshots: [{ name: 'Overview', path: 'img/shot.png' }],
    version: VERSION,
    updated: '2026-11-25',
  },
  includes: [
    { type: 'page', name: 'Home', path: `/a/${APP_ID}/home`, addToNav: true },
    { type: 'panel', name: 'Acme panel', path: 'panels/acme/plugin.json' },
  ],
  dependencies: { grafanaDependency: '>=12.4.0', plugins: [] },
  extensions: {
    addedLinks: [{ targets: ['grafana/dashboard/panel/menu'], title: 'Open in Acme tool', description: 'Opens it.' }],
    exposedComponents: [{ id: `${APP_ID}/thing/v1`, title: 'Thing', description: 'A thing.' }],
  },
});

const panelJson = () => ({
  type: 'panel',
  name: 'Acme panel',
  id: 'acme-tool-panel',
  info: {
    keywords: ['panel'],
    description: 'A panel.',
    logos: { small: 'img/logo.svg', large: 'img/logo.svg' },
    version: VERSION,
    updated: '2026-11-25',
  },
  dependencies: { grafanaDependency: '>=12.4.0' },
});

/** What makes a file a PNG to the validator (Go's http.DetectContentType reads the signature). */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

const SOURCE = 'export const answer = 42;\n';
const map = (sources: string[], contents: string[]) =>
  JSON.stringify({ version: 3, file: 'module.js', sources, sourcesContent: contents, mappings: 'AAAA' });

export interface Fixture {
  pluginDir: string;
  sourceDir: string;
  write(rel: string, content: string | object | Buffer): void;
  remove(rel: string): void;
  cleanup(): void;
}

export function makeFixture(): Fixture {
  const base = mkdtempSync(join(tmpdir(), 'validator-fixture-'));
  const pluginDir = join(base, APP_ID);
  const sourceDir = join(base, 'src');
  const write = (rel: string, content: string | object | Buffer, root = pluginDir) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    const data = typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2);
    writeFileSync(join(root, rel), data);
  };
  write('plugin.json', appJson());
  write('panels/acme/plugin.json', panelJson());
  write('img/logo.svg', logo('#f2495c'));
  write('img/shot.png', PNG_SIGNATURE);
  write('CHANGELOG.md', '# Changelog\n\n## 1.2.3\n\n- A tool.\n');
  write('panels/acme/img/logo.svg', logo('#5794f2'));
  const sources = [
    `webpack://${APP_ID}/./module.ts`,
    `webpack://${APP_ID}/../node_modules/x/index.js`,
    'webpack/runtime/x',
  ];
  write('module.js', 'console.log(42);\n//# sourceMappingURL=module.js.map\n');
  write('module.js.map', map(sources, [SOURCE, 'bundled', 'runtime']));
  write('panels/acme/module.js', 'console.log(43);\n//# sourceMappingURL=module.js.map\n');
  write('panels/acme/module.js.map', map([`webpack://${APP_ID}/./module.ts`], [SOURCE]));
  write(
    'LICENSE',
    '                                 Apache License\n                           Version 2.0, January 2004\n\n   Copyright 2026 Acme\n'
  );
  write('README.md', '# Acme tool\n\nWhat it does.\n');
  write('module.ts', SOURCE, sourceDir);
  return {
    pluginDir,
    sourceDir,
    write: (rel, content) => write(rel, content),
    remove: (rel) => rmSync(join(pluginDir, rel), { recursive: true }),
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

export const fixtureApp = appJson;
export const fixturePanel = panelJson;
export { logo as fixtureLogo, map as fixtureMap };
