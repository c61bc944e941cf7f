import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { grafanaUrl } from './grafanaUrl';
import { waitForDemoData } from './readiness';

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

/** The data source uids Correlate is provisioned with in the development stack. */
function provisionedDataSources(): { loki?: string; tempo?: string; metrics?: string } {
  const file = join(__dirname, '..', '..', 'provisioning', 'plugins', 'app.yaml');
  const doc = parse(readFileSync(file, 'utf8'));
  const jsonData = doc?.apps?.[0]?.jsonData ?? {};
  return { loki: jsonData.lokiUid, tempo: jsonData.tempoUid, metrics: jsonData.metricsUid };
}

export default async function globalSetup() {
  const url = grafanaUrl();
  await assertGrafanaReachable(url);
  if (process.env.E2E_SKIP_READINESS === '1') {
    return;
  }
  const timeoutS = Number(process.env.E2E_READY_TIMEOUT_S ?? 240);
  await waitForDemoData(url, provisionedDataSources(), Number.isFinite(timeoutS) && timeoutS > 0 ? timeoutS : 240);
}
