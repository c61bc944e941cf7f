import type { DataFrame } from '@grafana/data';
import type { Answer, RecordedRequest } from '../../../src/test/mocks/backendQuery';
import { lokiAnswer, type HealthScenario } from '../../../src/test/mocks/healthStack';
import { lokiFrame, lokiMetricFrame } from '../../../src/test/mocks/lokiFrame';
import { promQueryFrames } from '../../../src/test/mocks/promFrame';
import { searchHit, tempoSearchResult, tempoTraceNotFound } from '../../../src/test/mocks/tempoFrame';
import { compareAnswer, tempoMetricsResult, type CompareSpan } from '../../../src/test/mocks/tempoMetrics';
import { LogQLError, logsQuery, metricQuery, type LokiLine } from '../demo/logql';
import { BIG_TRACE_ID, SCALE, serviceIndex, serviceTraffic } from './facts';
import { LINE_GAP_MS } from './logs';
import { answerTraceIdSearch } from '../../../src/test/mocks/tempoTraceSearch';
import { scaleTrace } from './traces';

/**
 * Loki, Tempo and Mimir answering at scale, as their backends would before any limit applies (the
 * limit doubles wrap this). Loki evaluates the LogQL shapes of browser/harness/demo/logql.ts over the
 * generated lines (a metric query gives one series per group it finds, so `sum by (service_name)`
 * over every service gives up to 3,000); Mimir gives one series per service or edge a query's shape
 * selects (`service="x"`, `service=~"a|b"`, `topk(n, …)`, `group(…)`), with one point per step. The
 * benchmark's figures for PromQL come from the real Prometheus, not from here: this only lets the
 * page render what it would.
 */
const LOKI_STEP_MS = 60_000;
const PROM_MIN_STEP_MS = 60_000;

export function scaleResponder(now: number, lines: () => LokiLine[], health: () => HealthScenario) {
  const traceLine = (id: string) => {
    const found = lines().find((l) => l.structuredMetadata.trace_id === id);
    return found && { timeMs: found.timeMs, service: found.labels.service_name };
  };
  const traceCache = new Map<string, DataFrame | undefined>();
  // Tempo holds the 50,000-span trace before anyone asks for it, as Loki holds the lines: built with the
  // responder (before the page is mounted), not inside the page's first search for it. The same frame
  // answers every later question, as the same stored trace would.
  traceCache.set(BIG_TRACE_ID, scaleTrace(BIG_TRACE_ID, traceLine(BIG_TRACE_ID)));

  const inRange = (req: RecordedRequest) => {
    // Lines are newest first, one every LINE_GAP_MS: the range is a slice, no scan needed.
    const all = lines();
    const first = Math.max(0, Math.ceil((now - req.toMs) / LINE_GAP_MS) - 1);
    const last = Math.min(all.length, Math.floor((now - req.fromMs) / LINE_GAP_MS) + 2);
    return all.slice(first, last).filter((l) => l.timeMs >= req.fromMs && l.timeMs <= req.toMs);
  };

  const loki = (req: RecordedRequest): Answer => {
    const frames: DataFrame[] = [];
    for (const t of req.targets) {
      const expr = String(t.expr ?? '');
      if (t.queryType === 'instant') {
        const answer = lokiAnswer(health(), { ...req, targets: [t] });
        if (answer instanceof Error) {
          return answer;
        }
        frames.push(...(answer as DataFrame[]));
        continue;
      }
      try {
        const metric = metricQuery(expr);
        if (metric) {
          frames.push(...counts(t, metric.by, inRange(req).filter(metric.test), req));
          continue;
        }
        const test = logsQuery(expr);
        const matched: LokiLine[] = [];
        const max = Number(t.maxLines ?? 1000);
        for (const l of inRange(req)) {
          if (matched.length >= max) {
            break;
          }
          if (test(l)) {
            matched.push(l);
          }
        }
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
    const first = Math.floor(req.fromMs / LOKI_STEP_MS) * LOKI_STEP_MS;
    const steps = Math.min(1000, Math.floor((req.toMs - first) / LOKI_STEP_MS) + 1);
    const groups = new Map<string, number[]>();
    for (const l of matched) {
      const key = by.map((b) => l.labels[b] ?? l.structuredMetadata[b] ?? '').join('\u0000');
      const counts = groups.get(key) ?? new Array<number>(steps).fill(0);
      const i = Math.floor((l.timeMs - first) / LOKI_STEP_MS);
      if (i >= 0 && i < steps) {
        counts[i]++;
      }
      groups.set(key, counts);
    }
    return [...groups.entries()].map(([key, values]) => {
      const labels = Object.fromEntries(by.map((b, i) => [b, key.split('\u0000')[i]]));
      const points = values.map((v, i): [number, number] => [first + i * LOKI_STEP_MS, v]);
      return lokiMetricFrame(t.refId, labels, points, {
        legendFormat: t.legendFormat,
        expr: t.expr,
        stepMs: LOKI_STEP_MS,
      });
    });
  };

  const tempo = (req: RecordedRequest): Answer => {
    const [t] = req.targets;
    const query = String(t?.query ?? '').trim();
    const traceOf = (id: string) => {
      if (!traceCache.has(id)) {
        traceCache.set(id, scaleTrace(id, traceLine(id)));
      }
      return traceCache.get(id);
    };
    const searched = answerTraceIdSearch(req, traceOf);
    if (searched) {
      return searched;
    }
    if (/^[0-9a-f]{16,32}$/i.test(query)) {
      const trace = traceOf(query.toLowerCase());
      return trace ? [{ ...trace, refId: t.refId }] : tempoTraceNotFound(query);
    }
    if (query.includes('| compare(')) {
      return tempoMetricsResult(
        compareAnswer(query, compareSpans(req), {
          fromMs: req.fromMs,
          toMs: req.toMs,
          stepMs: Math.max(60_000, Math.round((req.toMs - req.fromMs) / 30)),
        })
      );
    }
    const service = /resource\.service\.name\s*=\s*"([^"]+)"/.exec(query)?.[1];
    const limit = Number(t.limit ?? 20);
    const hits = [];
    for (const l of inRange(req)) {
      if (hits.length >= limit) {
        break;
      }
      if (!service || l.labels.service_name === service) {
        hits.push(searchHit(l.structuredMetadata.trace_id, l.labels.service_name, 'GET /api', l.timeMs - 100, 120));
      }
    }
    return tempoSearchResult(hits);
  };

  /** Server spans for compare(): a sample of 20,000 over the window, errors as the lines' services fail. */
  const compareSpans = (req: RecordedRequest): CompareSpan[] => {
    const out: CompareSpan[] = [];
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const service = i % SCALE.services;
      const { errorFraction } = serviceTraffic(service);
      out.push({
        timeMs: req.fromMs + ((req.toMs - req.fromMs) * i) / n,
        durationMs: 50 + (i % 1300),
        attributes: {
          'resource.service.name': SCALE.serviceName(service),
          status: (i * 7) % 1000 < errorFraction * 1000 ? 'error' : 'unset',
          'span.http.route': `/api/${i % 40}`,
        },
      });
    }
    return out;
  };

  const prometheus = (req: RecordedRequest): Answer =>
    req.targets.flatMap((t) => {
      const expr = String(t.expr ?? '');
      const stepMs = Math.max(PROM_MIN_STEP_MS, Math.round((req.toMs - req.fromMs) / 60));
      const at = Math.floor(req.toMs / stepMs) * stepMs;
      const times = t.instant ? [at] : rangeTimes(req.fromMs, req.toMs, stepMs);
      const value = (i: number) => serviceTraffic(i).rate;
      if (/^\s*group\(/.test(expr)) {
        return promQueryFrames(
          t as never,
          [{ labels: {}, points: times.map((x): [number, number] => [x, 1]) }],
          stepMs
        );
      }
      const edge = /(?:client|server)="([^"]+)"/.exec(expr)?.[1];
      if (edge !== undefined) {
        const i = serviceIndex(edge);
        const edges =
          i < 0
            ? []
            : [
                [i === 0 ? SCALE.services - 1 : i - 1, i],
                [i, (i + 1) % SCALE.services],
              ];
        return promQueryFrames(
          t as never,
          edges.map(([c, s]) => ({
            labels: { client: SCALE.serviceName(c), server: SCALE.serviceName(s) },
            points: times.map((x): [number, number] => [x, value(c)]),
          })),
          stepMs
        );
      }
      const one = /[{,]\s*service="([^"]+)"/.exec(expr)?.[1];
      const many = /[{,]\s*service=~"([^"]+)"/.exec(expr)?.[1];
      let services = one !== undefined ? [serviceIndex(one)] : Array.from({ length: SCALE.services }, (_, i) => i);
      if (many !== undefined) {
        const re = new RegExp(`^(?:${many.replace(/\\\\/g, '\\')})$`);
        services = services.filter((i) => re.test(SCALE.serviceName(i)));
      }
      // `count(...)` with no `by` is one series holding how many series the inner expression has
      // (prometheus/prometheus docs/querying/operators.md, "Aggregation operators").
      if (/^\s*count\(/.test(expr)) {
        const n = services.filter((i) => i >= 0).length;
        return n === 0
          ? []
          : promQueryFrames(
              { refId: t.refId, expr, legendFormat: t.legendFormat, instant: t.instant },
              [{ labels: {}, points: times.map((x): [number, number] => [x, n]) }],
              stepMs
            );
      }
      const topk = /topk\(\s*(\d+)/.exec(expr);
      services = services.filter((i) => i >= 0).slice(0, topk ? Number(topk[1]) : undefined);
      return promQueryFrames(
        { refId: t.refId, expr, legendFormat: t.legendFormat, instant: t.instant },
        services.map((i) => ({
          labels: { service: SCALE.serviceName(i) },
          points: times.map((x): [number, number] => [x, value(i)]),
        })),
        stepMs
      );
    });

  return (req: RecordedRequest): Answer =>
    req.type === 'loki' ? loki(req) : req.type === 'tempo' ? tempo(req) : prometheus(req);
}

function rangeTimes(fromMs: number, toMs: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(fromMs / stepMs) * stepMs; t <= toMs && out.length < 11_000; t += stepMs) {
    out.push(t);
  }
  return out;
}
