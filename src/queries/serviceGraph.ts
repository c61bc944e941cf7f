import { goString } from './goString';

/**
 * PromQL over the service-graph metrics Tempo's metrics-generator writes (grafana/tempo v2.10.8,
 * modules/generator/processor/servicegraphs/servicegraphs.go): one series per edge, labelled `client`
 * (the caller) and `server` (the callee), plus `connection_type` and any configured dimensions. A request
 * whose caller Tempo never saw a span of is an edge from the virtual client `user` (or the span's peer
 * attribute); a call to a service that sends no spans is an edge to its peer attribute (`peer.service`,
 * `db.name`, `db.system`), both with `connection_type="virtual_node"`.
 */
export const SERVICE_GRAPH_METRICS = {
  requests: 'traces_service_graph_request_total',
  failed: 'traces_service_graph_request_failed_total',
  /** Histograms (classic, the generator's default) of the latency each side measured, in seconds. */
  serverSeconds: 'traces_service_graph_request_server_seconds',
  clientSeconds: 'traces_service_graph_request_client_seconds',
} as const;

export const CLIENT_LABEL = 'client';
export const SERVER_LABEL = 'server';
/** The caller Tempo names when a root span's request came from outside (servicegraphs.go `onExpire`). */
export const UNKNOWN_CLIENT = 'user';

export const DEFAULT_RANGE = '$__range';
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

export interface ServiceEdgeQueries {
  /** Requests per second over the window, per edge (`client`, `server`). */
  requests: string;
  /** Fraction (0..1) of an edge's requests that failed (client or server span in error); 0, not absent. */
  errors: string;
  /** p95 latency in seconds as the server measured it, or as the client did for a server Tempo never saw. */
  p95: string;
  /** One series when the service-graph metrics exist at all at the window's end; none when they do not. */
  present: string;
}

function checkRange(value: string | undefined): string {
  if (value === undefined || value === DEFAULT_RANGE) {
    return DEFAULT_RANGE;
  }
  if (DURATION.test(value)) {
    return value;
  }
  throw new Error(`Invalid range ${JSON.stringify(value)}: use a PromQL duration such as 1h, or $__range.`);
}

const EDGE = `${CLIENT_LABEL}, ${SERVER_LABEL}`;

/**
 * The direct callers and callees of `service` over the window: every edge whose client or whose server
 * it is (a call to itself once). Instant queries: `$__range` is the whole window, as Grafana sets it.
 */
export function serviceEdgesQueries(service: string, opts: { range?: string } = {}): ServiceEdgeQueries {
  if (typeof service !== 'string' || service === '') {
    throw new Error('A service name is needed for its service-graph edges.');
  }
  const range = checkRange(opts.range);
  const name = goString(service);
  // Both directions; for a self-call both sides hold the same series and `or` keeps one.
  const both = (metric: string, by: string, fn = 'rate') =>
    `(sum by (${by}) (${fn}(${metric}{${CLIENT_LABEL}=${name}}[${range}])) or sum by (${by}) (${fn}(${metric}{${SERVER_LABEL}=${name}}[${range}])))`;
  const requests = both(SERVICE_GRAPH_METRICS.requests, EDGE);
  const failed = both(SERVICE_GRAPH_METRICS.failed, EDGE);
  const p95 = (histogram: string) => `histogram_quantile(0.95, ${both(`${histogram}_bucket`, `${EDGE}, le`)})`;
  // The side Tempo has no span of observes 0 s for every request: its sum stays 0.
  const serverMeasured = `${both(`${SERVICE_GRAPH_METRICS.serverSeconds}_sum`, EDGE)} > 0`;
  return {
    requests,
    errors: `(${failed} or ${requests} * 0) / ${requests}`,
    p95: `(${p95(SERVICE_GRAPH_METRICS.serverSeconds)} and on (${EDGE}) (${serverMeasured})) or ${p95(SERVICE_GRAPH_METRICS.clientSeconds)}`,
    present: `group(${SERVICE_GRAPH_METRICS.requests})`,
  };
}

/** Edges What changed reads per window at most: the busiest (a hub of 3,000 services has thousands). */
export const CHANGED_EDGES = 500;

/**
 * Edges among the compared services (every edge whose caller or callee is one of them), or, with
 * none, the CHANGED_EDGES busiest edges of all, over one window: requests per second and the failed
 * fraction, instant queries over `$__range`. What changed compares them between windows to tell a
 * cause from its symptoms. Names go through goString; the busiest are chosen by `topk` at the server.
 */
export function changedEdgesQueries(services: string[]): Pick<ServiceEdgeQueries, 'requests' | 'errors' | 'p95'> {
  const names = [...new Set((services ?? []).filter((s) => typeof s === 'string' && s !== ''))];
  const range = DEFAULT_RANGE;
  const sel = (metric: string, by: string) =>
    names.length === 0
      ? `sum by (${by}) (rate(${metric}[${range}]))`
      : `(${names
          .flatMap((n) =>
            [CLIENT_LABEL, SERVER_LABEL].map((l) => `sum by (${by}) (rate(${metric}{${l}=${goString(n)}}[${range}]))`)
          )
          .join(' or ')})`;
  const busiest = `topk(${CHANGED_EDGES}, ${sel(SERVICE_GRAPH_METRICS.requests, EDGE)})`;
  const only = (expr: string) => (names.length === 0 ? `(${expr}) and on (${EDGE}) ${busiest}` : expr);
  const requests = sel(SERVICE_GRAPH_METRICS.requests, EDGE);
  const failed = sel(SERVICE_GRAPH_METRICS.failed, EDGE);
  const p95 = (h: string) => `histogram_quantile(0.95, ${sel(`${h}_bucket`, `${EDGE}, le`)})`;
  const serverMeasured = `${sel(`${SERVICE_GRAPH_METRICS.serverSeconds}_sum`, EDGE)} > 0`;
  return {
    requests: names.length === 0 ? busiest : requests,
    errors: only(`(${failed} or ${requests} * 0) / ${requests}`),
    p95: only(
      `(${p95(SERVICE_GRAPH_METRICS.serverSeconds)} and on (${EDGE}) (${serverMeasured})) or ${p95(SERVICE_GRAPH_METRICS.clientSeconds)}`
    ),
  };
}
