import { traceFlagsOf, type SampledLine } from './sampledLines';

/** A trace id to look up in Tempo, with where it came from. */
export interface TraceSampleItem {
  traceId: string;
  /** The service whose log line (or exemplar series) named it. */
  service: string;
  timeMs: number;
  /** Trace flags of an OpenTelemetry log line (bit 0: sampled), when known. */
  flags?: number;
}

/**
 * Traces younger than this may not be in Tempo yet (SDK and collector batching, ingestion), so the
 * sample prefers older ones.
 */
export const SETTLE_MS = 60_000;

/**
 * Up to `size` distinct trace ids, spread over services: newest first within a service, services
 * taken in turn. Items younger than `SETTLE_MS` come last.
 */
export function spreadSample(items: TraceSampleItem[], size: number, nowMs: number): TraceSampleItem[] {
  const settled = (i: TraceSampleItem) => !(i.timeMs > nowMs - SETTLE_MS);
  const byService = new Map<string, TraceSampleItem[]>();
  const seen = new Set<string>();
  const ordered = [...items].sort(
    (a, b) => Number(settled(b)) - Number(settled(a)) || (b.timeMs || 0) - (a.timeMs || 0)
  );
  for (const item of ordered) {
    if (seen.has(item.traceId)) {
      continue;
    }
    seen.add(item.traceId);
    const list = byService.get(item.service) ?? [];
    list.push(item);
    byService.set(item.service, list);
  }
  const queues = [...byService.values()];
  const out: TraceSampleItem[] = [];
  // Settled items of every service first, in turns; then the young ones, in turns.
  for (const pass of [true, false]) {
    let added = true;
    const cursors = queues.map(() => 0);
    while (added && out.length < size) {
      added = false;
      for (let q = 0; q < queues.length && out.length < size; q++) {
        while (cursors[q] < queues[q].length && settled(queues[q][cursors[q]]) !== pass) {
          cursors[q]++;
        }
        if (cursors[q] < queues[q].length) {
          out.push(queues[q][cursors[q]++]);
          added = true;
        }
      }
    }
  }
  return out;
}

/** The trace ids of sampled log lines, as sample items. */
export function logTraceItems(lines: SampledLine[]): TraceSampleItem[] {
  return lines
    .filter((l) => l.traceId)
    .map((l) => ({ traceId: l.traceId!, service: l.service, timeMs: l.timeMs, flags: traceFlagsOf(l) }));
}
