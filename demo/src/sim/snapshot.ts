import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { BadDeployConfig } from '../badDeploy.ts';
import type { DemoConfig } from '../config.ts';
import { SHOP_SERVICES } from '../wiring.ts';
import { otlpLine, pushedLine, type StoredLine } from './loki.ts';
import type { SimRun } from './run.ts';

/**
 * What the simulated window leaves in the stack's backends, in their terms: Tempo's traces (a few of
 * each kind the demo produces, newest first), the lines Loki stores for them, and per service the RED
 * figures Tempo's span metrics give over the whole window, with the service graph's edges.
 */
export interface SnapshotSpan {
  spanId: string;
  parentSpanId?: string;
  service: string;
  version: string;
  name: string;
  kind: 'server' | 'client' | 'internal';
  startMs: number;
  durationMs: number;
  error: boolean;
  statusMessage?: string;
  attributes: Record<string, string | number | boolean>;
}

/** What a trace shows, from the first service that failed (or `ok`). */
export const TRACE_KINDS = ['declined', 'stockLock', 'upstream', 'badDeploy', 'ok'] as const;
export type TraceKind = (typeof TRACE_KINDS)[number] | 'other';

export interface SnapshotTrace {
  traceId: string;
  kind: TraceKind;
  spans: SnapshotSpan[];
}

export interface RedFigures {
  /** SERVER spans started in the window, and those with status ERROR. */
  requests: number;
  failed: number;
  /** Requests per second, error fraction, p95 in seconds, as Correlate's RED queries read them. */
  rate: number;
  errorFraction: number;
  p95Seconds: number;
}

/** The two services failing most (failed requests per second) and how clearly: the gap in standard errors. */
export interface Ranking {
  first: string;
  second: string;
  /** (failed₁ − failed₂) / √(failed₁ + failed₂): counts as Poisson, a conservative approximation. */
  z: number;
}

export function rankingOf(red: Record<string, RedFigures>): Ranking {
  const [first, second] = Object.entries(red).sort(([, a], [, b]) => b.failed - a.failed || b.requests - a.requests);
  return {
    first: first[0],
    second: second[0],
    z: round((first[1].failed - second[1].failed) / Math.sqrt(first[1].failed + second[1].failed)),
  };
}

export interface DemoSnapshot {
  about: string;
  window: { fromMs: number; toMs: number };
  config: { demo: DemoConfig; badDeploy: BadDeployConfig };
  services: string[];
  red: Record<string, RedFigures>;
  ranking: Ranking;
  edges: Array<{ client: string; server: string; requests: number; failed: number }>;
  /** Traces of each kind in the window (all of them, not only those kept). */
  traceKinds: Record<string, number>;
  traces: SnapshotTrace[];
  lines: StoredLine[];
}

/** How many traces of each kind the snapshot keeps (the newest): enough for the harness's pages. */
export const KEEP: Record<(typeof TRACE_KINDS)[number], number> = {
  declined: 3,
  stockLock: 1,
  upstream: 1,
  badDeploy: 1,
  ok: 1,
};

// grafana/tempo v2.10.8 modules/generator/processor/spanmetrics/config.go: HistogramBuckets default
// prometheus.ExponentialBuckets(0.002, 2, 14); latency in seconds (spanmetrics.go).
export const SPAN_METRICS_BUCKETS_S = Array.from({ length: 14 }, (_, i) => 0.002 * 2 ** i);

/**
 * Prometheus' histogram_quantile over classic buckets (prometheus/prometheus promql/quantile.go
 * bucketQuantile): linear within the bucket holding the rank, the first bucket starting at 0, the
 * +Inf bucket answered with the highest finite bound.
 */
export function histogramQuantile(q: number, boundsS: number[], valuesS: number[]): number {
  const total = valuesS.length;
  if (total === 0) {
    return NaN;
  }
  const cumulative = boundsS.map((b) => valuesS.filter((v) => v <= b).length);
  const rank = q * total;
  const i = cumulative.findIndex((c) => c >= rank);
  if (i === -1) {
    return boundsS[boundsS.length - 1];
  }
  const start = i === 0 ? 0 : boundsS[i - 1];
  const below = i === 0 ? 0 : cumulative[i - 1];
  const inBucket = cumulative[i] - below;
  return inBucket === 0 ? boundsS[i] : start + ((boundsS[i] - start) * (rank - below)) / inBucket;
}

const ms = ([s, ns]: [number, number]) => s * 1000 + ns / 1e6;
const KIND: Record<number, SnapshotSpan['kind']> = { 0: 'internal', 1: 'server', 2: 'client' };
const STATUS_ERROR = 2;

function toSpan(s: ReadableSpan): SnapshotSpan {
  const startMs = ms(s.startTime);
  return {
    spanId: s.spanContext().spanId,
    ...(s.parentSpanContext ? { parentSpanId: s.parentSpanContext.spanId } : {}),
    service: String(s.resource.attributes['service.name']),
    version: String(s.resource.attributes['service.version']),
    name: s.name,
    kind: KIND[s.kind] ?? 'internal',
    startMs,
    durationMs: ms(s.endTime) - startMs,
    error: s.status.code === STATUS_ERROR,
    ...(s.status.message ? { statusMessage: s.status.message } : {}),
    attributes: { ...(s.attributes as SnapshotSpan['attributes']) },
  };
}

function kindOf(spans: SnapshotSpan[]): TraceKind {
  const status = (service: string) =>
    spans.find((s) => s.kind === 'server' && s.service === service)?.attributes['http.response.status_code'];
  if (status('payments') === 500) {
    return 'badDeploy';
  }
  if (status('payments') === 402) {
    return 'declined';
  }
  if (status('inventory') === 503) {
    return 'stockLock';
  }
  if (spans.some((s) => s.service === 'orders' && s.statusMessage === 'upstream returned 503')) {
    return 'upstream';
  }
  return status('gateway') === 201 ? 'ok' : 'other';
}

export function buildSnapshot(
  run: SimRun,
  config: DemoConfig,
  badDeploy: BadDeployConfig,
  fromMs: number,
  toMs: number
): DemoSnapshot {
  const byTrace = new Map<string, SnapshotSpan[]>();
  for (const s of run.spans) {
    const id = s.spanContext().traceId;
    byTrace.set(id, [...(byTrace.get(id) ?? []), toSpan(s)]);
  }
  const traces = [...byTrace.entries()]
    .map(([traceId, spans]) => ({ traceId, spans: inStartOrder(spans) }))
    .filter((t) => t.spans[0].startMs >= fromMs && t.spans[0].startMs < toMs)
    .map((t) => ({ ...t, kind: kindOf(t.spans) }))
    .sort((a, b) => b.spans[0].startMs - a.spans[0].startMs);
  const spans = traces.flatMap((t) => t.spans);
  const seconds = (toMs - fromMs) / 1000;

  // Tempo's span metrics count SERVER spans per service (Correlate's RED queries: span_kind="SPAN_KIND_SERVER").
  const red: Record<string, RedFigures> = {};
  for (const service of SHOP_SERVICES) {
    const server = spans.filter((s) => s.kind === 'server' && s.service === service);
    const failed = server.filter((s) => s.error).length;
    const p95 = histogramQuantile(
      0.95,
      SPAN_METRICS_BUCKETS_S,
      server.map((s) => s.durationMs / 1000)
    );
    red[service] = {
      requests: server.length,
      failed,
      rate: round(server.length / seconds),
      errorFraction: round(failed / server.length),
      p95Seconds: round(p95),
    };
  }

  // Tempo's service graphs (servicegraphs.go): a CLIENT span and the SERVER span it called make an edge,
  // failed if either failed; a root SERVER span is called by the virtual node "user".
  const bySpanId = new Map(spans.map((s) => [s.spanId, s]));
  const edges = new Map<string, { client: string; server: string; requests: number; failed: number }>();
  for (const s of spans.filter((x) => x.kind === 'server')) {
    const parent = s.parentSpanId ? bySpanId.get(s.parentSpanId) : undefined;
    const client = parent?.kind === 'client' ? parent.service : parent ? undefined : 'user';
    if (!client) {
      continue;
    }
    const key = `${client}>${s.service}`;
    const edge = edges.get(key) ?? { client, server: s.service, requests: 0, failed: 0 };
    edge.requests++;
    edge.failed += s.error || parent?.error ? 1 : 0;
    edges.set(key, edge);
  }

  const traceKinds: Record<string, number> = {};
  for (const t of traces) {
    traceKinds[t.kind] = (traceKinds[t.kind] ?? 0) + 1;
  }
  const kept = TRACE_KINDS.flatMap((kind) => traces.filter((t) => t.kind === kind).slice(0, KEEP[kind]));
  const keptIds = new Set(kept.map((t) => t.traceId));
  const lines = [...run.logs.map(otlpLine), ...run.pushed.map(({ service, entry }) => pushedLine(service, entry))]
    .filter((l) => keptIds.has(l.structuredMetadata.trace_id))
    .sort((a, b) => b.timeMs - a.timeMs);

  return {
    about:
      'Generated by `npm run demo:snapshot` (demo/src/simulate.ts): the demo shop run with its defaults on a simulated clock. Do not edit; demo/__tests__/snapshot.test.ts fails when it drifts from the demo.',
    window: { fromMs, toMs },
    config: { demo: config, badDeploy },
    services: [...SHOP_SERVICES],
    red,
    ranking: rankingOf(red),
    edges: [...edges.values()].sort((a, b) => (a.client + a.server).localeCompare(b.client + b.server)),
    traceKinds,
    traces: kept.sort((a, b) => b.spans[0].startMs - a.spans[0].startMs),
    lines,
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** A trace's spans by start, a parent before the children that start with it (the SDK hands them over as they end). */
function inStartOrder(spans: SnapshotSpan[]): SnapshotSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const depth = (s: SnapshotSpan): number => {
    const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
    return parent ? 1 + depth(parent) : 0;
  };
  return spans.sort((a, b) => a.startMs - b.startMs || depth(a) - depth(b));
}
