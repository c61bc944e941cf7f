import type { DataFrame } from '@grafana/data';
import type { Answer, RecordedRequest } from '../../../src/test/mocks/backendQuery';
import { lokiFrame, lokiMetricFrame } from '../../../src/test/mocks/lokiFrame';
import { promQueryFrames } from '../../../src/test/mocks/promFrame';
import { fleetResponder } from '../../../src/test/mocks/promScale';
import {
  checkoutTrace,
  searchHit,
  tempoSearchResult,
  tempoTraceFrame,
  tempoTraceNotFound,
  type SpanFixture,
} from '../../../src/test/mocks/tempoFrame';
import { answerTraceIdSearch } from '../../../src/test/mocks/tempoTraceSearch';
import {
  DEMO_DATA_SOURCES,
  DEMO_EDGES,
  DEMO_LINES,
  DEMO_RED,
  DEMO_SERVICES,
  DEMO_TRACE_SPANS,
  DEMO_TRACES,
  msAgo,
  type DemoLine,
} from './facts';
import { lokiAnswer } from '../../../src/test/mocks/healthStack';
import { demoHealthScenario } from './health';
import { LogQLError, logsQuery, metricQuery, type LokiLine } from './logql';

const STEP_MS = 60_000;

/**
 * What the demo's Loki, Tempo and Prometheus answer, as their backends would (the frames come from
 * the doubles in src/test/mocks, which reproduce Grafana's backends; the data source doubles then
 * treat them as Grafana's data sources do). `now` fixes the demo's moment for the whole page.
 */
export function demoResponder(now: number) {
  const lines = demoLokiLines(now);
  const health = demoHealthScenario(now, lines);
  const timeOf = (traceId: string) =>
    lines.find((l) => l.structuredMetadata.trace_id === traceId || l.line.includes(traceId))?.timeMs;

  const loki = (req: RecordedRequest): Answer => {
    if (req.uid === DEMO_DATA_SOURCES.lokiUnreachable) {
      return new Error(
        'Post "http://loki-archive:3100/loki/api/v1/query_range": dial tcp: lookup loki-archive: no such host'
      );
    }
    const frames: DataFrame[] = [];
    for (const t of req.targets) {
      const expr = String(t.expr ?? '');
      const inRange = lines.filter((l) => l.timeMs >= req.fromMs && l.timeMs <= req.toMs);
      if (t.queryType === 'instant') {
        // The health checks' instant counts (topk, count of services), read as the health double reads them.
        const answer = lokiAnswer(health, { ...req, targets: [t] });
        if (answer instanceof Error) {
          return answer;
        }
        frames.push(...(answer as DataFrame[]));
        continue;
      }
      try {
        const metric = metricQuery(expr);
        if (metric) {
          frames.push(...counts(t, metric.by, inRange.filter(metric.test), req));
          continue;
        }
        const matched = inRange.filter(logsQuery(expr)).slice(0, Number(t.maxLines ?? 1000));
        frames.push(lokiFrame(matched, { refId: t.refId, expr }));
      } catch (e) {
        if (e instanceof LogQLError) {
          return e;
        }
        throw e;
      }
    }
    return frames;
  };

  const counts = (t: Record<string, any>, by: string[], matched: LokiLine[], req: RecordedRequest) => {
    const groups = new Map<string, LokiLine[]>();
    for (const l of matched) {
      const key = by.map((b) => l.labels[b] ?? '').join('\u0000');
      groups.set(key, [...(groups.get(key) ?? []), l]);
    }
    return [...groups.entries()].map(([key, group]) => {
      const labels = Object.fromEntries(by.map((b, i) => [b, key.split('\u0000')[i]]));
      const first = Math.floor(req.fromMs / STEP_MS) * STEP_MS;
      const points: Array<[number, number]> = [];
      for (let at = first; at <= req.toMs && points.length < 1000; at += STEP_MS) {
        points.push([at, group.filter((l) => l.timeMs >= at && l.timeMs < at + STEP_MS).length]);
      }
      return lokiMetricFrame(t.refId, labels, points, { legendFormat: t.legendFormat, expr: t.expr, stepMs: STEP_MS });
    });
  };

  const traces = traceFrames(now, timeOf);

  const tempo = (req: RecordedRequest): Answer => {
    const [t] = req.targets;
    const query = String(t?.query ?? '').trim();
    const traceOf = (id: string) => (id === DEMO_TRACES.oversized ? oversizedTrace(now) : traces[id]);
    const searched = answerTraceIdSearch(req, traceOf);
    if (searched) {
      return searched;
    }
    if (/^[0-9a-f]{16,32}$/i.test(query)) {
      const trace = traceOf(query.toLowerCase());
      return trace ? [{ ...trace, refId: t.refId }] : tempoTraceNotFound(query);
    }
    if (query.includes('| compare(')) {
      // The demo's Tempo runs no local-blocks processor, which TraceQL metrics need.
      return new Error('localblocks processor not found');
    }
    const service = /resource\.service\.name\s*=\s*"([^"]+)"/.exec(query)?.[1];
    const slow = /duration\s*>=?\s*(\d+)ms/.exec(query);
    const hits = Object.entries(traceSummaries(now, timeOf))
      .filter(([, s]) => !service || s.services.includes(service))
      .filter(([, s]) => (slow ? s.durationMs >= Number(slow[1]) : s.error))
      .filter(([, s]) => s.startMs >= req.fromMs && s.startMs <= req.toMs)
      .map(([id, s]) => searchHit(id, 'gateway', 'POST /checkout', s.startMs, s.durationMs));
    return tempoSearchResult(hits);
  };

  // The Services overview's list (ranked, counted, searched) and its rows on screen, over the demo's RED.
  const overview = fleetResponder(
    Object.entries(DEMO_RED).map(([name, r]) => ({ name, rate: r.rate, errorFraction: r.errors, p95: r.duration }))
  );
  const isOverview = (req: RecordedRequest) =>
    req.targets.some((t) => ['count', 'all', 'spark'].includes(String(t.refId)) || String(t.expr).includes('topk('));

  const prometheus = (req: RecordedRequest): Answer => {
    if (req.uid === DEMO_DATA_SOURCES.mimirFailing) {
      return new Error('bad_data: query processing would load too many samples into memory in query execution');
    }
    // Span metrics exist for the last day only.
    if (req.toMs < now - 86_400_000) {
      return req.targets.flatMap((t) => promQueryFrames({ refId: t.refId, expr: String(t.expr ?? '') }, [], 15_000));
    }
    if (isOverview(req)) {
      return overview(req);
    }
    return req.targets.flatMap((t) => {
      const expr = String(t.expr ?? '');
      if (t.instant && expr.includes('traces_service_graph')) {
        return promQueryFrames(t as never, serviceGraph(t.refId, expr, req.toMs));
      }
      const one = /[{,]\s*service="([^"]+)"/.exec(expr)?.[1];
      const many = /[{,]\s*service=~"([^"]+)"/.exec(expr)?.[1]?.split('|');
      const services = one ? [one] : (many ?? [...DEMO_SERVICES]);
      const figure = t.refId as 'rate' | 'errors' | 'duration';
      const series = services
        .filter((s): s is keyof typeof DEMO_RED => s in DEMO_RED)
        .map((s) => ({
          labels: { service: s },
          points: [0, 1, 2, 3, 4].map((i): [number, number] => [
            Math.floor(req.toMs / 15_000) * 15_000 - (4 - i) * 15_000,
            DEMO_RED[s][figure] ?? 0,
          ]),
        }));
      return promQueryFrames({ refId: t.refId, expr, legendFormat: t.legendFormat }, series, 15_000);
    });
  };

  /**
   * Tempo's service-graph series (instant) of the edges touching the service a query names: the
   * server's RED figures on each edge, `present` one series when any edge exists.
   */
  const serviceGraph = (refId: string, expr: string, at: number) => {
    const name = /(?:client|server)="([^"]+)"/.exec(expr)?.[1];
    const edges = DEMO_EDGES.filter(([client, server]) => client === name || server === name);
    if (refId === 'present') {
      return edges.length > 0 ? [{ labels: {}, points: [[at, 1]] as Array<[number, number]> }] : [];
    }
    const figure = ({ requests: 'rate', errors: 'errors', p95: 'duration' } as const)[refId as 'requests'];
    return edges.map(([client, server]) => ({
      labels: { client, server },
      points: [[at, DEMO_RED[server][figure] ?? 0]] as Array<[number, number]>,
    }));
  };

  return (req: RecordedRequest): Answer =>
    req.type === 'loki' ? loki(req) : req.type === 'tempo' ? tempo(req) : prometheus(req);
}

/** The demo's lines as Loki stores them, at the demo's moment. */
export function demoLokiLines(now: number): LokiLine[] {
  return DEMO_LINES.map((l: DemoLine) => ({
    timeMs: Math.round(now - l.msAgo),
    line: l.line,
    labels: l.labels,
    structuredMetadata: l.structuredMetadata,
  }));
}

interface TraceSummaryFact {
  startMs: number;
  durationMs: number;
  services: string[];
  error: boolean;
}

/** What Tempo's search reads of each trace it has: its root's start and duration, its services, any error. */
function traceSummaries(now: number, timeOf: (id: string) => number | undefined): Record<string, TraceSummaryFact> {
  const summaries: Record<string, TraceSummaryFact> = {};
  for (const [id, spans] of Object.entries(DEMO_TRACE_SPANS)) {
    const root = spans.find((s) => !s.parentSpanId) ?? spans[0];
    summaries[id] = {
      startMs: now - msAgo(root.startMs),
      durationMs: root.durationMs,
      services: [...new Set(spans.map((s) => s.service))],
      error: spans.some((s) => s.error),
    };
  }
  // Harness-only: the fatal out-of-memory line's trace (the demo logs no fatal line).
  summaries[DEMO_TRACES.outOfMemory] = {
    startMs: (timeOf(DEMO_TRACES.outOfMemory) ?? now - 60_000) - 100,
    durationMs: 120,
    services: ['gateway', 'orders', 'payments'],
    error: true,
  };
  return summaries;
}

/**
 * Gateway → orders, which runs 20,000 queries before payments fails: past the 5 MB Tempo keeps of a trace
 * (the Tempo double's limits cut it and mark it partial, src/test/mocks/limits/tempoLimits.ts).
 */
function oversizedTrace(now: number): DataFrame {
  const t0 = now - 30 * 60_000;
  const spans: SpanFixture[] = [
    { spanId: 'a1', service: 'gateway', name: 'POST /checkout', startMs: t0, durationMs: 9000, error: true },
    {
      spanId: 'b1',
      parentSpanId: 'a1',
      service: 'orders',
      name: 'POST /orders',
      startMs: t0 + 1,
      durationMs: 8990,
      error: true,
      statusMessage: 'payments answered HTTP 502',
    },
  ];
  for (let i = 0; i < 20_000; i++) {
    spans.push({
      spanId: `q${i}`,
      parentSpanId: 'b1',
      service: 'orders',
      name: 'SELECT',
      startMs: t0 + 2 + i * 0.4,
      durationMs: 0.3,
      kind: 'client',
    });
  }
  spans.push({
    spanId: 'c1',
    parentSpanId: 'b1',
    service: 'payments',
    name: 'POST /charge',
    startMs: t0 + 8100,
    durationMs: 850,
    error: true,
    statusMessage: 'card processor timed out',
  });
  return tempoTraceFrame(DEMO_TRACES.oversized, spans);
}

/** The trace frames Tempo has (not the missing one): the demo's spans as Tempo returns them, at the demo's moment. */
function traceFrames(now: number, timeOf: (id: string) => number | undefined): Record<string, DataFrame> {
  const frames: Record<string, DataFrame> = {};
  for (const [id, spans] of Object.entries(DEMO_TRACE_SPANS)) {
    frames[id] = tempoTraceFrame(
      id,
      spans.map((s): SpanFixture => ({
        spanId: s.spanId,
        parentSpanId: s.parentSpanId,
        service: s.service,
        name: s.name,
        startMs: now - msAgo(s.startMs),
        durationMs: s.durationMs,
        kind: s.kind as SpanFixture['kind'],
        error: s.error,
        statusMessage: s.statusMessage,
        attributes: s.attributes,
        resource: { 'service.version': s.version, 'service.namespace': 'shop' },
        scope: { name: 'correlate-demo' },
      }))
    );
  }
  const oom = traceSummaries(now, timeOf)[DEMO_TRACES.outOfMemory];
  frames[DEMO_TRACES.outOfMemory] = checkoutTrace(DEMO_TRACES.outOfMemory, oom.startMs);
  return frames;
}
