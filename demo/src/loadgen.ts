import { request } from 'node:http';

/** Posts a JSON body; resolves with the HTTP status. */
export type Post = (url: string, body: string) => Promise<number>;

export const httpPost: Post = (url, body) =>
  new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 10_000 },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 500);
      }
    );
    req.on('timeout', () => req.destroy(new Error(`timeout calling ${url}`)));
    req.on('error', reject);
    req.end(body);
  });

/**
 * Sends checkouts to the gateway at about `perSecond`, until stopped; failures are expected and
 * counted. `post` is HTTP in the stack, the simulator's in-memory network in sim/.
 */
export function runLoad(
  gatewayUrl: string,
  perSecond: number,
  random: () => number,
  post: Post = httpPost,
  log: (message: string) => void = console.log
) {
  const counts = { sent: 0, ok: 0, failed: 0 };
  const once = () => {
    counts.sent++;
    post(`${gatewayUrl}/checkout`, JSON.stringify({ items: 1 + Math.floor(random() * 4) })).then(
      (status) => counts[status < 400 ? 'ok' : 'failed']++,
      () => counts.failed++
    );
  };
  const timers = [
    setInterval(once, Math.max(1, Math.round(1000 / perSecond))),
    setInterval(() => log(`loadgen: ${JSON.stringify(counts)}`), 60_000),
  ];
  return { counts, stop: () => timers.forEach(clearInterval) };
}
