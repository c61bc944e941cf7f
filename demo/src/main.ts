/**
 * Entry point of the demo image: `node src/main.ts <service>` runs one shop service (gateway,
 * orders, payments, inventory) on PORT, or the load generator (loadgen).
 */
import { deployedTelemetry, loadBadDeploy, withBadDeploy } from './badDeploy.ts';
import { loadConfig, ratesAt, seededRandom } from './config.ts';
import { serve } from './http.ts';
import { runLoad } from './loadgen.ts';
import { createLokiPusher } from './lokiPush.ts';
import { gatewayHandler, inventoryHandler, ordersHandler, paymentsHandler, type ShopDeps } from './shop.ts';

const SERVICES = ['gateway', 'orders', 'payments', 'inventory', 'loadgen'] as const;
type Service = (typeof SERVICES)[number];

const service = process.argv[2] as Service;
if (!SERVICES.includes(service)) {
  console.error(`Usage: node src/main.ts <${SERVICES.join('|')}>; got ${JSON.stringify(process.argv[2])}.`);
  process.exit(2);
}

const config = loadConfig();
const port = Number(process.env.PORT ?? 8080);
const peer = (name: string, fallback: string) => process.env[`${name.toUpperCase()}_URL`] ?? fallback;

if (service === 'loadgen') {
  runLoad(peer('gateway', 'http://gateway:8080'), config.requestsPerSecond, seededRandom(config.seed));
} else {
  const badDeploy = loadBadDeploy();
  const telemetry = deployedTelemetry(service, config.otlpEndpoint, badDeploy);
  const deps: ShopDeps = {
    telemetry,
    rates: () => ratesAt(config, Date.now()),
    random: seededRandom(config.seed + service.length),
    logTraceContext: config.logTraceContext,
  };
  const handler =
    service === 'gateway'
      ? gatewayHandler(deps, { orders: peer('orders', 'http://orders:8080') })
      : service === 'orders'
        ? ordersHandler(deps, {
            inventory: peer('inventory', 'http://inventory:8080'),
            payments: peer('payments', 'http://payments:8080'),
          })
        : service === 'payments'
          ? paymentsHandler(deps)
          : inventoryHandler(deps, createLokiPusher(config.lokiPushUrl, 'inventory').log);
  serve(service, telemetry, withBadDeploy(service, handler, badDeploy, seededRandom(config.seed + 97)), {
    logTraceContext: config.logTraceContext,
  }).listen(port, () => console.log(`${service} listening on :${port}`));
  const stop = () => telemetry.shutdown().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
