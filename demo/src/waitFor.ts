/**
 * `node src/waitFor.ts <url>...`: waits until every URL answers 2xx, then exits 0; after
 * WAIT_TIMEOUT_S (default 300) exits 1 naming the URLs that never did. The compose stack runs it
 * before Grafana and the demo services, because Loki, Tempo, Mimir and the collector ship images
 * without a shell, so they cannot carry their own health checks.
 */
import { pathToFileURL } from 'node:url';

export async function waitFor(
  urls: string[],
  timeoutMs: number,
  intervalMs = 2000,
  log = console.log
): Promise<string[]> {
  let pending = [...urls];
  const deadline = Date.now() + timeoutMs;
  while (pending.length > 0) {
    const ok = await Promise.all(
      pending.map((u) =>
        fetch(u, { signal: AbortSignal.timeout(Math.min(5000, intervalMs * 2)) }).then(
          (r) => r.ok,
          () => false
        )
      )
    );
    const ready = pending.filter((_, i) => ok[i]);
    ready.forEach((u) => log(`ready: ${u}`));
    pending = pending.filter((_, i) => !ok[i]);
    if (pending.length === 0 || Date.now() + intervalMs > deadline) {
      break;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return pending;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const urls = process.argv.slice(2);
  const timeoutS = Number(process.env.WAIT_TIMEOUT_S ?? 300);
  if (urls.length === 0 || urls.some((u) => !/^https?:\/\//.test(u))) {
    console.error('Usage: node src/waitFor.ts <http(s) URL>...');
    process.exit(2);
  }
  const missing = await waitFor(urls, (Number.isFinite(timeoutS) && timeoutS > 0 ? timeoutS : 300) * 1000);
  if (missing.length > 0) {
    console.error(`Not ready after ${timeoutS}s: ${missing.join(', ')}. See "docker compose logs" for those services.`);
    process.exit(1);
  }
}
