import { basicAuth } from './credentials';
import { grafanaUrl } from './grafanaUrl';

/**
 * Waits for data, not for time: each spec asks for exactly what it reads, through Grafana's data
 * source proxy, and gets it back (a trace id Tempo has, a service with traces, ...). "Now" is read
 * on every poll, so data written after the wait began counts. The wait is bounded and, when it
 * runs out, names each need that never arrived and where to look.
 *
 * The stack: provisioning/datasources/datasources.yaml (uids), demo/ (the shop and its load),
 * config/tempo.yaml (span metrics every 15 s). `E2E_SKIP_READINESS=1` skips every wait (a Grafana
 * without the demo stack: the specs then fail for want of data).
 */
const POLL_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;

export const DS = { loki: 'correlate-loki', tempo: 'correlate-tempo', metrics: 'correlate-mimir' } as const;

/** How long a spec may wait for the stack's data: `E2E_READY_TIMEOUT_S` (default 240 s). */
export function readinessTimeoutMs(): number {
  const s = Number(process.env.E2E_READY_TIMEOUT_S ?? 240);
  return (Number.isFinite(s) && s > 0 ? s : 240) * 1000;
}

/** A condition on the stack's data: polled until `check` gives a value, or the wait runs out. */
export interface Need<T> {
  name: string;
  /** Where to look when it never arrives. */
  hint: string;
  /** The value once the data is there; undefined while it is not. `now` is this poll's time. */
  check: (nowMs: number) => Promise<T | undefined>;
}

async function get(path: string): Promise<any> {
  const res = await fetch(`${grafanaUrl()}${path}`, {
    headers: basicAuth(),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!res.ok) {
    throw new Error(`HTTP ${res.status} for ${path}`);
  }
  return res.json();
}

const proxy = (uid: string, path: string) => `/api/datasources/proxy/uid/${uid}/${path}`;
const q = encodeURIComponent;

/** Newest error lines with a trace id in the last `minutes`, newest first. */
async function tracedErrorLines(nowMs: number, minutes: number, service?: string) {
  const selector = service ? `{service_name=${JSON.stringify(service)}}` : '{service_name=~".+"}';
  const expr = `${selector} | detected_level=~"error|critical|fatal" | trace_id!=""`;
  const path = proxy(
    DS.loki,
    `loki/api/v1/query_range?query=${q(expr)}&start=${(nowMs - minutes * 60_000) * 1e6}&end=${nowMs * 1e6}&limit=50&direction=backward`
  );
  const body = await get(path);
  const lines: Array<{ traceId: string; timeMs: number; service: string; line: string }> = [];
  for (const stream of body?.data?.result ?? []) {
    for (const [ns, line, meta] of stream.values ?? []) {
      const traceId = meta?.structuredMetadata?.trace_id ?? stream.stream?.trace_id;
      if (typeof traceId === 'string' && /^[0-9a-f]{32}$/.test(traceId)) {
        lines.push({ traceId, timeMs: Math.floor(Number(ns) / 1e6), service: stream.stream?.service_name, line });
      }
    }
  }
  return lines.sort((a, b) => b.timeMs - a.timeMs);
}

async function tempoHas(traceId: string): Promise<boolean> {
  try {
    const body = await get(proxy(DS.tempo, `api/v2/traces/${traceId}`));
    return Boolean(body?.trace?.resourceSpans?.length);
  } catch {
    return false;
  }
}

export interface TracedLine {
  traceId: string;
  timeMs: number;
  service: string;
  /** The log line as Loki stores it. */
  line: string;
}

/**
 * An error line of the last 15 minutes whose whole trace Tempo already has (the newest line's
 * trace may still be in flight): the flows that open a trace from a log line start from it.
 */
export const tracedErrorLine = (service?: string): Need<TracedLine> => ({
  name: `an error line${service ? ` of ${service}` : ''} with its trace in Tempo`,
  hint: 'the demo services log through the OpenTelemetry Collector into Loki and send traces to Tempo; check the collector, Loki and Tempo containers',
  check: async (nowMs) => {
    for (const line of (await tracedErrorLines(nowMs, 15, service)).slice(0, 10)) {
      // Lines of the last few seconds: their traces may still be in the collector's batch.
      if (nowMs - line.timeMs > 10_000 && (await tempoHas(line.traceId))) {
        return line;
      }
    }
    return undefined;
  },
});

/** The request rate of each service over the last minute: rate() needs two samples at the generator's 15 s interval. */
export const redOf = (services: string[]): Need<Record<string, number>> => ({
  name: `span-metrics rate() for ${services.join(', ')}`,
  hint: "Tempo's metrics-generator remote-writes span metrics to Mimir every 15 s; check Tempo's overrides and Mimir",
  check: async (nowMs) => {
    const expr = 'sum by (service) (rate(traces_spanmetrics_calls_total{span_kind="SPAN_KIND_SERVER"}[1m]))';
    const body = await get(proxy(DS.metrics, `api/v1/query?query=${q(expr)}&time=${nowMs / 1000}`));
    const rates: Record<string, number> = {};
    for (const r of body?.data?.result ?? []) {
      rates[r.metric?.service] = Number(r.value?.[1]);
    }
    return services.every((s) => rates[s] > 0) ? rates : undefined;
  },
});

/** Tempo's service-graph metrics of the calls into `server` (the service map reads them). */
export const serviceGraphOf = (server: string): Need<string[]> => ({
  name: `service-graph metrics of the calls into ${server}`,
  hint: "Tempo's metrics-generator writes them with the service-graphs processor on; check Tempo's overrides",
  check: async (nowMs) => {
    const expr = `sum by (client) (traces_service_graph_request_total{server=${JSON.stringify(server)}})`;
    const body = await get(proxy(DS.metrics, `api/v1/query?query=${q(expr)}&time=${nowMs / 1000}`));
    const clients = (body?.data?.result ?? []).map((r: { metric?: { client?: string } }) => r.metric?.client);
    return clients.length > 0 ? clients : undefined;
  },
});

/** Traces of a service found by a TraceQL search over the last 15 minutes. */
export const tracesOf = (service: string, traceql: string, what: string): Need<string[]> => ({
  name: `${what} of ${service} in Tempo`,
  hint: 'the demo shop sends traces through the collector to Tempo; check the collector and Tempo containers',
  check: async (nowMs) => {
    const s = Math.floor(nowMs / 1000);
    const body = await get(proxy(DS.tempo, `api/search?q=${q(traceql)}&limit=5&start=${s - 900}&end=${s}`));
    const ids = (body?.traces ?? []).map((t: { traceID: string }) => t.traceID);
    return ids.length > 0 ? ids : undefined;
  },
});

/** One instance of an alert rule, as Grafana's Prometheus-style rules API lists it. */
export interface AlertInstance {
  labels: Record<string, string>;
  state: string;
  /** When it became active (epoch ms). */
  activeAtMs: number;
}

/**
 * The provisioned alert rule (by uid, or by title where Grafana's rules API gives no uid), evaluated
 * at least once, with an active (pending or firing) instance for `service` when one is asked for.
 */
export const evaluatedRule = (
  rule: { uid: string; title: string },
  service?: string
): Need<{ instances: AlertInstance[] }> => ({
  name: `alert rule ${rule.uid} evaluated${service ? `, with an active instance for ${service}` : ''}`,
  hint: 'Grafana evaluates provisioned rules every minute; check provisioning/alerting/rules.yaml and Grafana’s log',
  check: async () => {
    const body = await get('/api/prometheus/grafana/api/v1/rules');
    for (const group of body?.data?.groups ?? []) {
      for (const r of group.rules ?? []) {
        if ((r.uid ?? r.name) !== (r.uid ? rule.uid : rule.title) || !r.lastEvaluation?.match(/^[1-9]/)) {
          continue;
        }
        const instances: AlertInstance[] = (r.alerts ?? []).map(
          (a: { labels?: Record<string, string>; state?: string; activeAt?: string }) => ({
            labels: a.labels ?? {},
            state: String(a.state ?? ''),
            activeAtMs: Date.parse(a.activeAt ?? ''),
          })
        );
        const active = instances.filter(
          (i) => i.labels.service === service && Number.isFinite(i.activeAtMs) && i.activeAtMs > Date.UTC(2000, 0, 1)
        );
        return !service || active.length > 0 ? { instances } : undefined;
      }
    }
    return undefined;
  },
});

/**
 * Polls every need until each has its value, or fails after the readiness timeout naming what is
 * still missing. Returns the values in the order asked.
 */
export async function waitFor<T extends unknown[]>(...needs: { [K in keyof T]: Need<T[K]> }): Promise<T> {
  const values: unknown[] = needs.map(() => undefined);
  if (process.env.E2E_SKIP_READINESS === '1') {
    throw new Error('E2E_SKIP_READINESS=1: this spec needs the demo stack’s data and cannot run without it.');
  }
  const timeoutMs = readinessTimeoutMs();
  const deadline = Date.now() + timeoutMs;
  const lastError: Array<string | undefined> = needs.map(() => undefined);
  for (let round = 0; round <= Math.ceil(timeoutMs / POLL_MS); round++) {
    const now = Date.now();
    await Promise.all(
      needs.map(async (need, i) => {
        if (values[i] !== undefined) {
          return;
        }
        try {
          values[i] = await need.check(now);
          lastError[i] = undefined;
        } catch (e) {
          lastError[i] = e instanceof Error ? e.message : String(e);
        }
      })
    );
    if (values.every((v) => v !== undefined) || Date.now() >= deadline) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
  }
  const missing = needs
    .map((need, i) =>
      values[i] === undefined
        ? `- ${need.name}: ${need.hint}${lastError[i] ? ` (last answer: ${lastError[i]})` : ''}`
        : ''
    )
    .filter(Boolean);
  if (missing.length > 0) {
    throw new Error(
      `The demo stack at ${grafanaUrl()} did not have this spec's data after ${timeoutMs / 1000} s (E2E_READY_TIMEOUT_S). Still missing:\n${missing.join('\n')}`
    );
  }
  return values as T;
}
