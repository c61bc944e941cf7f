import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

describe('main', () => {
  it('refuses an unknown service with its usage, exit code 2', () => {
    const run = spawnSync(process.execPath, ['src/main.ts', 'checkout;rm'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /Usage: node src\/main\.ts <gateway\|orders\|payments\|inventory\|loadgen>; got "checkout;rm"/
    );
  });
});
