import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { entryModules, runtimeSourceFiles, unseenHostImports } from '../sources.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const HOST = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];

function project(files) {
  const root = mkdtempSync(join(tmpdir(), 'correlate-sources-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('the entry modules are the app module and the module beside each nested plugin.json', () => {
  assert.deepEqual(
    entryModules(REPO).map((f) => relative(REPO, f)),
    ['src/module.tsx', 'src/panels/correlatedErrors/module.tsx']
  );
});

test('runtime files leave out tests, test doubles and declarations', () => {
  const root = project({
    'src/module.tsx': '',
    'src/pages/a/Page.tsx': '',
    'src/pages/a/__tests__/Page.test.tsx': '',
    'src/pages/a/page.test.ts': '',
    'src/test/mocks/loki.ts': '',
    'src/types.d.ts': '',
    'src/img/logo.svg': '',
  });
  try {
    assert.deepEqual(
      runtimeSourceFiles(root).map((f) => relative(root, f)),
      ['src/module.tsx', 'src/pages/a/Page.tsx']
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('imports of a host package that levitate would not see are named with file and line', () => {
  const root = project({
    'src/seen.tsx': [
      "import React from 'react';",
      "import { Button, type IconName } from '@grafana/ui';",
      "import type { DataFrame } from '@grafana/data';",
      "import { getBackendSrv } from '@grafana/runtime';",
      "import { SceneApp } from '@grafana/scenes';",
      "export * from './other';",
    ].join('\n'),
    'src/unseen.tsx': [
      "import * as ui from '@grafana/ui';",
      "import { selectors } from '@grafana/ui/internal';",
      "export { Button } from '@grafana/ui';",
      "export * from '@grafana/data';",
      "const lazyUi = import('@grafana/ui');",
      "const data = require('@grafana/data');",
    ].join('\n'),
  });
  try {
    const files = runtimeSourceFiles(root);
    assert.deepEqual(unseenHostImports(files, HOST, root), [
      "src/unseen.tsx:1: imports '@grafana/ui' as a namespace",
      "src/unseen.tsx:2: imports the subpath '@grafana/ui/internal'",
      "src/unseen.tsx:3: re-exports from '@grafana/ui'",
      "src/unseen.tsx:4: re-exports from '@grafana/data'",
      "src/unseen.tsx:5: loads '@grafana/ui' dynamically",
      "src/unseen.tsx:6: loads '@grafana/data' dynamically",
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('every host-package import in Correlate is one levitate sees', () => {
  assert.deepEqual(unseenHostImports(runtimeSourceFiles(REPO), HOST, REPO), []);
});
