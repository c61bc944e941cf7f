import { instantSeries } from './health/responses';
import { seriesOfFrame } from './changes/seriesOfFrames';
import type { FrameLike } from './frame';

/**
 * With no service chosen, the pages read error lines only of the services that log the most errors:
 * `detected_level` and `trace_id` are structured metadata with no index, so a line query over every
 * stream reads every line of the range (about 42 GB an hour at 1 TB a day). The stream selector is
 * all that bounds what Loki reads.
 *
 * 20: the services an on-call engineer can scan in one list; with Loki's default 1,000 lines that is
 * about 50 lines each; error volume is skewed, so 20 services usually hold most error lines; and the
 * alternation of 20 names stays far below URL and regex-size limits.
 */
export const LINE_SERVICES = 20;

export interface ServiceErrors {
  service: string;
  lines: number;
}

export const SERVICE_NAME = 'service_name';

/**
 * Error lines per `service_name` in count frames of the given refIds: `instant` frames (a batch's
 * `topk`/`sum by`, as table or labelled frames) or `range` frames (a per-service volume chart, whose
 * buckets are added up). Frames without a service name, and values that are not finite, are skipped.
 */
export function serviceErrorCounts(
  frames: FrameLike[] | undefined,
  refIds: Iterable<string>,
  kind: 'instant' | 'range'
): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (service: unknown, n: number) => {
    if (typeof service === 'string' && service !== '' && Number.isFinite(n) && n > 0) {
      counts.set(service, (counts.get(service) ?? 0) + n);
    }
  };
  const list = Array.isArray(frames) ? frames : [];
  for (const refId of refIds) {
    if (kind === 'instant') {
      instantSeries(list, refId).forEach((s) => add(s.labels[SERVICE_NAME], s.value));
      continue;
    }
    for (const frame of list) {
      if (frame?.refId === refId) {
        const series = seriesOfFrame(frame);
        add(
          series?.labels[SERVICE_NAME],
          (series?.values ?? []).reduce((a, b) => a + b, 0)
        );
      }
    }
  }
  return counts;
}

/** The `k` services with the most error lines, most first (ties by name, so the choice is stable). */
export function topErrorServices(counts: Map<string, number>, k = LINE_SERVICES): ServiceErrors[] {
  return [...counts]
    .map(([service, lines]) => ({ service, lines }))
    .sort((a, b) => b.lines - a.lines || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))
    .slice(0, Math.max(0, Math.floor(k)));
}

/** Which services the lines cover, for the page's words; `uncounted` when some count batches failed. */
export interface LineCoverage {
  /** The services read, most errors first. */
  services: ServiceErrors[];
  /** Services Loki knows in the range (the denominator in "20 of 3,000"). */
  of: number;
  /** Services whose errors could not be counted (their batches failed), and Loki's reason. */
  uncounted?: { services: number; reason: string };
}

export interface CountsAnswer {
  /** The frames of the request that carried the counts. */
  frames: FrameLike[] | undefined;
  /** Its per-query errors (Grafana's `errors`, each with its refId). */
  errors: Array<{ refId?: string; message?: string }> | undefined;
  /** The refIds that hold counts, and whether they are instant counts or a per-service range chart. */
  refIds: string[];
  kind: 'instant' | 'range';
  /** Services Loki knows in the range. */
  known: number;
}

/**
 * From the counts' answer: the services whose lines to read, and what the page says about them. A
 * refused batch leaves the others: the lines are those of the services counted, and `uncounted` says
 * how many services (about: batches are even) were not. `coverage` is undefined when every service
 * with errors is read. `countErrors` are the batches' own errors, for the page to leave out of its
 * "Loki could not answer".
 */
export function linesFromCounts(answer: CountsAnswer, k = LINE_SERVICES) {
  const countErrors = (answer.errors ?? []).filter((e) => e?.refId !== undefined && answer.refIds.includes(e.refId));
  const answered = answer.refIds.filter((r) => !countErrors.some((e) => e.refId === r));
  const counts = serviceErrorCounts(answer.frames, answered, answer.kind);
  const top = topErrorServices(counts, k);
  const uncounted = countErrors.length
    ? {
        services: Math.round((answer.known * countErrors.length) / Math.max(1, answer.refIds.length)),
        reason: countErrors.find((e) => e.message)?.message ?? 'no reason given',
      }
    : undefined;
  // More than k services with errors means some were left out (batches ask for k + 1 each).
  const coverage: LineCoverage | undefined =
    counts.size > k || uncounted ? { services: top, of: answer.known, uncounted } : undefined;
  return { top, coverage, countErrors };
}
