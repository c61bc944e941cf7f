import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request, type Server } from 'node:http';
import { seededRandom, type FaultRates } from '../src/config.ts';
import { BAD_DEPLOY_DEFAULTS, BAD_DEPLOY_ERROR, withBadDeploy } from '../src/badDeploy.ts';
import { serve } from '../src/http.ts';
import { createLokiPusher, type LokiPushPayload } from '../src/lokiPush.ts';
import { inventoryHandler, paymentsHandler, type ShopDeps } from '../src/shop.ts';
import { createTelemetry, type Telemetry } from '../src/telemetry.ts';
import { listen, logsOf, spansOf, startReceiver, stopDemo } from './otlpReceiver.ts';

/**
 * LOG_TRACE_CONTEXT=off, the broken-on-purpose variant the health checks must name: the services still
 * trace (and continue their caller's trace), but their log records carry no trace context. Real
 * OpenTelemetry SDK, OTLP/HTTP to a receiver on loopback. Payments also runs a bad deploy that always
 * throws, so serve()'s own error record (the catch block) is checked too: it used to carry the trace id.
 */
/** Always inside the bad deploy (200 s into a 600 s cycle whose deploy runs 180–360 s), failing every request. */
const BAD_DEPLOY = { ...BAD_DEPLOY_DEFAULTS, errorRate: 1, delayMs: 0 };
const inBadDeployNow = () => 600_000 * 1000 + 200_000;

const RATES: FaultRates = { declineRate: 1, upstreamErrorRate: 0, timeoutRate: 1, slowRate: 0 };
const REQUESTS = 10;
const traceparent = (i: number) => `00-${(i + 1).toString(16).padStart(32, 'c')}-00f067aa0ba902b7-01`;

function post(url: string, i: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        timeout: 5000,
        headers: { traceparent: traceparent(i), 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }
    );
    req.on('error', reject);
    req.end(JSON.stringify({ orderId: `ord-${i}` }));
  });
}

for (const logTraceContext of [false, true]) {
  describe(`payments and inventory with LOG_TRACE_CONTEXT=${logTraceContext ? 'on' : 'off'}`, () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    const telemetries: Telemetry[] = [];
    const servers: Server[] = [];
    let pusher: ReturnType<typeof createLokiPusher>;

    before(async () => {
      receiver = await startReceiver();
      pusher = createLokiPusher(`${receiver.url}/loki/api/v1/push`, 'inventory', 60_000);
      const deps = (name: string): ShopDeps => {
        const telemetry = createTelemetry(name, receiver.url, 60_000);
        telemetries.push(telemetry);
        return { telemetry, rates: () => RATES, random: seededRandom(7), hangMs: 1, spikeMs: 1, logTraceContext };
      };
      const payments = deps('payments');
      const inventory = deps('inventory');
      const broken = withBadDeploy('payments', paymentsHandler(payments), BAD_DEPLOY, seededRandom(9), inBadDeployNow);
      servers.push(serve('payments', payments.telemetry, paymentsHandler(payments), { logTraceContext }));
      servers.push(
        serve('inventory', inventory.telemetry, inventoryHandler(inventory, pusher.log), { logTraceContext })
      );
      servers.push(serve('payments', payments.telemetry, broken, { logTraceContext }));
      const [paymentsUrl, inventoryUrl, brokenUrl] = await Promise.all(servers.map(listen));
      for (let i = 0; i < REQUESTS; i++) {
        assert.equal(await post(`${paymentsUrl}/charge`, i), 402);
        assert.equal(await post(`${inventoryUrl}/reserve`, i), 503);
        assert.equal(await post(`${brokenUrl}/charge`, i), 500);
      }
      await pusher.flush();
      await Promise.all(telemetries.map((t) => t.flush()));
    });

    after(() => stopDemo({ pusher, telemetries, servers, receiver }));

    it('still continues the caller’s trace in its spans', () => {
      const traces = new Set(
        spansOf(receiver.received)
          .filter((s) => s.service === 'payments')
          .map((s) => s.traceId)
      );
      assert.deepEqual(traces, new Set(Array.from({ length: REQUESTS }, (_, i) => traceparent(i).slice(3, 35))));
    });

    it(logTraceContext ? 'logs each error with its trace id' : 'logs each error without a trace id', () => {
      const errors = logsOf(receiver.received).filter((l) => l.service === 'payments' && l.severityText === 'ERROR');
      // REQUESTS declines (log() in shop.ts) and REQUESTS thrown bad-deploy errors (serve()'s catch block).
      assert.equal(errors.length, 2 * REQUESTS);
      assert.equal(errors.filter((l) => l.body.includes(BAD_DEPLOY_ERROR)).length, REQUESTS);
      for (const [i, log] of errors.entries()) {
        if (logTraceContext) {
          assert.match(log.traceId ?? '', /^[0-9a-f]{32}$/);
        } else {
          assert.ok(!log.traceId, `record ${i} carries trace id ${log.traceId}`);
        }
      }
    });

    it(logTraceContext ? 'pushes JSON lines with traceId' : 'pushes JSON lines without traceId', () => {
      const lines = receiver.received
        .filter((r) => r.path === '/loki/api/v1/push')
        .flatMap((p) => (p.body as LokiPushPayload).streams.flatMap((s) => s.values.map((v) => JSON.parse(v[1]))));
      assert.equal(lines.length, REQUESTS);
      assert.ok(lines.every((l) => 'traceId' in l === logTraceContext));
    });
  });
}
