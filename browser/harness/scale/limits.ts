import type { Responder } from '../../../src/test/mocks/backendQuery';
import { LOKI_LIMITS, withLokiLimits } from '../../../src/test/mocks/limits/lokiLimits';
import {
  matches,
  MIMIR_LIMITS,
  withMimirLimits,
  type Matcher,
  type SeriesStore,
} from '../../../src/test/mocks/limits/mimirLimits';
import { TEMPO_LIMITS, withTempoLimits, type TempoLimits } from '../../../src/test/mocks/limits/tempoLimits';
import { SCALE } from './facts';

/**
 * The scale responder behind the limit-enforcing doubles of src/test/mocks/limits/ (Loki, Tempo and
 * Mimir at their upstream defaults), each request to its own backend's double. What they refuse goes
 * to `refused` by query text; Tempo's partial-trace message (an answer, not a refusal) to `notes`.
 */
const PARTIAL = /^Trace exceeds maximum size/;

export function withScaleLimits(
  respond: Responder,
  refused: Map<string, string>,
  notes: Set<string>,
  tempoLimits: TempoLimits = TEMPO_LIMITS
): Responder {
  // The doubles also report the backend's own errors (a trace Tempo does not have): not refusals.
  const ownErrors = new Set<string>();
  const inner: Responder = (req) => {
    const answer = respond(req);
    if (answer instanceof Error) {
      ownErrors.add(answer.message);
    }
    return answer;
  };
  const observe = (o: { query: string; refused?: string }) => {
    if (!o.refused || ownErrors.has(o.refused)) {
      return;
    }
    if (PARTIAL.test(o.refused)) {
      notes.add(`Tempo: ${o.refused} (${o.query})`);
    } else {
      refused.set(o.query, o.refused);
    }
  };
  const loki = withLokiLimits(inner, LOKI_LIMITS, observe);
  const tempo = withTempoLimits(inner, tempoLimits, observe);
  const mimir = withMimirLimits(inner, MIMIR_LIMITS, { store: scaleSeriesStore(), observe });
  return (req) => (req.type === 'loki' ? loki(req) : req.type === 'tempo' ? tempo(req) : mimir(req));
}

/**
 * The series the Mimir double counts against its limits: the label sets of bench/scale/promData.ts
 * (per service 2 server call series and 10 latency buckets; per edge 2 counters, 3 + 3 buckets and a
 * sum), written every 15 s as Tempo's metrics-generator does (grafana/tempo v2.10.8
 * modules/generator/registry/config.go:34).
 */
export function scaleSeriesStore(): SeriesStore {
  const byMetric = new Map<string, Array<Record<string, string>>>();
  const add = (metric: string, labels: Record<string, string>) => {
    const list = byMetric.get(metric);
    if (list) {
      list.push(labels);
    } else {
      byMetric.set(metric, [labels]);
    }
  };
  for (let i = 0; i < SCALE.services; i++) {
    const service = SCALE.serviceName(i);
    const server = { service, span_name: 'GET /api', span_kind: 'SPAN_KIND_SERVER' };
    add('traces_spanmetrics_calls_total', { ...server, status_code: 'STATUS_CODE_UNSET' });
    add('traces_spanmetrics_calls_total', { ...server, status_code: 'STATUS_CODE_ERROR' });
    for (const le of ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf']) {
      add('traces_spanmetrics_latency_bucket', { ...server, status_code: 'STATUS_CODE_UNSET', le });
    }
    const edge = { client: service, server: SCALE.serviceName((i + 1) % SCALE.services), connection_type: '' };
    add('traces_service_graph_request_total', edge);
    add('traces_service_graph_request_failed_total', edge);
    add('traces_service_graph_request_server_seconds_sum', edge);
    for (const le of ['0.4', '1.6', '+Inf']) {
      add('traces_service_graph_request_server_seconds_bucket', { ...edge, le });
      add('traces_service_graph_request_client_seconds_bucket', { ...edge, le });
    }
  }
  return {
    scrapeIntervalMs: 15_000,
    count: (metric: string, ms: Matcher[]) => {
      // Each matcher tested once per distinct value (3,000 services), not once per series (30,000 buckets).
      const verdicts = ms.map(() => new Map<string, boolean>());
      const holds = (i: number, value: string) => {
        let v = verdicts[i].get(value);
        if (v === undefined) {
          v = matches(ms[i], value);
          verdicts[i].set(value, v);
        }
        return v;
      };
      let n = 0;
      for (const labels of byMetric.get(metric) ?? []) {
        if (ms.every((m, i) => holds(i, labels[m.name] ?? ''))) {
          n++;
        }
      }
      return n;
    },
  };
}
