// The levitate check must fail when a page uses what the oldest Grafana claimed lacks. PageLoader
// is exported by @grafana/ui 13.2.2 and not by 12.4.0. It is added to a copy of src/ in two files
// that only lazy imports reach (a page of the app and the panel), and the check is run on the copy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PAGE = 'src/pages/services/ServicesOverview.tsx';
const PANEL = 'src/panels/correlatedErrors/CorrelatedErrorsPanel.tsx';
const PROBE = "\nimport { PageLoader } from '@grafana/ui';\nexport const Probe = () => <PageLoader />;\n";

test('a 13.x-only @grafana/ui component on a page or in the panel fails the check', { timeout: 600_000 }, () => {
  const copy = mkdtempSync(join(tmpdir(), 'correlate-probe-'));
  try {
    cpSync(join(REPO, 'src'), join(copy, 'src'), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
    appendFileSync(join(copy, PAGE), PROBE);
    appendFileSync(join(copy, PANEL), PROBE);

    const run = spawnSync(
      process.execPath,
      [join(REPO, 'scripts/levitate/check.mjs'), '--root', copy, '--targets', 'oldest', '--packages', '@grafana/ui'],
      { encoding: 'utf8', timeout: 590_000 }
    );
    const out = run.stdout + run.stderr;
    assert.equal(run.status, 1, out);
    // Reached through the entries' lazy imports, not added as roots of their own. The files nothing
    // imports: the Scenes debugger's stand-in, which webpack swaps in (webpack.config.ts), and the
    // pattern-check worker, which webpack bundles from `new URL(…, import.meta.url)`.
    assert.match(
      out,
      /\(every runtime file in src\/\)| plus 2 nothing imports: src\/app\/lazySceneDebugger\.tsx, src\/settings\/patternBacktracking\.worker\.ts$/m,
      out
    );
    const failures = out.split('\n').filter((l) => / has no | differs in /.test(l) && !/allowed:/.test(l));
    assert.equal(failures.length, 2, out);
    for (const file of [PAGE, PANEL]) {
      assert.ok(
        failures.some((l) => l.includes(`@grafana/ui@12.4.0 has no PageLoader, used in ${file}:`)),
        `expected PageLoader in ${file} to be named:\n${out}`
      );
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
