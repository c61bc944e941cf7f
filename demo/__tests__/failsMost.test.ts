import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { DEFAULTS, ratesAt, seededRandom, type FaultRates } from '../src/config.ts';
import { serve } from '../src/http.ts';
import { gatewayHandler, inventoryHandler, ordersHandler, paymentsHandler, type ShopDeps } from '../src/shop.ts';
import { createTelemetry, type Telemetry } from '../src/telemetry.ts';
import { listen, spansOf, startReceiver, stopDemo } from './otlpReceiver.ts';

/**
 * Which service fails most, as the demo's own handlers make it (real OpenTelemetry SDK, OTLP/HTTP to a
 * receiver on loopback), against the harness's figures (the snapshot browser/harness/demo/facts.ts reads) and the
 * e2e specs. At fixed fault rates payments fails most; with the bad deploy running, orders (failing on every
 * payments 5xx and timeout) comes close: tests/support/demoFacts.ts MAY_FAIL_MOST. Both of Correlate's rankings of SERVER spans are
 * compared: failed requests per second, the Services page's (src/queries/promql.ts overviewOrder; here the
 * failed spans of one window, as every service sees the same one), and the error fraction (serviceRows.ts).
 */

// The harness's figures come from the generated snapshot (browser/harness/demo/facts.ts DEMO_RED maps its `red`).
const SNAPSHOT = new URL('../../browser/harness/demo/generated/demo.json', import.meta.url);
type Service = 'gateway' | 'orders' | 'payments' | 'inventory';
const { red } = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as {
  red: Record<Service, { rate: number; errorFraction: number }>;
};
const DEMO_RED = Object.fromEntries(
  Object.entries(red).map(([s, r]) => [s, { rate: r.rate, errors: r.errorFraction }])
) as Record<Service, { rate: number; errors: number }>;

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
        // A call timeout far above a loaded machine's latency (at 30 ms, 1-2% of orders' calls to payments
        // timed out with 8 processes on 2 cores, and orders passed payments); a hang well past it.
        hangMs: 150,
        callTimeoutMs: 100,
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
    await new Promise((r) => setTimeout(r, 250));
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

type Figures = Record<Service, number>;
const ranked = (figures: Figures) => [...SERVICES].sort((a, b) => figures[b] - figures[a]);
const figuresOf = (f: (s: Service) => number) => Object.fromEntries(SERVICES.map((s) => [s, f(s)])) as Figures;

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
    // [what is ranked, the demo's figure and its standard error (binomial), the harness's figure]
    const rankings = (): Array<[string, Figures, Figures, Figures]> => {
      const p = (s: Service) => demo[s].errors;
      return [
        [
          'failed requests per second',
          figuresOf((s) => p(s) * demo[s].n),
          figuresOf((s) => Math.sqrt(demo[s].n * p(s) * (1 - p(s)))),
          figuresOf((s) => DEMO_RED[s].rate * DEMO_RED[s].errors),
        ],
        [
          'error fraction',
          figuresOf(p),
          figuresOf((s) => Math.sqrt((p(s) * (1 - p(s))) / demo[s].n)),
          figuresOf((s) => DEMO_RED[s].errors),
        ],
      ];
    };

    it('is payments in the demo, and in the harness, by failed requests and by error fraction', (t) => {
      const summary = SERVICES.map((s) => `${s} ${(100 * demo[s].errors).toFixed(1)}% of ${demo[s].n}`).join(', ');
      t.diagnostic(`demo: ${summary}`);
      for (const [what, shop, , harness] of rankings()) {
        assert.equal(ranked(shop)[0], 'payments', `by ${what}, demo: ${summary}`);
        assert.equal(ranked(harness)[0], 'payments', `by ${what}, harness DEMO_RED ranks ${ranked(harness)}`);
      }
    });

    it('ranks every clearly different pair of services the same way in the harness', () => {
      for (const [what, shop, se, harness] of rankings()) {
        for (const a of SERVICES) {
          for (const b of SERVICES) {
            // Clearly different: more than four standard errors apart, so the seed cannot flip it.
            if (shop[a] - shop[b] > 4 * Math.hypot(se[a], se[b])) {
              assert.ok(
                harness[a] > harness[b],
                `by ${what} the demo ranks ${a} (${shop[a].toFixed(3)}) above ${b} (${shop[b].toFixed(3)}); DEMO_RED does not`
              );
            }
          }
        }
      }
    });
  });
}
