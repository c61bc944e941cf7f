import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLokiPusher, lokiPayload } from '../src/lokiPush.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('lokiPayload', () => {
  it('groups entries by level into streams with nanosecond string times', () => {
    const p = lokiPayload('inventory', [
      { timeMs: 1_700_000_000_123, level: 'error', message: 'lock wait "x"\nnext', traceId: TRACE },
      { timeMs: 1_700_000_000_124, level: 'info', message: 'ok' },
      { timeMs: 1_700_000_000_125, level: 'error', message: 'again', fields: { 'order.id': 'o1' } },
    ]);
    assert.equal(p.streams.length, 2);
    const errors = p.streams.find((s) => s.stream.level === 'error')!;
    assert.deepEqual(errors.stream, { service_name: 'inventory', service_namespace: 'shop', level: 'error' });
    assert.deepEqual(
      errors.values.map((v) => v[0]),
      ['1700000000123000000', '1700000000125000000']
    );
    // Quotes and newlines in a message stay inside one valid JSON line.
    const first = JSON.parse(errors.values[0][1]);
    assert.equal(first.msg, 'lock wait "x"\nnext');
    assert.equal(first.traceId, TRACE);
    assert.equal(JSON.parse(errors.values[1][1])['order.id'], 'o1');
  });
});

describe('createLokiPusher', () => {
  const servers: Server[] = [];
  after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  async function lokiAnswering(status: number) {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        bodies.push(text);
        res.writeHead(status);
        res.end();
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/loki/api/v1/push`, bodies };
  }

  it('sends nothing when nothing was logged', async () => {
    const loki = await lokiAnswering(204);
    const pusher = createLokiPusher(loki.url, 'inventory', 60_000);
    await pusher.flush();
    pusher.stop();
    assert.equal(loki.bodies.length, 0);
  });

  it('reports a Loki error answer without throwing, and does not resend', async () => {
    const loki = await lokiAnswering(400);
    const errors: string[] = [];
    const pusher = createLokiPusher(loki.url, 'inventory', 60_000, (e) => errors.push(e.message));
    pusher.log({ timeMs: Date.now(), level: 'info', message: 'x' });
    await pusher.flush();
    await pusher.flush();
    pusher.stop();
    assert.equal(loki.bodies.length, 1);
    assert.deepEqual(errors, [`Loki push to ${loki.url} answered HTTP 400`]);
  });

  it('reports an unreachable Loki without throwing', async () => {
    const errors: string[] = [];
    // Port 9 (discard) on loopback: nothing listens there on these machines.
    const pusher = createLokiPusher('http://127.0.0.1:9/loki/api/v1/push', 'inventory', 60_000, (e) =>
      errors.push(e.message)
    );
    pusher.log({ timeMs: Date.now(), level: 'error', message: 'x' });
    await pusher.flush();
    pusher.stop();
    assert.equal(errors.length, 1);
    assert.match(errors[0], /ECONNREFUSED/);
  });
});
