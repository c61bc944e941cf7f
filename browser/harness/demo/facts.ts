/**
 * The demo shop as the component tests see it: the services, trace ids and error lines the data
 * source doubles answer with. Plain data (no imports), read by the harness and by the tests.
 * Times are minutes before the moment the harness starts.
 */
export const DEMO_SERVICES = ['gateway', 'inventory', 'orders', 'payments'] as const;

export const DEMO_TRACES = {
  /** A declined payment: gateway → orders → payments, failing first in payments. */
  declined: '4bf92f3577b34da6a3ce929d0e0e4736',
  declinedEarlier: '5af7651916cd43dd8448eb211c80319d',
  declinedEarliest: '6bf92f3577b34da6a3ce929d0e0e4737',
  /** A stock lock: gateway → orders → inventory, failing first in inventory (a JSON line with traceId). */
  stockLock: '0af7651916cd43dd8448eb211c80319c',
  /** In a log line, but Tempo does not have it (sampled out). */
  missing: 'deadbeefdeadbeefdeadbeefdeadbeef',
  /** Out of memory in payments. */
  outOfMemory: '7cf92f3577b34da6a3ce929d0e0e4738',
  /** 20,000 spans, over Tempo's 5 MB max_bytes_per_trace: Tempo returns it partial (in no log line). */
  oversized: '8df92f3577b34da6a3ce929d0e0e4739',
} as const;

export interface DemoLine {
  minutesAgo: number;
  service: (typeof DEMO_SERVICES)[number];
  level: string;
  line: string;
  /** trace_id structured metadata, as OTLP ingestion writes it. */
  traceId?: string;
}

const T = DEMO_TRACES;

/** Every log line of the demo, newest first. Only error levels count as errors by default. */
export const DEMO_LINES: DemoLine[] = [
  {
    minutesAgo: 1,
    service: 'payments',
    level: 'error',
    line: 'payment declined for order ord-1043: insufficient funds',
    traceId: T.declined,
  },
  {
    minutesAgo: 1.5,
    service: 'orders',
    level: 'error',
    line: 'order ord-1043 not placed: payment declined',
    traceId: T.declined,
  },
  { minutesAgo: 1.6, service: 'gateway', level: 'info', line: 'POST /checkout 502 in 118 ms', traceId: T.declined },
  {
    minutesAgo: 4,
    service: 'inventory',
    level: 'error',
    line: `{"level":"error","msg":"stock database lock wait for order ord-1040","traceId":"${T.stockLock}"}`,
  },
  { minutesAgo: 5, service: 'inventory', level: 'warn', line: 'stock low for sku-12: 3 left' },
  {
    minutesAgo: 6,
    service: 'gateway',
    level: 'error',
    line: 'upstream orders answered HTTP 502 (bad gateway) after 1500 ms',
  },
  {
    minutesAgo: 8,
    service: 'payments',
    level: 'error',
    line: 'payment declined for order ord-1031: insufficient funds',
    traceId: T.declinedEarlier,
  },
  {
    minutesAgo: 9,
    service: 'orders',
    level: 'critical',
    line: 'order ord-1029 not placed: payment declined',
    traceId: T.missing,
  },
  {
    minutesAgo: 12,
    service: 'payments',
    level: 'error',
    line: 'payment declined for order ord-1020: insufficient funds',
    traceId: T.declinedEarliest,
  },
  { minutesAgo: 20, service: 'payments', level: 'fatal', line: 'payment worker out of memory', traceId: T.outOfMemory },
];

/**
 * RED figures per service (requests/s, error fraction, p95 in seconds), as the span metrics give them.
 * Payments fails most, as in the demo: a decline fails payments' server span only (orders answers 402
 * with its status unset). demo/__tests__/failsMost.test.ts runs the demo's handlers and fails if this
 * ranking drifts from theirs.
 */
export const DEMO_RED: Record<(typeof DEMO_SERVICES)[number], { rate: number; errors: number; duration: number }> = {
  gateway: { rate: 5, errors: 0.04, duration: 0.24 },
  orders: { rate: 5, errors: 0.03, duration: 0.21 },
  payments: { rate: 4.8, errors: 0.125, duration: 0.09 },
  inventory: { rate: 4.9, errors: 0.02, duration: 1.4 },
};

/** The shop's calls as Tempo's service graph sees them: client, server. */
export const DEMO_EDGES: Array<[client: (typeof DEMO_SERVICES)[number], server: (typeof DEMO_SERVICES)[number]]> = [
  ['gateway', 'orders'],
  ['orders', 'inventory'],
  ['orders', 'payments'],
];

/** The demo's data sources, by uid. */
export const DEMO_DATA_SOURCES = {
  loki: 'demo-loki',
  lokiUnreachable: 'demo-loki-unreachable',
  tempo: 'demo-tempo',
  mimir: 'demo-mimir',
  /** Lists its metric names, then fails every query (a Mimir behind a failing query frontend). */
  mimirFailing: 'demo-mimir-failing',
  prometheusWithoutRed: 'demo-prometheus',
} as const;

/** Correlate's settings in the demo, as provisioning/plugins/app.yaml writes them (with these uids). */
export const DEMO_JSON_DATA = {
  lokiUid: DEMO_DATA_SOURCES.loki,
  tempoUid: DEMO_DATA_SOURCES.tempo,
  metricsUid: DEMO_DATA_SOURCES.mimir,
  redSource: 'auto',
  errorLevels: ['error', 'critical', 'fatal'],
  paddingMinutes: 15,
  maxLines: 1000,
};
