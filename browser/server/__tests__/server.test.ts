/** @jest-environment node */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { grafanaLayout } from '../grafanaLayout';
import { resolvePath, startStaticServer, type Mount } from '../staticServer';

// A built app with a nested panel, as dist/ holds it.
let dist: string;
beforeAll(() => {
  dist = mkdtempSync(path.join(tmpdir(), 'correlate-layout-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
    writeFileSync(path.join(dist, file), text);
  };
  write('plugin.json', JSON.stringify({ id: 'my-app', name: 'App', type: 'app', info: { version: '2.0.0' } }));
  write('module.js', 'app');
  write('panels/errors/plugin.json', JSON.stringify({ id: 'my-panel', name: 'Panel', type: 'panel', info: {} }));
  write('panels/errors/module.js', 'panel');
  write('panels/errors/110.js', 'chunk');
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('grafanaLayout', () => {
  it('nested-id: the panel under its own id, loaded by script tag, with its app version', () => {
    const layout = grafanaLayout(dist, 'nested-id');
    expect(layout.app.module).toBe('/public/plugins/my-app/module.js');
    expect(layout.nested).toEqual([
      expect.objectContaining({
        id: 'my-panel',
        module: '/public/plugins/my-panel/module.js',
        version: '2.0.0',
        loadingStrategy: 'script',
      }),
    ]);
    expect(resolvePath(layout.mounts, '/public/plugins/my-panel/110.js')).toEqual({
      file: path.join(dist, 'panels/errors/110.js'),
    });
  });

  it('app-path: the panel inside its app folder, and nothing under its own id', () => {
    const layout = grafanaLayout(dist, 'app-path');
    expect(layout.nested[0].module).toBe('/public/plugins/my-app/panels/errors/module.js');
    expect(layout.nested[0].loadingStrategy).toBe('fetch');
    expect(resolvePath(layout.mounts, '/public/plugins/my-app/panels/errors/110.js')).toBeDefined();
    expect(resolvePath(layout.mounts, '/public/plugins/my-panel/110.js')).toBeUndefined();
    // A chunk looked for at the app's root (where a single compilation put it) is not there.
    expect(resolvePath(layout.mounts, '/public/plugins/my-app/110.js')).toBeUndefined();
  });

  it('fails clearly on a folder without a plugin.json', () => {
    expect(() => grafanaLayout(path.join(dist, 'nowhere'), 'nested-id')).toThrow(/plugin\.json/);
  });
});

describe('resolvePath', () => {
  const mounts = (): Mount[] => [
    { prefix: '/a/', dir: dist },
    {
      prefix: '/a/',
      generate: (rest) => (rest === 'made-up.svg' ? { type: 'image/svg+xml', body: '<svg/>' } : undefined),
    },
  ];

  it.each([
    '/a/../plugin.json',
    '/a/..%2f..%2fetc%2fpasswd',
    '/a/%2e%2e/%2e%2e/etc/passwd',
    '/a/panels/errors/../../../x',
    '/a/',
    '/a/panels',
    '/b/module.js',
    '/a/missing.js',
    '/a/%E0%A4%A',
  ])('finds nothing for %p', (urlPath) => {
    expect(resolvePath(mounts(), urlPath)).toBeUndefined();
  });

  it('tries mounts with the same prefix in order', () => {
    expect(resolvePath(mounts(), '/a/module.js')).toEqual({ file: path.join(dist, 'module.js') });
    expect(resolvePath(mounts(), '/a/made-up.svg')).toEqual({ type: 'image/svg+xml', body: '<svg/>' });
  });
});

describe('startStaticServer', () => {
  it('serves files on loopback, answers 404 to anything else, records every request', async () => {
    const server = await startStaticServer([{ prefix: '/a/', dir: dist }]);
    try {
      expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ok = await fetch(`${server.origin}/a/module.js`);
      expect([ok.status, ok.headers.get('content-type'), await ok.text()]).toEqual([
        200,
        'application/javascript; charset=utf-8',
        'app',
      ]);
      expect((await fetch(`${server.origin}/a/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
      expect((await fetch(`${server.origin}/a/%E0%A4%A`)).status).toBe(404);
      expect((await fetch(`${server.origin}/a/module.js`, { method: 'POST', body: 'x' })).status).toBe(404);
      expect(server.requests.map((r) => r.status)).toEqual([200, 404, 404, 404]);
    } finally {
      await server.close();
    }
  });
});
