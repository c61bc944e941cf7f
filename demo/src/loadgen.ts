import { request } from 'node:http';

/** Sends checkouts to the gateway at about `perSecond`, forever; failures are expected and counted. */
export function runLoad(gatewayUrl: string, perSecond: number, random: () => number) {
  const counts = { sent: 0, ok: 0, failed: 0 };
  const once = () => {
    const req = request(
      `${gatewayUrl}/checkout`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 10_000 },
      (res) => {
        res.resume();
        counts[(res.statusCode ?? 500) < 400 ? 'ok' : 'failed']++;
      }
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => counts.failed++);
    req.end(JSON.stringify({ items: 1 + Math.floor(random() * 4) }));
    counts.sent++;
  };
  setInterval(once, Math.max(1, Math.round(1000 / perSecond)));
  setInterval(() => console.log(`loadgen: ${JSON.stringify(counts)}`), 60_000);
}
