import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BAD_DEPLOY_DEFAULTS,
  BAD_DEPLOY_ERROR,
  STABLE_VERSION,
  deployedTelemetry,
  loadBadDeploy,
  withBadDeploy,
} from '../src/badDeploy.ts';
import { cycleStartMs, inBadDeploy } from '../src/badDeploySchedule.ts';
import { DEFAULTS, ratesAt, seededRandom } from '../src/config.ts';
import { serve } from '../src/http.ts';
import { paymentsHandler } from '../src/shop.ts';
import { type Telemetry } from '../src/telemetry.ts';
import { startReceiver } from './otlpReceiver.ts';

describe('bad deploy configuration', () => {
  it('uses the defaults without environment, and reads valid values', () => {
    assert.deepEqual(
      loadBadDeploy({}, () => undefined),
      BAD_DEPLOY_DEFAULTS
    );
    const c = loadBadDeploy(
      {
        BAD_DEPLOY_EVERY_S: '120',
        BAD_DEPLOY_LENGTH_S: '30',
        BAD_DEPLOY_SERVICE: 'orders',
        BAD_DEPLOY_VERSION: '2.0.0-rc.1',
      },
      () => undefined
    );
    assert.deepEqual([c.everyS, c.lengthS, c.service, c.version], [120, 30, 'orders', '2.0.0-rc.1']);
    assert.equal(loadBadDeploy({ BAD_DEPLOY_EVERY_S: '0' }, () => undefined).everyS, 0);
  });

  for (const [key, value] of [
    ['BAD_DEPLOY_EVERY_S', 'often'],
    ['BAD_DEPLOY_OFFSET_S', '-5'],
    ['BAD_DEPLOY_ERROR_RATE', '2'],
    ['BAD_DEPLOY_DELAY_MS', '1e9'],
    ['BAD_DEPLOY_SERVICE', 'billing'],
    ['BAD_DEPLOY_VERSION', '1.0.0'],
    ['BAD_DEPLOY_VERSION', 'v 2; rm -rf /'],
    ['BAD_DEPLOY_LENGTH_S', '9999'],
  ]) {
    it(`falls back to the default for ${key}=${JSON.stringify(value)}, with a warning`, () => {
      const warnings: string[] = [];
      const c = loadBadDeploy({ [key]: value }, (m) => warnings.push(m));
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], new RegExp(`^${key}=`));
      assert.deepEqual(c, BAD_DEPLOY_DEFAULTS);
    });
  }

  it('never overlaps the error bursts, and leaves a calm stretch after it', () => {
    const cycle = cycleStartMs(BAD_DEPLOY_DEFAULTS, Date.UTC(2026, 10, 24, 11, 3, 0));
    const states = Array.from({ length: 600 }, (_x, s) => {
      const t = cycle + s * 1000;
      const burst = ratesAt(DEFAULTS, t).declineRate > DEFAULTS.faults.declineRate;
      return { s, burst, deploy: inBadDeploy(BAD_DEPLOY_DEFAULTS, t) };
    });
    assert.ok(states.every((x) => !(x.burst && x.deploy)));
    assert.deepEqual(
      [states.findIndex((x) => x.deploy), states.filter((x) => x.deploy).length],
      [BAD_DEPLOY_DEFAULTS.offsetS, BAD_DEPLOY_DEFAULTS.lengthS]
    );
    assert.ok(
      states.slice(BAD_DEPLOY_DEFAULTS.offsetS + BAD_DEPLOY_DEFAULTS.lengthS).every((x) => !x.burst && !x.deploy)
    );
  });
});

function post(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}/charge`, { method: 'POST', agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end('{"orderId":"ord-1"}');
  });
}

const attr = (attrs: any[] | undefined, key: string) => attrs?.find((a) => a.key === key)?.value?.stringValue;

describe('bad deploy telemetry (the real OpenTelemetry SDK to a loopback receiver)', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let server: Server;
  let telemetry: Telemetry;
  const results: Array<{ phase: 'before' | 'during'; status: number; ms: number }> = [];
  const config = { ...BAD_DEPLOY_DEFAULTS, errorRate: 0.5, delayMs: 60 };
  // A clock the test moves: before the bad deploy, then in it.
  const cycle = cycleStartMs(config, Date.UTC(2026, 10, 24, 11, 3, 0));
  let now = cycle + 100_000;

  before(async () => {
    receiver = await startReceiver();
    telemetry = deployedTelemetry('payments', receiver.url, config, () => now, 60_000);
    const deps = {
      telemetry,
      rates: () => ({ ...DEFAULTS.faults, declineRate: 0, slowRate: 0 }),
      random: seededRandom(3),
    };
    server = serve(
      'payments',
      telemetry,
      withBadDeploy('payments', paymentsHandler(deps), config, seededRandom(5), () => now)
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const phase of ['before', 'during'] as const) {
      now = cycle + (phase === 'before' ? 100_000 : (config.offsetS + 10) * 1000);
      for (let i = 0; i < 40; i++) {
        results.push({ phase, ...(await post(url)) });
      }
    }
    await telemetry.flush();
  });

  after(async () => {
    await telemetry.shutdown();
    await new Promise((r) => server.close(r));
    await receiver.stop();
  });

  it('reports the new service.version only during the bad deploy', () => {
    const versions = receiver.received
      .filter((r) => r.path === '/v1/traces')
      .flatMap((r) =>
        r.body.resourceSpans.map((rs: any) => [
          attr(rs.resource.attributes, 'service.version'),
          rs.scopeSpans.flatMap((s: any) => s.spans).length,
        ])
      );
    const count = (v: string) => versions.filter(([x]: any) => x === v).reduce((n: number, [, k]: any) => n + k, 0);
    assert.equal(count(STABLE_VERSION), 40);
    assert.equal(count(config.version), 40);
  });

  it('throws the new error on part of the requests, logged with the new version, and slows every request', () => {
    const before = results.filter((r) => r.phase === 'before');
    const during = results.filter((r) => r.phase === 'during');
    assert.ok(before.every((r) => r.status === 200));
    const failed = during.filter((r) => r.status === 500).length;
    assert.ok(failed > 8 && failed < 32, `${failed} of 40 failed`);
    assert.ok(
      during.every((r) => r.ms >= config.delayMs),
      'every request waits the delay'
    );
    const logs = receiver.received
      .filter((r) => r.path === '/v1/logs')
      .flatMap((r) =>
        r.body.resourceLogs.flatMap((rl: any) =>
          rl.scopeLogs.flatMap((s: any) =>
            s.logRecords.map((l: any) => ({
              version: attr(rl.resource.attributes, 'service.version'),
              body: l.body?.stringValue,
              severity: l.severityText,
            }))
          )
        )
      );
    const errors = logs.filter((l: any) => l.body?.includes(BAD_DEPLOY_ERROR));
    assert.equal(errors.length, failed);
    assert.ok(errors.every((l: any) => l.version === config.version && l.severity === 'ERROR'));
    assert.equal(errors[0].body, `payments failed: TypeError: ${BAD_DEPLOY_ERROR}`);
  });

  it('leaves the other services alone', () => {
    const handler = async () => ({ status: 200, body: {} });
    assert.equal(withBadDeploy('orders', handler, config, Math.random), handler);
  });
});
