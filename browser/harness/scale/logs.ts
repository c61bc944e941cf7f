import type { LokiLine } from '../demo/logql';
import { BIG_TRACE_ID, SCALE, seeded } from './facts';

/**
 * Loki's error lines at 100k an hour (one every 36 ms, newest first), spread over every service and
 * its pods, each with a trace id in structured metadata as the OpenTelemetry collector writes it
 * (grafana/loki v3.7.6 pkg/distributor/distributor.go:725-729: detected_level goes to structured
 * metadata too). Lines are made only for the window a query asks about, and kept for later queries.
 * The error lines are the only lines held: info and debug volume is not generated (a query that
 * reads it gets only the errors), which under-states cost, never over-states it.
 */
export const LINE_GAP_MS = 3_600_000 / SCALE.errorLinesPerHour;
/** How far back lines exist (the benchmark's pages look at the last hour, What changed at 2 × 15 min). */
export const LINES_SPAN_MS = 2 * 3_600_000;

const TEMPLATES = [
  (n: number) => `payment declined for order ord-${n}: insufficient funds`,
  (n: number) => `upstream returned HTTP 503 after ${n % 900} ms`,
  (n: number) => `timeout waiting for connection from pool (request ${n})`,
  (n: number) => `failed to reserve stock for sku-${n % 5000}: lock wait timeout`,
  (n: number) => `unexpected EOF reading body of request ${n}`,
  (n: number) => `java.lang.NullPointerException at Handler.handle(Handler.java:${n % 400})`,
  (n: number) => `kafka produce failed for partition ${n % 64}: NOT_LEADER_FOR_PARTITION`,
  (n: number) => `cache miss storm: ${n % 1000} keys evicted`,
];
const LEVELS = ['error', 'error', 'error', 'error', 'critical', 'fatal'];

export const podOf = (service: number, k: number) =>
  `${SCALE.serviceName(service)}-${Math.floor((k * 2654435761) % Math.ceil(SCALE.pods / SCALE.services))}`;

/** The trace id of the line `k` lines before the newest (the newest carries the 50k-span trace). */
export const traceIdOfLine = (k: number) =>
  k === 0 ? BIG_TRACE_ID : (0x10000000 + k).toString(16).padStart(16, '0') + (k * 40503).toString(16).padStart(16, '0');

/** The line `k` lines before the newest, at `now`. */
export function lineAt(now: number, k: number): LokiLine {
  const random = seeded(k + 1);
  // A few services are much noisier than the rest, as in a real fleet.
  const service = random() < 0.3 ? Math.floor(random() * 30) : Math.floor(random() * SCALE.services);
  const template = TEMPLATES[(service + Math.floor(random() * 3)) % TEMPLATES.length];
  return {
    timeMs: Math.round(now - k * LINE_GAP_MS),
    line: template(k),
    labels: { service_name: SCALE.serviceName(service) },
    structuredMetadata: {
      detected_level: LEVELS[Math.floor(random() * LEVELS.length)],
      trace_id: traceIdOfLine(k),
      k8s_pod_name: podOf(service, k),
    },
  };
}

/** Every line of the last LINES_SPAN_MS, newest first, made once per page. */
export function scaleLines(now: number): () => LokiLine[] {
  let lines: LokiLine[] | undefined;
  return () => {
    if (!lines) {
      const count = Math.floor(LINES_SPAN_MS / LINE_GAP_MS);
      lines = new Array<LokiLine>(count);
      for (let k = 0; k < count; k++) {
        lines[k] = lineAt(now, k);
      }
    }
    return lines;
  };
}
