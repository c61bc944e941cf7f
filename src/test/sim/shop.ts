/**
 * The simulated shop: services, their routes and calls, how long their own work takes and what they
 * log, after the demo shop (demo/src/shop.ts, demo/src/http.ts): a server span per request, a client
 * span per call, a caller that fails with its own status and message when a callee fails, and ERROR
 * lines in the demo's shapes. Test code.
 */

export interface HttpCall {
  to: string;
  method: string;
  route: string;
  /** Share of the caller's requests that make this call. */
  p: number;
  /** How long the caller waits (demo: callTimeoutMs, 1 s). */
  timeoutMs: number;
}

export interface DbCall {
  /** db.statement as the client library records it, with its literals (`?` becomes a number). */
  statement: string;
  table: string;
  p: number;
  medianMs: number;
  sigma: number;
}

export interface RouteSpec {
  method: string;
  route: string;
  weight: number;
  calls: Array<HttpCall | DbCall>;
}

export interface ServiceSpec {
  name: string;
  version: string;
  pods: number;
  /** The service's own work per request: lognormal, plus a Pareto tail on a share of requests. */
  work: { medianMs: number; sigma: number; tailP: number; tailMinMs: number; tailAlpha: number };
  /** Share of requests failing with a 500 of its own (a bug that was always there). */
  errorRate: number;
  /** What it logs then (a Loki pattern: `<_>` where the line varies). */
  errorPattern: string;
  /** Requests refused as the caller's fault (4xx, span status unset, an ERROR line as the demo logs a decline). */
  declines?: { rate: number; status: number; pattern: string };
  /** An INFO line per successful request, when it logs one. */
  infoPattern?: string;
  routes: RouteSpec[];
}

export interface Shop {
  /** Requests per second arriving at `entry` at the start of the simulated range. */
  entryRate: number;
  entry: string;
  services: ServiceSpec[];
  /** How long the database lets a statement run (postgres statement_timeout). */
  dbTimeoutMs: number;
}

export const isDbCall = (c: HttpCall | DbCall): c is DbCall => 'statement' in c;

export const DB = { system: 'postgresql', address: 'postgres.shop.svc', name: 'shop' };

const svc = (s: Partial<ServiceSpec> & Pick<ServiceSpec, 'name' | 'routes'>): ServiceSpec => ({
  version: '1.0.0',
  pods: 3,
  work: { medianMs: 8, sigma: 0.5, tailP: 0.02, tailMinMs: 40, tailAlpha: 1.6 },
  errorRate: 0.005,
  errorPattern: `${s.name} failed: Error: internal error <_>`,
  ...s,
});

/**
 * frontend -> checkout -> {inventory, payments, shipping (low traffic)}; frontend -> catalog;
 * catalog, checkout and inventory -> postgres (client spans only: the database sends no spans).
 */
export function defaultShop(): Shop {
  const http = (to: string, method: string, route: string, p = 1, timeoutMs = 1000): HttpCall => ({
    to,
    method,
    route,
    p,
    timeoutMs,
  });
  return {
    entry: 'frontend',
    entryRate: 2,
    dbTimeoutMs: 2000,
    services: [
      svc({
        name: 'frontend',
        version: '3.2.0',
        work: { medianMs: 3, sigma: 0.4, tailP: 0.01, tailMinMs: 20, tailAlpha: 2 },
        errorRate: 0.0005,
        routes: [
          { method: 'POST', route: '/checkout', weight: 0.5, calls: [http('checkout', 'POST', '/orders', 1, 3000)] },
          { method: 'GET', route: '/products/{id}', weight: 0.5, calls: [http('catalog', 'GET', '/products/{id}')] },
        ],
      }),
      svc({
        name: 'catalog',
        version: '1.8.4',
        infoPattern: 'served product <_>',
        routes: [
          {
            method: 'GET',
            route: '/products/{id}',
            weight: 1,
            calls: [
              {
                statement: 'SELECT id, name, price FROM products WHERE id = ?',
                table: 'products',
                p: 1,
                medianMs: 4,
                sigma: 0.4,
              },
            ],
          },
        ],
      }),
      svc({
        name: 'checkout',
        version: '2.4.1',
        infoPattern: 'order <_> placed',
        routes: [
          {
            method: 'POST',
            route: '/orders',
            weight: 1,
            calls: [
              http('inventory', 'POST', '/reserve'),
              http('payments', 'POST', '/charge'),
              http('shipping', 'POST', '/quote', 0.15),
              {
                statement: 'INSERT INTO orders (id, total) VALUES (?, ?)',
                table: 'orders',
                p: 1,
                medianMs: 3,
                sigma: 0.4,
              },
            ],
          },
        ],
      }),
      svc({
        name: 'inventory',
        version: '1.3.0',
        infoPattern: 'reserved items for order <_>',
        routes: [
          {
            method: 'POST',
            route: '/reserve',
            weight: 1,
            calls: [
              {
                statement: 'UPDATE stock SET reserved = reserved + ? WHERE sku = ?',
                table: 'stock',
                p: 1,
                medianMs: 5,
                sigma: 0.5,
              },
            ],
          },
        ],
      }),
      svc({
        name: 'payments',
        version: '1.0.0',
        work: { medianMs: 30, sigma: 0.45, tailP: 0.05, tailMinMs: 200, tailAlpha: 1.8 },
        declines: { rate: 0.04, status: 402, pattern: 'payment declined: insufficient funds for order <_>' },
        infoPattern: 'charged order <_>',
        routes: [{ method: 'POST', route: '/charge', weight: 1, calls: [] }],
      }),
      svc({
        name: 'shipping',
        version: '0.9.2',
        work: { medianMs: 15, sigma: 0.4, tailP: 0.02, tailMinMs: 80, tailAlpha: 2 },
        infoPattern: 'quoted shipping for order <_>',
        routes: [{ method: 'POST', route: '/quote', weight: 1, calls: [] }],
      }),
    ],
  };
}

/** A pod name as Kubernetes writes one for a Deployment: the template's hash changes with the version. */
export function podName(service: string, version: string, i: number): string {
  const key = `${service}@${version}#${i}`;
  let name = podNames.get(key);
  if (name === undefined) {
    let h = 2166136261;
    const text = `${service}@${version}`;
    for (let c = 0; c < text.length; c++) {
      h = Math.imul(h ^ text.charCodeAt(c), 16777619) >>> 0;
    }
    const hash = h.toString(36).slice(0, 8).padStart(8, 'x');
    name = `${service}-${hash}-${'bcdfg'[i % 5]}${'hjklm'[Math.floor(i / 5) % 5]}${i}`;
    podNames.set(key, name);
  }
  return name;
}

const podNames = new Map<string, string>();

/** The address a service is called at (server.address on the caller's client span), and its pod IP for refusals. */
export const serviceAddress = (service: string) => `${service}.shop.svc`;
