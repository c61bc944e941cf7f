import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { DEFAULTS, seededRandom, type FaultRates } from '../src/config.ts';
import { serve, type Handler } from '../src/http.ts';
import { createLokiPusher, type LokiPushPayload } from '../src/lokiPush.ts';
import { gatewayHandler, inventoryHandler, ordersHandler, paymentsHandler, type ShopDeps } from '../src/shop.ts';
import { createTelemetry, type Telemetry } from '../src/telemetry.ts';
import { listen, logsOf, metricNamesOf, spansOf, startReceiver, stopDemo } from './otlpReceiver.ts';

/**
 * The demo shop, in-process on loopback, with the real OpenTelemetry SDK exporting over OTLP/HTTP
 * to a receiver started here, and inventory pushing JSON lines to a fake Loki push endpoint.
 */

const REQUESTS = 200;
const RATES: FaultRates = { declineRate: 0.2, upstreamErrorRate: 0.05, timeoutRate: 0.05, slowRate: 0 };
const SPAN_KIND_SERVER = 2;
const STATUS_ERROR = 2;

function checkout(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/checkout`, { method: 'POST', agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{"items":2}');
  });
}

/** Counts handlers still running: a hung inventory call outlives its caller's timeout. */
function tracked(handler: Handler, inFlight: { n: number }): Handler {
  return async (...args) => {
    inFlight.n++;
    try {
      return await handler(...args);
    } finally {
      inFlight.n--;
    }
  };
}

async function untilIdle(inFlight: { n: number }, capMs: number) {
  for (const deadline = Date.now() + capMs; inFlight.n > 0;) {
    if (Date.now() > deadline) {
      throw new Error(`${inFlight.n} demo requests still running after ${capMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  // Let serve() end the last span after its handler settled.
  await new Promise((r) => setTimeout(r, 20));
}

describe('demo shop telemetry', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const servers: Server[] = [];
  const inFlight = { n: 0 };
  const telemetries: Telemetry[] = [];
  const statuses: number[] = [];
  let pusher: ReturnType<typeof createLokiPusher>;

  before(async () => {
    receiver = await startReceiver();
    const deps = (name: string, seed: number): ShopDeps => {
      const telemetry = createTelemetry(name, receiver.url, 60_000);
      telemetries.push(telemetry);
      return { telemetry, rates: () => RATES, random: seededRandom(seed), hangMs: 300, callTimeoutMs: 100, spikeMs: 1 };
    };
    const start = async (name: string, make: (d: ShopDeps) => Parameters<typeof serve>[2], seed: number) => {
      const d = deps(name, seed);
      const server = serve(name, d.telemetry, tracked(make(d), inFlight));
      servers.push(server);
      return listen(server);
    };
    pusher = createLokiPusher(`${receiver.url}/loki/api/v1/push`, 'inventory', 60_000);
    const payments = await start('payments', (d) => paymentsHandler(d), 11);
    const inventory = await start('inventory', (d) => inventoryHandler(d, pusher.log), 12);
    const orders = await start('orders', (d) => ordersHandler(d, { inventory, payments }), 13);
    const gateway = await start('gateway', (d) => gatewayHandler(d, { orders }), 14);
    // Sequential and bounded: REQUESTS checkouts, each with a 5 s cap.
    for (let i = 0; i < REQUESTS; i++) {
      statuses.push(await checkout(gateway));
    }
    await untilIdle(inFlight, 5000);
    await pusher.flush();
    await Promise.all(telemetries.map((t) => t.flush()));
  });

  after(() => stopDemo({ pusher, telemetries, servers, receiver }));

  it('exports traces, logs and metrics as JSON over OTLP/HTTP', () => {
    const paths = new Set(receiver.received.map((r) => r.path));
    assert.deepEqual(paths, new Set(['/v1/traces', '/v1/logs', '/v1/metrics', '/loki/api/v1/push']));
    assert.ok(receiver.received.filter((r) => r.path.startsWith('/v1/')).every((r) => r.contentType?.includes('json')));
    assert.ok(metricNamesOf(receiver.received).includes('http.server.request.duration'));
  });

  it('propagates one trace from gateway to orders, inventory and payments', () => {
    const spans = spansOf(receiver.received);
    const servicesByTrace = new Map<string, Set<string>>();
    for (const s of spans) {
      servicesByTrace.set(s.traceId, (servicesByTrace.get(s.traceId) ?? new Set()).add(s.service));
    }
    assert.equal(servicesByTrace.size, REQUESTS);
    const full = [...servicesByTrace.values()].filter((s) => s.size === 4);
    // Every checkout that got past inventory reached payments: all four services in one trace.
    assert.ok(full.length > REQUESTS * 0.7, `${full.length} full traces`);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const paymentServer = spans.find((s) => s.service === 'payments' && s.kind === SPAN_KIND_SERVER)!;
    assert.equal(byId.get(paymentServer.parentSpanId!)?.service, 'orders');
  });

  it('puts the trace id of a span in every OTLP log record', () => {
    const spans = spansOf(receiver.received);
    const spanTraces = new Set(spans.map((s) => s.traceId));
    const logs = logsOf(receiver.received);
    assert.ok(logs.length > REQUESTS, `${logs.length} log records`);
    for (const log of logs) {
      assert.match(log.traceId ?? '', /^[0-9a-f]{32}$/);
      assert.ok(spanTraces.has(log.traceId!), `log "${log.body}" has a trace id no span has`);
    }
    assert.ok(logs.some((l) => l.severityText === 'ERROR' && l.body.startsWith('payment declined')));
  });

  it('injects payment declines at the configured rate', () => {
    const charges = spansOf(receiver.received).filter((s) => s.service === 'payments' && s.kind === SPAN_KIND_SERVER);
    const declined = charges.filter((s) => s.statusCode === STATUS_ERROR).length / charges.length;
    // Binomial tolerance: four standard deviations around the configured rate.
    const sd = Math.sqrt((RATES.declineRate * (1 - RATES.declineRate)) / charges.length);
    assert.ok(Math.abs(declined - RATES.declineRate) < 4 * sd, `declined ${declined} of ${charges.length}`);
    assert.equal(statuses.filter((s) => s === 402).length, charges.filter((s) => s.statusCode === STATUS_ERROR).length);
  });

  it('fails a declined charge in payments only: orders answers 402 with its server span status unset', () => {
    const server = spansOf(receiver.received).filter((s) => s.kind === SPAN_KIND_SERVER);
    const declinedTraces = new Set(
      server.filter((s) => s.service === 'payments' && s.statusCode === STATUS_ERROR).map((s) => s.traceId)
    );
    assert.ok(declinedTraces.size > 0);
    // OpenTelemetry HTTP semantic conventions v1.45.0 (docs/http/http-spans.md, Status): a SERVER span
    // leaves its status unset for a 4xx.
    for (const s of server.filter((s) => declinedTraces.has(s.traceId) && s.service !== 'payments')) {
      assert.notEqual(s.statusCode, STATUS_ERROR, `${s.service} failed on a declined payment`);
    }
  });

  it('pushes valid Loki payloads whose JSON lines carry the span’s trace id', () => {
    const pushes = receiver.received.filter((r) => r.path === '/loki/api/v1/push');
    const spans = spansOf(receiver.received).filter((s) => s.service === 'inventory' && s.kind === SPAN_KIND_SERVER);
    const inventoryTraces = new Set(spans.map((s) => s.traceId));
    const lines = pushes.flatMap((p) =>
      (p.body as LokiPushPayload).streams.flatMap((s) => s.values.map((v) => ({ stream: s.stream, v })))
    );
    assert.equal(lines.length, spans.length);
    for (const { stream, v } of lines) {
      assert.equal(stream.service_name, 'inventory');
      assert.match(v[0], /^\d{19}$/);
      const json = JSON.parse(v[1]);
      assert.ok(inventoryTraces.has(json.traceId));
      assert.ok(['info', 'error'].includes(json.level));
    }
  });

  it('uses the documented defaults', () => {
    assert.equal(DEFAULTS.otlpEndpoint, 'http://otel-collector:4318');
  });
});
