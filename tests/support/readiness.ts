/**
 * Waits for data, not for time: polls the stack through Grafana's data source proxy until the
 * demo services' error logs, error traces and span metrics are queryable, or fails after a bounded
 * wait naming what is still missing.
 */
const POLL_INTERVAL_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;

interface Check {
  name: string;
  hint: string;
  path: string;
  ok: (body: any) => boolean;
}

function authHeaders(): Record<string, string> {
  const user = process.env.GRAFANA_USER ?? 'admin';
  const password = process.env.GRAFANA_PASSWORD ?? 'admin';
  return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

function checks(ds: { loki?: string; tempo?: string; metrics?: string }): Check[] {
  const nowS = Math.floor(Date.now() / 1000);
  const lokiQuery = encodeURIComponent('sum(count_over_time({service_name=~".+"} | detected_level="error" [15m]))');
  return [
    {
      name: 'error logs in Loki',
      hint: 'the demo services log through the OpenTelemetry Collector; check the collector and Loki containers',
      path: `/api/datasources/proxy/uid/${ds.loki}/loki/api/v1/query?query=${lokiQuery}&time=${nowS}`,
      ok: (b) => Number(b?.data?.result?.[0]?.value?.[1] ?? 0) > 0,
    },
    {
      name: 'error traces in Tempo',
      hint: 'the collector forwards traces to tempo:4318; check the collector and Tempo containers',
      path: `/api/datasources/proxy/uid/${ds.tempo}/api/search?q=${encodeURIComponent('{ status = error }')}&limit=1&start=${nowS - 900}&end=${nowS}`,
      ok: (b) => Array.isArray(b?.traces) && b.traces.length > 0,
    },
    {
      name: 'span metrics in Mimir',
      hint: "Tempo's metrics-generator remote-writes them to Mimir; check Tempo's overrides and Mimir",
      path: `/api/datasources/proxy/uid/${ds.metrics}/api/v1/query?query=${encodeURIComponent('sum(traces_spanmetrics_calls_total)')}`,
      ok: (b) => Array.isArray(b?.data?.result) && b.data.result.length > 0,
    },
    {
      name: 'service-graph metrics in Mimir',
      hint: "Tempo's metrics-generator writes them with the service-graphs processor on; check Tempo's overrides",
      path: `/api/datasources/proxy/uid/${ds.metrics}/api/v1/query?query=${encodeURIComponent('sum(traces_service_graph_request_total{server="orders"})')}`,
      ok: (b) => Array.isArray(b?.data?.result) && b.data.result.length > 0,
    },
  ];
}

async function passes(base: string, check: Check): Promise<boolean> {
  try {
    const res = await fetch(`${base}${check.path}`, {
      headers: authHeaders(),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return res.ok && check.ok(await res.json());
  } catch {
    return false;
  }
}

export async function waitForDemoData(
  base: string,
  ds: { loki?: string; tempo?: string; metrics?: string },
  timeoutS: number
): Promise<void> {
  const deadline = Date.now() + timeoutS * 1000;
  let pending = checks(ds);
  const maxRounds = Math.ceil((timeoutS * 1000) / POLL_INTERVAL_MS) + 1;
  for (let round = 0; round < maxRounds && pending.length > 0; round++) {
    const results = await Promise.all(pending.map((c) => passes(base, c)));
    pending = pending.filter((_, i) => !results[i]);
    if (pending.length === 0 || Date.now() >= deadline) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  if (pending.length > 0) {
    const missing = pending.map((c) => `- ${c.name}: ${c.hint}`).join('\n');
    throw new Error(`The demo stack at ${base} is not ready after ${timeoutS}s. Still missing:\n${missing}`);
  }
}
