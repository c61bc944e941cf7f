import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../src/waitFor.ts';

describe('waitFor', () => {
  const servers: Server[] = [];
  after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  /** Answers 503 for the first `failures` requests, then 200: a component still starting. */
  async function startingService(failures: number) {
    let seen = 0;
    const server = createServer((_, res) => {
      res.writeHead(seen++ < failures ? 503 : 200);
      res.end();
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ready`;
  }

  it('returns once every URL answers 2xx', async () => {
    const a = await startingService(0);
    const b = await startingService(2);
    const logged: string[] = [];
    assert.deepEqual(await waitFor([a, b], 5000, 10, (m) => logged.push(m)), []);
    assert.deepEqual(logged, [`ready: ${a}`, `ready: ${b}`]);
  });

  it('gives up after the timeout naming what never became ready', async () => {
    const ok = await startingService(0);
    const never = 'http://127.0.0.1:9/ready';
    assert.deepEqual(await waitFor([ok, never], 100, 20, () => undefined), [never]);
  });

  it('refuses arguments that are not URLs', () => {
    const run = spawnSync(process.execPath, ['src/waitFor.ts', 'loki:3100'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Usage: node src\/waitFor\.ts/);
  });
});
