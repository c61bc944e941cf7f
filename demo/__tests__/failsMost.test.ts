import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request, type Server } from 'node:http';
import { DEFAULTS, ratesAt, seededRandom, type FaultRates } from '../src/config.ts';
import { serve } from '../src/http.ts';
import { gatewayHandler, inventoryHandler, ordersHandler, paymentsHandler, type ShopDeps } from '../src/shop.ts';
import { createTelemetry, type Telemetry } from '../src/telemetry.ts';
import { listen, spansOf, startReceiver, stopDemo } from './otlpReceiver.ts';

/**
 * Which service fails most, as the demo's own handlers make it (real OpenTelemetry SDK, OTLP/HTTP to a
 * receiver on loopback), against the harness's figures (browser/harness/demo/facts.ts DEMO_RED) and the
 * e2e specs (tests/alerts.spec.ts expects payments first). The Services page ranks by the mean error
 * fraction of SERVER spans (src/shared/serviceRows.ts), so that is what is compared here.
 */

// Loaded at run time: facts.ts sits outside the demo package (a CommonJS scope for the demo's tsc).
const FACTS = new URL('../../browser/harness/demo/facts.ts', import.meta.url).href;
type Service = 'gateway' | 'orders' | 'payments' | 'inventory';
const { DEMO_RED } = (await import(FACTS)) as { DEMO_RED: Record<Service, { errors: number }> };

const ORDERS = 500;
const SPAN_KIND_SERVER = 2;
const STATUS_ERROR = 2;
const SERVICES = Object.keys(DEMO_RED) as Service[];

function checkout(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/checkout`, { method: 'POST', agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end('{"items":1}');
  });
}

/** Server-span error fraction and span count per service, after ORDERS checkouts at these fault rates. */
async function runShop(rates: FaultRates): Promise<Record<Service, { errors: number; n: number }>> {
  const receiver = await startReceiver();
  const telemetries: Telemetry[] = [];
  const servers: Server[] = [];
  try {
    const start = async (name: Service, make: (d: ShopDeps) => Parameters<typeof serve>[2]) => {
      const telemetry = createTelemetry(name, receiver.url, 60_000);
      telemetries.push(telemetry);
      // Seeds as main.ts derives them (config.seed + service.length); short hangs so a timeout is quick.
      const deps: ShopDeps = {
        telemetry,
        rates: () => rates,
        random: seededRandom(DEFAULTS.seed + name.length),
        hangMs: 60,
        callTimeoutMs: 30,
        spikeMs: 1,
      };
      const server = serve(name, telemetry, make(deps));
      servers.push(server);
      return listen(server);
    };
    const payments = await start('payments', (d) => paymentsHandler(d));
    const inventory = await start('inventory', (d) => inventoryHandler(d, () => undefined));
    const orders = await start('orders', (d) => ordersHandler(d, { inventory, payments }));
    const gateway = await start('gateway', (d) => gatewayHandler(d, { orders }));
    for (let i = 0; i < ORDERS; i++) {
      await checkout(gateway);
    }
    // Let the hung inventory calls (hangMs) end their spans.
    await new Promise((r) => setTimeout(r, 150));
    await Promise.all(telemetries.map((t) => t.flush()));
    const spans = spansOf(receiver.received).filter((s) => s.kind === SPAN_KIND_SERVER);
    return Object.fromEntries(
      SERVICES.map((svc) => {
        const all = spans.filter((s) => s.service === svc);
        return [svc, { errors: all.filter((s) => s.statusCode === STATUS_ERROR).length / all.length, n: all.length }];
      })
    ) as Record<Service, { errors: number; n: number }>;
  } finally {
    await stopDemo({
      pusher: { flush: async () => {}, stop: async () => {} } as never,
      telemetries,
      servers,
      receiver,
    });
  }
}

const ranked = (fractions: Record<Service, number>) => [...SERVICES].sort((a, b) => fractions[b] - fractions[a]);

const SCENARIOS: Array<[string, FaultRates]> = [
  ['the default fault rates', { ...DEFAULTS.faults, slowRate: 0 }],
  // An error burst of config.ts (incidentFactor times every rate), at its first second.
  ['an error burst', { ...ratesAt(DEFAULTS, 0), slowRate: 0 }],
];

for (const [name, rates] of SCENARIOS) {
  describe(`which service fails most, at ${name}`, () => {
    let demo: Record<Service, { errors: number; n: number }>;
    before(async () => {
      demo = await runShop(rates);
    });
    it('is payments in the demo, and in the harness', (t) => {
      const fractions = Object.fromEntries(SERVICES.map((s) => [s, demo[s].errors])) as Record<Service, number>;
      const harness = Object.fromEntries(SERVICES.map((s) => [s, DEMO_RED[s].errors])) as Record<Service, number>;
      const summary = SERVICES.map((s) => `${s} ${(100 * demo[s].errors).toFixed(1)}% of ${demo[s].n}`).join(', ');
      t.diagnostic(`demo: ${summary}`);
      assert.equal(ranked(fractions)[0], 'payments', `demo: ${summary}`);
      assert.equal(
        ranked(harness)[0],
        ranked(fractions)[0],
        `harness DEMO_RED ranks ${ranked(harness)}; demo: ${summary}`
      );
    });

    it('ranks every clearly different pair of services the same way in the harness', () => {
      // Clearly different: more than four standard errors apart (binomial), so the seed cannot flip it.
      const se = (s: Service) => Math.sqrt((demo[s].errors * (1 - demo[s].errors)) / demo[s].n);
      for (const a of SERVICES) {
        for (const b of SERVICES) {
          const gap = demo[a].errors - demo[b].errors;
          if (gap > 4 * Math.hypot(se(a), se(b))) {
            assert.ok(
              DEMO_RED[a].errors > DEMO_RED[b].errors,
              `the demo fails ${a} (${(100 * demo[a].errors).toFixed(1)}%) more than ${b} (${(100 * demo[b].errors).toFixed(1)}%); DEMO_RED says otherwise`
            );
          }
        }
      }
    });
  });
}
