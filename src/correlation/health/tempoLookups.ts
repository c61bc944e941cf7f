import type { FrameLike } from '../frame';
import { traceByIdSearchQuery } from '../../queries/traceql';
import { findSearchedTrace, rawSearchTraces } from '../tempoTraceSearch';
/**
 * How Health's trace lookups stay within Tempo's query queue. Tempo splits one trace-by-id into
 * `query_shards` (50) jobs queued at once (a search, into a job per 100 MiB of blocks in its window), and refuses jobs past `max_outstanding_per_tenant` (2,000)
 * with HTTP 429 "job queue full" (grafana/tempo v2.10.8 modules/frontend/config.go:90,111,
 * traceid_sharder.go:59-72, pipeline/sync_handler_retry.go:84-89). So lookups run a few at a time, and a
 * refused one is asked again after a pause. Tempo sends no Retry-After with that 429, and Grafana's Tempo
 * data source passes only its text on ("failed to get trace with id: <id> Status: 429 Too Many Requests
 * Body: job queue full", grafana-tempo-datasource v13.1.5 pkg/tempo/trace.go:76), so the pauses are ours.
 */

/** Lookups in flight at once: 4 × about 50 jobs leave the queue to everyone else. */
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

/**
 * Health asks Tempo only whether it has each trace: a TraceQL search `{ trace:id = "…" }` for one trace
 * and one span (`limit` 1, `spss` 1) answers in about a kilobyte, where trace-by-id sends the whole trace
 * (a 50k-span trace cut at `max_bytes_per_trace` was 3.27 MB in the browser). `tableType: 'raw'` keeps
 * Tempo's JSON, which says which trace matched (grafana-tempo-datasource v13.1.5 pkg/tempo/search.go
 * transformRawSearchResponse; src/resultTransformer.ts when streamed).
 */
export function traceLookupTarget(traceId: string) {
  return {
    refId: 'trace',
    queryType: 'traceql',
    query: traceByIdSearchQuery(traceId),
    tableType: 'raw',
    limit: 1,
    spss: 1,
  };
}

/**
 * A search, unlike trace-by-id, reads only blocks in its range: ten minutes either side of the log line
 * (a request's spans are written within seconds of its logs; a long one can take minutes). Tempo queues a
 * job per 100 MiB of blocks in the window (search_sharder.go), so a short window keeps a lookup to a few
 * dozen jobs, about what trace-by-id's 50 shards took.
 */
export const TRACE_LOOKUP_MARGIN_MS = 10 * 60_000;

/** The window a lookup searches: around the item's time, or the check's range when the time is unknown. */
export function lookupWindow(timeMs: number, range: { fromMs: number; toMs: number }) {
  return Number.isFinite(timeMs) && timeMs > 0
    ? { fromMs: timeMs - TRACE_LOOKUP_MARGIN_MS, toMs: timeMs + TRACE_LOOKUP_MARGIN_MS }
    : range;
}

/** 1 when the search answer holds the trace, 0 when not; an error when Tempo failed or the answer is unreadable. */
export function searchLookupCount(
  answer: { frames: FrameLike[]; error?: string },
  traceId: string
): { ok: true; value: number } | { ok: false; error: string } {
  if (answer.error) {
    return { ok: false, error: answer.error };
  }
  const read = rawSearchTraces(answer.frames as Parameters<typeof rawSearchTraces>[0]);
  if (!read.ok) {
    return { ok: false, error: read.error };
  }
  return { ok: true, value: findSearchedTrace(read.traces, traceId) ? 1 : 0 };
}
