/**
 * The demo shop as the component tests see it: derived from what the demo's own code emits
 * (generated/demo.json, written by `npm run demo:snapshot`: the shop's handlers run with the real
 * OpenTelemetry SDK on a simulated clock, demo/src/simulate.ts). demo/__tests__/snapshot.test.ts fails
 * when the file drifts from the demo. Only the harness-only fixtures below are written by hand, each
 * with the reason the demo cannot produce it. Times are relative to the moment the harness starts:
 * the snapshot's window ends then.
 */
import snapshot from './generated/demo.json';

export type DemoService = 'gateway' | 'inventory' | 'orders' | 'payments';

interface SnapshotSpan {
  spanId: string;
  parentSpanId?: string;
  service: string;
  version: string;
  name: string;
  kind: string;
  startMs: number;
  durationMs: number;
  error: boolean;
  statusMessage?: string;
  attributes: Record<string, string | number | boolean>;
}

/** The generated snapshot, typed (demo/src/sim/snapshot.ts DemoSnapshot). */
export const DEMO_SNAPSHOT = snapshot as unknown as {
  window: { fromMs: number; toMs: number };
  services: DemoService[];
  red: Record<
    DemoService,
    { requests: number; failed: number; rate: number; errorFraction: number; p95Seconds: number }
  >;
  edges: Array<{ client: string; server: string; requests: number; failed: number }>;
  traceKinds: Record<string, number>;
  traces: Array<{ traceId: string; kind: string; spans: SnapshotSpan[] }>;
  lines: Array<{
    timeMs: number;
    line: string;
    labels: Record<string, string>;
    structuredMetadata: Record<string, string>;
  }>;
};

export const DEMO_SERVICES = [...DEMO_SNAPSHOT.services].sort() as readonly DemoService[];

/** How long before the end of the demo's window `timeMs` is (the harness's `now` stands at that end). */
export const msAgo = (timeMs: number) => DEMO_SNAPSHOT.window.toMs - timeMs;

const ofKind = (kind: string) => DEMO_SNAPSHOT.traces.filter((t) => t.kind === kind).map((t) => t.traceId);
const [declined, declinedEarlier, declinedEarliest] = ofKind('declined');

export const DEMO_TRACES = {
  /** Declined payments, newest first: gateway → orders → payments; payments' span fails (402). */
  declined,
  declinedEarlier,
  declinedEarliest,
  /** A stock lock: inventory hangs, orders' call times out (504), gateway answers 502. */
  stockLock: ofKind('stockLock')[0],
  /** orders' upstream answered 503. */
  upstream: ofKind('upstream')[0],
  /** The bad deploy: payments 1.1.0 throws a TypeError (500). */
  badDeploy: ofKind('badDeploy')[0],
  /** A checkout that worked. */
  ok: ofKind('ok')[0],
  // Harness-only fixtures, kept because the demo cannot produce them:
  /** In a log line, but Tempo does not have it: the demo's Tempo keeps every trace (no sampling). */
  missing: 'deadbeefdeadbeefdeadbeefdeadbeef',
  /** A fatal line with a trace: the demo logs only info and error. */
  outOfMemory: '7cf92f3577b34da6a3ce929d0e0e4738',
  /** 20,000 spans, over Tempo's 5 MB max_bytes_per_trace (in no log line): demo traces have at most 7 spans. */
  oversized: '8df92f3577b34da6a3ce929d0e0e4739',
} as const;

/** The demo's traces Tempo has, by id (the harness-only ones are built in responder.ts). */
export const DEMO_TRACE_SPANS: Record<string, SnapshotSpan[]> = Object.fromEntries(
  DEMO_SNAPSHOT.traces.map((t) => [t.traceId, t.spans])
);

/** A log line as Loki stores it, `msAgo` before the harness's moment. */
export interface DemoLine {
  msAgo: number;
  line: string;
  labels: Record<string, string>;
  structuredMetadata: Record<string, string>;
}

/** A line as Loki stores one the harness adds by hand (a stand-in for a service that logs like this). */
const fixture = (
  minutesAgo: number,
  service: DemoService,
  level: string,
  line: string,
  traceId?: string
): DemoLine => ({
  msAgo: minutesAgo * 60_000,
  line,
  labels: { service_name: service },
  structuredMetadata: { detected_level: level, ...(traceId ? { trace_id: traceId } : {}) },
});

/**
 * Lines the demo cannot produce, each for a case a page must handle: the demo logs only info and error
 * levels, always with a trace id (LOG_TRACE_CONTEXT=off is the broken-on-purpose stack), and Tempo keeps
 * every trace it logs.
 */
export const HARNESS_ONLY_LINES: DemoLine[] = [
  fixture(5, 'inventory', 'warn', 'stock low for sku-12: 3 left'),
  fixture(6, 'gateway', 'error', 'upstream orders answered HTTP 502 (bad gateway) after 1500 ms'),
  fixture(9, 'orders', 'critical', 'order ord-1029 not placed: payment declined', DEMO_TRACES.missing),
  fixture(20, 'payments', 'fatal', 'payment worker out of memory', DEMO_TRACES.outOfMemory),
];

/** Every log line of the demo, newest first. Only error levels count as errors by default. */
export const DEMO_LINES: DemoLine[] = [
  ...DEMO_SNAPSHOT.lines.map(({ timeMs, ...l }) => ({ msAgo: msAgo(timeMs), ...l })),
  ...HARNESS_ONLY_LINES,
].sort((a, b) => a.msAgo - b.msAgo);

export const DEMO_ERROR_LEVELS = ['error', 'critical', 'fatal'];
export const isErrorLine = (l: DemoLine) => DEMO_ERROR_LEVELS.includes(l.structuredMetadata.detected_level);
export const serviceOf = (l: DemoLine) => l.labels.service_name as DemoService;
/** The error lines, newest first, of some services (all by default). */
export const demoErrorLines = (services: readonly string[] = DEMO_SERVICES) =>
  DEMO_LINES.filter((l) => isErrorLine(l) && services.includes(serviceOf(l)));
/** The line `service` logged for a trace (the first found, newest first). */
export const lineOf = (traceId: string, service: string) =>
  DEMO_LINES.find((l) => l.structuredMetadata.trace_id === traceId && serviceOf(l) === service);

/** The distinct trace ids of the error lines, and those Tempo has (all but the harness-only missing one). */
export function demoErrorTraceIds() {
  const ids = [...new Set(demoErrorLines().flatMap((l) => l.structuredMetadata.trace_id ?? []))];
  const found = ids.filter((id) => id in DEMO_TRACE_SPANS || id === DEMO_TRACES.outOfMemory);
  return { ids, found };
}

/**
 * RED figures per service (requests/s, error fraction, p95 in seconds), as Tempo's span metrics give
 * them over the demo's window: payments fails most (a decline fails payments' server span only, orders
 * answers 402 with its status unset; demo/__tests__/failsMost.test.ts).
 */
export const DEMO_RED = Object.fromEntries(
  DEMO_SERVICES.map((s) => {
    const r = DEMO_SNAPSHOT.red[s];
    return [s, { rate: r.rate, errors: r.errorFraction, duration: r.p95Seconds }];
  })
) as Record<DemoService, { rate: number; errors: number; duration: number }>;

/** The shop's calls as Tempo's service graph sees them: client, server (not the virtual "user" client). */
export const DEMO_EDGES = DEMO_SNAPSHOT.edges
  .filter((e) => e.client !== 'user')
  .map((e) => [e.client, e.server] as [client: DemoService, server: DemoService]);

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
  errorLevels: DEMO_ERROR_LEVELS,
  paddingMinutes: 15,
  maxLines: 1000,
};
