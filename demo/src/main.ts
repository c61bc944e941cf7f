/**
 * Entry point of the demo image: `node src/main.ts <service>` runs one shop service (gateway,
 * orders, payments, inventory) on PORT, or the load generator (loadgen).
 */
import { deployedTelemetry, loadBadDeploy } from './badDeploy.ts';
import { loadConfig, seededRandom } from './config.ts';
import { serve } from './http.ts';
import { runLoad } from './loadgen.ts';
import { createLokiPusher } from './lokiPush.ts';
import { shopHandler, SHOP_SERVICES } from './wiring.ts';

const SERVICES = [...SHOP_SERVICES, 'loadgen'] as const;
type Service = (typeof SERVICES)[number];

const service = process.argv[2] as Service;
if (!SERVICES.includes(service)) {
  console.error(`Usage: node src/main.ts <${SERVICES.join('|')}>; got ${JSON.stringify(process.argv[2])}.`);
  process.exit(2);
}

const config = loadConfig();
const port = Number(process.env.PORT ?? 8080);
const peer = (name: string) => process.env[`${name.toUpperCase()}_URL`] ?? `http://${name}:8080`;

if (service === 'loadgen') {
  runLoad(peer('gateway'), config.requestsPerSecond, seededRandom(config.seed));
} else {
  const badDeploy = loadBadDeploy();
  const telemetry = deployedTelemetry(service, config.otlpEndpoint, badDeploy);
  const handler = shopHandler(service, {
    config,
    badDeploy,
    telemetry,
    peer,
    // Only inventory pushes to Loki; the others must not start a pusher's timer.
    push: service === 'inventory' ? createLokiPusher(config.lokiPushUrl, 'inventory').log : () => undefined,
  });
  serve(service, telemetry, handler, { logTraceContext: config.logTraceContext }).listen(port, () =>
    console.log(`${service} listening on :${port}`)
  );
  const stop = () => telemetry.shutdown().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
