import { SERVICE_GRAPH_METRICS } from '../serviceGraph';

/**
 * Known service-graph traffic, written as OpenMetrics for `promtool tsdb create-blocks-from openmetrics`,
 * with the labels Tempo's metrics-generator writes (client, server, connection_type, and the stack's
 * `http.route` dimension as `http_route`) and its default buckets (0.1 s doubling to 12.8 s). Counters
 * grow linearly, so every rate is exact. Every edge's traffic is split over two routes, so only a sum
 * by edge gives the figures below.
 */

export const GRAPH_BUCKETS_S = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8];

interface EdgeTraffic {
  client: string;
  server: string;
  connectionType?: string;
  perS: number;
  failedPerS: number;
  /** The bucket (upper bound, seconds) every observation of that side falls in; 0 = Tempo saw no span there. */
  serverIn: number;
  clientIn: number;
}

/** What the queries must find, per edge `client→server`. */
export const EDGES: Record<string, { rate: number; errors: number; p95: number }> = {
  // p95 in (0.1, 0.2]: 0.1 + 0.95 × 0.1
  'user→gateway': { rate: 10, errors: 0, p95: 0.195 },
  'gateway→orders': { rate: 10, errors: 0.1, p95: 0.39 },
  'orders→inventory': { rate: 10, errors: 0, p95: 0.195 },
  'orders→payments': { rate: 8, errors: 0.25, p95: 0.39 },
  'orders→orders': { rate: 1, errors: 0, p95: 0.095 },
  // A server Tempo never saw: the client's latency, (0.8, 1.6] → 0.8 + 0.95 × 0.8.
  'payments→stripe': { rate: 8, errors: 0.5, p95: 1.56 },
};

const TRAFFIC: EdgeTraffic[] = [
  // A request from outside: Tempo names the client `user` and measures only the server.
  {
    client: 'user',
    server: 'gateway',
    connectionType: 'virtual_node',
    perS: 10,
    failedPerS: 0,
    serverIn: 0.2,
    clientIn: 0,
  },
  { client: 'gateway', server: 'orders', perS: 10, failedPerS: 1, serverIn: 0.4, clientIn: 0.8 },
  { client: 'orders', server: 'inventory', perS: 10, failedPerS: 0, serverIn: 0.2, clientIn: 0.4 },
  { client: 'orders', server: 'payments', perS: 8, failedPerS: 2, serverIn: 0.4, clientIn: 0.8 },
  { client: 'orders', server: 'orders', perS: 1, failedPerS: 0, serverIn: 0.1, clientIn: 0.1 },
  {
    client: 'payments',
    server: 'stripe',
    connectionType: 'virtual_node',
    perS: 8,
    failedPerS: 4,
    serverIn: 0,
    clientIn: 1.6,
  },
  // Not a neighbour of orders.
  {
    client: 'inventory',
    server: 'postgres',
    connectionType: 'database',
    perS: 5,
    failedPerS: 0,
    serverIn: 0.1,
    clientIn: 0.1,
  },
];

const ROUTES = ['/a', '/b'];

function labelText(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}

/** OpenMetrics text with samples every `stepS` seconds from `startS` for `durationS` seconds. */
export function serviceGraphOpenMetrics(startS: number, durationS: number, stepS: number): string {
  const lines: string[] = [];
  const emit = (name: string, labels: Record<string, string>, perS: number) => {
    for (let t = 0; t <= durationS; t += stepS) {
      lines.push(`${name}${labelText(labels)} ${perS * t} ${startS + t}`);
    }
  };
  const counter = (metric: string, field: 'perS' | 'failedPerS') => {
    lines.push(`# TYPE ${metric.replace(/_total$/, '')} counter`);
    for (const e of TRAFFIC) {
      for (const route of ROUTES) {
        const labels = {
          client: e.client,
          server: e.server,
          connection_type: e.connectionType ?? '',
          http_route: route,
        };
        emit(metric, labels, e[field] / ROUTES.length);
      }
    }
  };
  counter(SERVICE_GRAPH_METRICS.requests, 'perS');
  counter(SERVICE_GRAPH_METRICS.failed, 'failedPerS');
  for (const [histogram, side] of [
    [SERVICE_GRAPH_METRICS.serverSeconds, 'serverIn'],
    [SERVICE_GRAPH_METRICS.clientSeconds, 'clientIn'],
  ] as const) {
    lines.push(`# TYPE ${histogram} histogram`);
    for (const e of TRAFFIC) {
      for (const route of ROUTES) {
        const base = { client: e.client, server: e.server, connection_type: e.connectionType ?? '', http_route: route };
        const perS = e.perS / ROUTES.length;
        // 0 s (a side without a span) falls in the first bucket and adds nothing to the sum.
        const bound = e[side] === 0 ? GRAPH_BUCKETS_S[0] : e[side];
        for (const le of GRAPH_BUCKETS_S) {
          emit(`${histogram}_bucket`, { ...base, le: String(le) }, le >= bound ? perS : 0);
        }
        emit(`${histogram}_bucket`, { ...base, le: '+Inf' }, perS);
        // Every observation at the middle of its bucket; 0 for the side Tempo had no span of.
        emit(`${histogram}_sum`, base, e[side] === 0 ? 0 : perS * e[side] * 0.75);
        emit(`${histogram}_count`, base, perS);
      }
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}
