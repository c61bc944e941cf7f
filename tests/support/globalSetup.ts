import { grafanaUrl } from './grafanaUrl';

const REACH_TIMEOUT_MS = 5_000;

/** Fails fast, naming the URL tried, when no Grafana answers there. */
async function assertGrafanaReachable(url: string) {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(REACH_TIMEOUT_MS) });
    if (!res.ok) {
      throw new Error(`HTTP ${res.status}`);
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `Grafana is not reachable at ${url}/api/health (${reason}). ` +
        'Start the development stack with "docker compose up" (see README), or set GRAFANA_URL to a running Grafana.'
    );
  }
}

/** Only reachability: each spec waits for the data it needs itself (readiness.ts), with a live "now". */
export default async function globalSetup() {
  await assertGrafanaReachable(grafanaUrl());
}
