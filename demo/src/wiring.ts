import { withBadDeploy, type BadDeployConfig } from './badDeploy.ts';
import { ratesAt, seededRandom, type DemoConfig } from './config.ts';
import type { Handler, Transport } from './http.ts';
import type { LokiPushEntry } from './lokiPush.ts';
import { gatewayHandler, inventoryHandler, ordersHandler, paymentsHandler, type ShopDeps } from './shop.ts';
import type { Telemetry } from './telemetry.ts';

/**
 * How each shop service is put together: its seeds, fault rates, peers and bad deploy. main.ts runs
 * it behind HTTP in the stack, the simulator (sim/) on its in-memory network, so both run the same shop.
 */
export const SHOP_SERVICES = ['gateway', 'orders', 'payments', 'inventory'] as const;
export type ShopService = (typeof SHOP_SERVICES)[number];

export interface Wiring {
  config: DemoConfig;
  badDeploy: BadDeployConfig;
  telemetry: Telemetry;
  /** A peer's base URL, by service name. */
  peer: (name: ShopService) => string;
  /** Where inventory's Loki push entries go. */
  push: (entry: LokiPushEntry) => void;
  transport?: Transport;
  now?: () => number;
}

export function shopHandler(service: ShopService, w: Wiring): Handler {
  const now = w.now ?? Date.now;
  const deps: ShopDeps = {
    telemetry: w.telemetry,
    rates: () => ratesAt(w.config, now()),
    random: seededRandom(w.config.seed + service.length),
    logTraceContext: w.config.logTraceContext,
    transport: w.transport,
  };
  const handler =
    service === 'gateway'
      ? gatewayHandler(deps, { orders: w.peer('orders') })
      : service === 'orders'
        ? ordersHandler(deps, { inventory: w.peer('inventory'), payments: w.peer('payments') })
        : service === 'payments'
          ? paymentsHandler(deps)
          : inventoryHandler(deps, w.push);
  return withBadDeploy(service, handler, w.badDeploy, seededRandom(w.config.seed + 97), now);
}
