import type { DataFrame } from '@grafana/data';
import { lokiPatternsBody, type PatternLine } from '../mocks/lokiPatterns';
import { promQueryFrames } from '../mocks/promFrame';
import { compareFilterOf, compareSeries, tempoMetricsFrames, type CompareSpan } from '../mocks/tempoMetrics';
import type { Window } from '../../correlation/changes/windows';
import type { SimSpan, Simulation } from './simTypes';

/**
 * A simulated range as each data source answers What changed's requests, built by the existing
 * doubles of the upstream answers (src/test/mocks) from the simulation's spans, lines and edges.
 * Test code.
 */

const TEMPO_BACKEND_AFTER_MS = 30 * 60_000;

/**
 * The conditions of the spanset before `| compare(`, as What changed's builders write them
 * (src/queries/traceql.ts compareQuery): the services (`resource.service.name = "x"`, or an `||` of
 * them in parentheses) and `kind = server|client`. Anything else throws: the double never guesses.
 */
export function spansetFilter(query: string): (s: SimSpan) => boolean {
  const m = /^\s*\{(.*?)\}\s*\|\s*compare\(/.exec(query);
  if (!m) {
    throw new Error(`not a compare() query: ${query}`);
  }
  const tests: Array<(s: SimSpan) => boolean> = [];
  for (const raw of m[1]
    .split('&&')
    .map((c) => c.trim())
    .filter(Boolean)) {
    const kind = /^kind\s*=\s*(server|client)$/.exec(raw);
    if (kind) {
      tests.push((s) => s.kind === kind[1]);
      continue;
    }
    const names = raw
      .replace(/^\((.*)\)$/, '$1')
      .split('||')
      .map((c) => /^resource\.service\.name\s*=\s*"((?:[^"\\]|\\.)*)"$/.exec(c.trim()));
    if (names.every(Boolean)) {
      const set = new Set(names.map((n) => n![1].replace(/\\(.)/g, '$1')));
      tests.push((s) => set.has(s.service));
      continue;
    }
    throw new Error(`the simulated Tempo does not evaluate this condition: ${raw}`);
  }
  return (s) => tests.every((t) => t(s));
}

/**
 * A span as compare() sees it: every attribute with its scope (tempo v2.10.8 engine_metrics_compare.go
 * processAttribute groups by all of them but durations and ids), the intrinsics `status`, `kind`,
 * `name`, `statusMessage` by their own names.
 */
export function compareSpanOf(s: SimSpan): CompareSpan {
  const known = compareSpans.get(s);
  if (known) {
    return known;
  }
  const attributes: CompareSpan['attributes'] = {
    'resource.service.name': s.service,
    'resource.service.version': s.version,
    'resource.k8s.pod.name': s.pod,
    status: s.failed ? 'error' : 'unset',
    kind: s.kind,
    name: s.name,
  };
  if (s.statusMessage) {
    attributes.statusMessage = s.statusMessage;
  }
  for (const k in s.attributes) {
    attributes[`span.${k}`] = s.attributes[k];
  }
  const span = { timeMs: s.startMs, durationMs: s.durationMs, attributes };
  compareSpans.set(s, span);
  return span;
}

/** Each span is asked for by four compare() answers: built once. */
const compareSpans = new WeakMap<SimSpan, CompareSpan>();

export interface TempoOptions {
  /** When the query runs: the last 30 minutes come from the metrics-generators' local blocks. */
  nowMs: number;
  /** metrics_generator.processor.local_blocks.filter_server_spans: true by default. */
  filterServerSpans?: boolean;
}

/**
 * Grafana's frames of Tempo's answer to one compare() query over `window`. Tempo v2.10.8 answers
 * the last query_backend_after (30 m, modules/frontend/config.go) from the generators' local blocks,
 * which keep only server and root spans by default (modules/generator/processor/localblocks
 * config.go FilterServerSpans, processor.go filterBatches); older spans from the backend's blocks, all kinds.
 */
export function compareFrames(sim: Simulation, query: string, window: Window, stepMs: number, tempo: TempoOptions) {
  const matches = spansetFilter(query);
  const serverOnly = tempo.filterServerSpans ?? true;
  const recentFrom = tempo.nowMs - TEMPO_BACKEND_AFTER_MS;
  const { select, topN } = compareFilterOf(query);
  // Spans alike in a step are one weighted span for the engine double: the same answer, faster.
  const alike = new Map<string, CompareSpan>();
  for (const s of sim.spans) {
    if (s.startMs < window.fromMs - stepMs || s.startMs > window.toMs + stepMs || !matches(s)) {
      continue;
    }
    if (serverOnly && s.startMs >= recentFrom && s.kind !== 'server') {
      continue;
    }
    const span = compareSpanOf(s);
    const selected = select(span);
    const key = `${Math.ceil(span.timeMs / stepMs)}|${selected}|${attributesKey(s)}`;
    const known = alike.get(key);
    if (known) {
      known.count = (known.count ?? 1) + 1;
    } else {
      alike.set(key, { ...span, selected, count: 1 });
    }
  }
  return tempoMetricsFrames(compareSeries([...alike.values()], { ...window, stepMs, topN }));
}

const attributesKeys = new WeakMap<SimSpan, string>();
function attributesKey(s: SimSpan): string {
  let key = attributesKeys.get(s);
  if (key === undefined) {
    key = JSON.stringify(compareSpanOf(s).attributes);
    attributesKeys.set(s, key);
  }
  return key;
}

/** Loki's patterns answer (the body the resource call passes through) for the services' lines over `range`. */
export function patternsBody(sim: Simulation, services: string[], range: Window, stepMs: number) {
  const wanted = services.length ? new Set(services) : undefined;
  // Lines of one pattern and level in the same 10 s are one sample in Loki: counted at once here.
  const grouped = new Map<string, PatternLine>();
  for (const l of sim.logs) {
    if (wanted && !wanted.has(l.service)) {
      continue;
    }
    const timeMs = l.timeMs - (l.timeMs % 10_000);
    const key = `${timeMs}\u0000${l.level}\u0000${l.pattern}`;
    const line = grouped.get(key) ?? { timeMs, pattern: l.pattern, level: l.level, count: 0 };
    line.count = (line.count ?? 0) + 1;
    grouped.set(key, line);
  }
  return lokiPatternsBody([...grouped.values()], range.fromMs, range.toMs, stepMs);
}

/** Tempo's span-metrics histogram buckets (v2.10.8 modules/generator/processor/spanmetrics/config.go: 2 ms × 2^0..13). */
const SPANMETRICS_BUCKETS_S = Array.from({ length: 14 }, (_, i) => 0.002 * 2 ** i);
/** The service graph's (servicegraphs/config.go: 0.1 s × 2^0..7). */
const SERVICE_GRAPH_BUCKETS_S = Array.from({ length: 8 }, (_, i) => 0.1 * 2 ** i);

/**
 * histogram_quantile over classic buckets (prometheus promql/quantile.go bucketQuantile): the
 * bucket holding the rank, interpolated linearly inside it from 0 for the first; the highest finite
 * bound when the rank falls in +Inf; NaN without observations.
 */
export function histogramQuantile(q: number, seconds: number[], bounds: number[]): number {
  if (seconds.length === 0) {
    return NaN;
  }
  const counts = bounds.map((b) => seconds.filter((s) => s <= b).length);
  const rank = q * seconds.length;
  const i = counts.findIndex((c) => c >= rank);
  if (i < 0) {
    return bounds[bounds.length - 1];
  }
  const lower = i === 0 ? 0 : bounds[i - 1];
  const below = i === 0 ? 0 : counts[i - 1];
  const inBucket = counts[i] - below;
  return inBucket > 0 ? lower + ((bounds[i] - lower) * (rank - below)) / inBucket : bounds[i];
}

/** $__rate_interval for a 15 s scrape: max(step + scrape, 4 × scrape) (Grafana's Prometheus docs). */
const rateIntervalMs = (stepMs: number) => Math.max(stepMs + 15_000, 60_000);
/** The metrics-generator drops a series 15 minutes after its last update (registry/config.go StaleDuration). */
const STALE_MS = 15 * 60_000;

/**
 * Grafana's frames of the RED range queries (refIds rate, errors, duration; tempo-spanmetrics, label
 * `service`) over `window`, from the server spans: per step, rate() over $__rate_interval, the failed
 * fraction (0, not absent, without failures), histogram_quantile(0.95) over the span-metrics buckets.
 * A service whose spans stopped keeps its series at rate 0 (errors, p95 NaN) until it goes stale.
 */
export function redFrames(
  sim: Simulation,
  targets: Array<{ refId: string; expr: string; legendFormat?: string }>,
  services: string[],
  window: Window,
  stepMs: number
): DataFrame[] {
  const byService = new Map<string, SimSpan[]>();
  for (const s of sim.spans) {
    if (s.kind === 'server' && (services.length === 0 || services.includes(s.service))) {
      const list = byService.get(s.service) ?? [];
      list.push(s);
      byService.set(s.service, list);
    }
  }
  const interval = rateIntervalMs(stepMs);
  const points = { rate: new Map<string, Array<[number, number]>>(), errors: new Map(), duration: new Map() };
  for (const [service, spans] of byService) {
    const sorted = spans.sort((a, b) => a.startMs - b.startMs);
    const first = sorted[0].startMs;
    const last = sorted[sorted.length - 1].startMs;
    const add = (m: Map<string, Array<[number, number]>>, t: number, v: number) => {
      const list = m.get(service) ?? [];
      list.push([t, v]);
      m.set(service, list);
    };
    for (let t = Math.ceil(window.fromMs / stepMs) * stepMs; t <= window.toMs; t += stepMs) {
      if (t < first || t - last > STALE_MS) {
        continue;
      }
      const inside = sorted.filter((s) => s.startMs > t - interval && s.startMs <= t);
      const failed = inside.filter((s) => s.failed).length;
      add(points.rate, t, inside.length / (interval / 1000));
      add(points.errors, t, inside.length ? failed / inside.length : NaN);
      add(
        points.duration,
        t,
        histogramQuantile(
          0.95,
          inside.map((s) => s.durationMs / 1000),
          SPANMETRICS_BUCKETS_S
        )
      );
    }
  }
  return targets.flatMap((target) => {
    const m = points[target.refId as keyof typeof points];
    const series = [...(m?.entries() ?? [])].map(([service, pts]) => ({ labels: { service }, points: pts }));
    return promQueryFrames(target, series, stepMs);
  });
}

/**
 * Grafana's frames of the service-graph edge queries (src/queries/serviceGraph.ts serviceEdgesQueries,
 * changedEdgesQueries: refIds requests, errors, p95, present; instant over the window) for the edges
 * whose caller or callee is one of `services`, or all edges without.
 */
export function serviceGraphFrames(
  sim: Simulation,
  targets: Array<{ refId: string; expr: string }>,
  window: Window,
  services: string[] = []
): DataFrame[] {
  const touches = (e: { client: string; server: string }) =>
    services.length === 0 || services.includes(e.client) || services.includes(e.server);
  const seconds = (window.toMs - window.fromMs) / 1000;
  const byEdge = new Map<string, Simulation['edges']>();
  for (const e of sim.edges) {
    if (e.timeMs < window.fromMs || e.timeMs >= window.toMs || !touches(e)) {
      continue;
    }
    const key = `${e.client}\u0000${e.server}`;
    const list = byEdge.get(key) ?? [];
    list.push(e);
    byEdge.set(key, list);
  }
  const values = (refId: string) =>
    [...byEdge.values()].map((edges) => {
      const { client, server } = edges[0];
      // The p95 the server measured, or the client's where Tempo saw no server span (its sum stays 0).
      const measured = edges.some((e) => e.serverSeconds > 0);
      const latencies = edges.map((e) => (measured ? e.serverSeconds : e.clientSeconds));
      const v =
        refId === 'requests'
          ? edges.length / seconds
          : refId === 'errors'
            ? edges.filter((e) => e.failed).length / edges.length
            : histogramQuantile(0.95, latencies, SERVICE_GRAPH_BUCKETS_S);
      return { labels: { client, server }, points: [[window.toMs, v]] as Array<[number, number]> };
    });
  return targets.flatMap((t) =>
    promQueryFrames(
      { ...t, instant: true },
      t.refId === 'present' ? (sim.edges.length ? [{ labels: {}, points: [[window.toMs, 1]] }] : []) : values(t.refId),
      undefined
    )
  );
}
