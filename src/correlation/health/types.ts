/**
 * Correlation health: each check tells which link between logs, traces and metrics works, with the
 * figure it measured and, when not ok, the cause and the fix. Pure data; see `runner.ts` for how
 * the checks are fed and `checks.ts` for their list.
 */

/** `unknown` is "could not check": the data source failed, was forbidden, or there was nothing to check. */
export type CheckState = 'ok' | 'degraded' | 'broken' | 'unknown';

export type CheckId =
  | 'loki'
  | 'trace-ids'
  | 'tempo-traces'
  | 'red-metrics'
  | 'service-names'
  | 'service-graph'
  | 'exemplars'
  | 'tempo-to-loki'
  | 'loki-to-tempo'
  | 'metrics-to-tempo';

export interface CheckLink {
  url: string;
  text: string;
}

export interface DetailRow {
  name: string;
  figure: string;
  state?: CheckState;
  note?: string;
}

/** Evidence of one kind, worst first, at most `DETAIL_ROWS` rows; `more` counts the rest. */
export interface DetailGroup {
  title: string;
  rows: DetailRow[];
  more: number;
}

export interface CheckResult {
  id: CheckId;
  title: string;
  state: CheckState;
  /** What was measured, in one line. */
  figure: string;
  /** When not ok: why, in one or two sentences. */
  cause?: string;
  /** When not ok: what to do. */
  fix?: string;
  /** The data source's settings and the README section on this check. */
  links: CheckLink[];
  details: DetailGroup[];
  /** Still waiting for the second wave of requests. */
  pending?: boolean;
}

/** Who a request went to. `grafana` is Grafana's own API (data source settings). */
export type RequestTarget = 'loki' | 'tempo' | 'metrics' | 'grafana';

export interface RequestRecord {
  wave: 1 | 2;
  to: RequestTarget;
  what: string;
}

export interface HealthReport {
  checks: CheckResult[];
  /** Every request sent, with its wave. */
  requests: RequestRecord[];
  window: { fromMs: number; toMs: number };
  /** False while the second wave is running. */
  complete: boolean;
}

/** Something fetched: its value, or why it could not be. */
export type Fetched<T> = { ok: true; value: T } | { ok: false; error: string; status?: number };

export const fetched = <T>(value: T): Fetched<T> => ({ ok: true, value });
export const failed = <T = never>(error: string, status?: number): Fetched<T> => ({ ok: false, error, status });

/** Rows shown per detail group; the rest is counted. */
export const DETAIL_ROWS = 20;
