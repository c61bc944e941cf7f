/**
 * How Health's trace lookups stay within Tempo's query queue. Tempo splits one lookup into
 * `query_shards` (50) jobs queued at once, and refuses jobs past `max_outstanding_per_tenant` (2,000)
 * with HTTP 429 "job queue full" (grafana/tempo v2.10.8 modules/frontend/config.go:90,111,
 * traceid_sharder.go:59-72, pipeline/sync_handler_retry.go:84-89). So lookups run a few at a time, and a
 * refused one is asked again after a pause. Tempo sends no Retry-After with that 429, and Grafana's Tempo
 * data source passes only its text on ("failed to get trace with id: <id> Status: 429 Too Many Requests
 * Body: job queue full", grafana-tempo-datasource v13.1.5 pkg/tempo/trace.go:76), so the pauses are ours.
 */

/** Lookups in flight at once: 4 × 50 jobs leave the queue to everyone else. */
export const TEMPO_LOOKUPS_AT_ONCE = 4;
/** Pauses before asking a refused lookup again; after the last, the 429 is the lookup's answer. */
export const TEMPO_RETRY_DELAYS_MS = [1000, 3000];

/** Tempo refused the request because its queue was full (HTTP 429), as the text Grafana passes on says. */
export function isQueueFull(error: string | undefined): boolean {
  return typeof error === 'string' && /\b429\b|too many requests|job queue full/i.test(error);
}

/** A gate letting `n` tasks run at once, the others waiting in the order they came. */
export function concurrencyLimit(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  const limit = Math.max(1, Math.floor(n) || 1);
  let running = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    running--;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        running++;
        Promise.resolve().then(task).then(resolve, reject).finally(next);
      };
      if (running < limit) {
        start();
      } else {
        waiting.push(start);
      }
    });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `attempt(n)` until its answer is not a full queue, pausing `delaysMs[n]` before each new try. */
export async function retryWhenQueueFull<T extends { error?: string }>(
  attempt: (tryNumber: number) => Promise<T>,
  delaysMs: number[] = TEMPO_RETRY_DELAYS_MS
): Promise<T> {
  let answer = await attempt(0);
  for (let i = 0; i < delaysMs.length && isQueueFull(answer.error); i++) {
    await sleep(delaysMs[i]);
    answer = await attempt(i + 1);
  }
  return answer;
}
