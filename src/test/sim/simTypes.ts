/** What a simulated range produced: spans, log lines, service-graph edges. Test code. */

export type SpanAttributes = Record<string, string | number | boolean>;

export interface SimSpan {
  /** The request's trace (32 hex digits) and the span's id (16), counted, not drawn: the seeds' draws stay as they were. */
  traceId: string;
  spanId: string;
  startMs: number;
  durationMs: number;
  service: string;
  version: string;
  pod: string;
  kind: 'server' | 'client';
  name: string;
  failed: boolean;
  statusMessage?: string;
  /** Span attributes by their OpenTelemetry name (http.route, peer.service, db.statement, …). */
  attributes: SpanAttributes;
}

export interface SimLog {
  timeMs: number;
  service: string;
  level: 'error' | 'info';
  /** The line's Loki pattern (what drain makes of it: `<_>` where lines differ). */
  pattern: string;
}

/** One call as Tempo's service graph pairs it (modules/generator/processor/servicegraphs, v2.10.8). */
export interface SimEdge {
  timeMs: number;
  client: string;
  server: string;
  failed: boolean;
  serverSeconds: number;
  clientSeconds: number;
}

export interface Simulation {
  fromMs: number;
  toMs: number;
  spans: SimSpan[];
  logs: SimLog[];
  edges: SimEdge[];
  /** Requests that arrived at the entry. */
  requests: number;
}
