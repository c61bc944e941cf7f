import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

/**
 * The harness's demo (browser/harness/demo/generated/demo.json, read by facts.ts) is what the demo's code
 * emits: the snapshot is regenerated (src/simulate.ts, in a child process, because the simulated clock
 * replaces the global timers this runner uses) and must equal the checked-in file. A change to a
 * handler, a fault rate or the bad deploy fails here until `npm run demo:snapshot` is run (and the
 * component specs that read the figures agree).
 */
const GENERATED = new URL('../../browser/harness/demo/generated/', import.meta.url);
const FILE = new URL('demo.json', GENERATED);
const DEMO = new URL('..', import.meta.url);

function simulate(args: string[] = []) {
  return spawnSync(process.execPath, ['src/simulate.ts', ...args], {
    cwd: DEMO,
    encoding: 'utf8',
    timeout: 90_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The first path where two JSON values differ, for a message that says what drifted. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? undefined : `${path}: checked in ${JSON.stringify(a)}, the demo now ${JSON.stringify(b)}`;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) {
      return d;
    }
  }
  return undefined;
}

describe('the demo snapshot', () => {
  for (const [args, name, reader] of [
    [[], 'demo.json', 'the harness (browser/harness/demo/facts.ts)'],
    [['--ci'], 'demo-ci.json', 'the e2e specs (tests/support/demoFacts.ts)'],
  ] as const) {
    it(`${name}, read by ${reader}, is what the demo emits today (else run \`npm run demo:snapshot\`)`, (t) => {
      const run = simulate([...args]);
      assert.equal(run.status, 0, run.stderr);
      const saved = readFileSync(new URL(name, GENERATED), 'utf8');
      const fresh: { red: Record<string, unknown> } = JSON.parse(run.stdout);
      t.diagnostic(`red: ${JSON.stringify(fresh.red)}`);
      // Compared as JSON, not as text: a formatter run over the repository (prettier) may re-indent the file.
      const drift = firstDifference(JSON.parse(saved), fresh);
      assert.equal(
        drift,
        undefined,
        `${name} ${drift}. Run \`npm run demo:snapshot\` and update the specs that read it.`
      );
    });
  }

  it('says payments fails most, by failed requests per second and by error fraction (failsMost.test.ts)', () => {
    const { red } = JSON.parse(readFileSync(FILE, 'utf8')) as {
      red: Record<string, { rate: number; errorFraction: number }>;
    };
    const first = (f: (r: { rate: number; errorFraction: number }) => number) =>
      Object.entries(red).sort(([, a], [, b]) => f(b) - f(a))[0][0];
    assert.equal(
      first((r) => r.rate * r.errorFraction),
      'payments'
    );
    assert.equal(
      first((r) => r.errorFraction),
      'payments'
    );
  });

  it('an output path in no folder is refused at once, naming it and the usage', () => {
    const run = simulate(['/nonexistent-dir/demo.json']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Cannot write \/nonexistent-dir\/demo\.json: no folder \/nonexistent-dir\. Usage:/);
  });

  it('the CI settings are read from the workflow; a workflow without them, or with an unusable one, is refused', async () => {
    const { ciDemoEnv } = await import('../src/sim/ciEnv.ts');
    const { demoSnapshot } = await import('../src/simulate.ts');
    const job = `    env:\n      DEMO_INCIDENT_EVERY_S: '0'\n      BAD_DEPLOY_EVERY_S: '390'\n      OTHER: 'x'\n`;
    assert.deepEqual(ciDemoEnv(job), { INCIDENT_EVERY_S: '0', BAD_DEPLOY_EVERY_S: '390' });
    assert.throws(() => ciDemoEnv('    env:\n      OTHER: x\n'), /sets no BAD_DEPLOY_EVERY_S for the e2e job/);
    // A value the demo would only warn about stops the snapshot: its facts would not be the stack's.
    await assert.rejects(demoSnapshot({ BAD_DEPLOY_EVERY_S: 'often' }), /BAD_DEPLOY_EVERY_S="often" is not a number/);
  });
});
