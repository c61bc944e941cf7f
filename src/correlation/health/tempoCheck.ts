import { couldNotCheck, dataSourceLink, result } from './checks';
import { count, group, nameList, percent, plural } from './format';
import type { TraceSampleItem } from './traceSample';
import type { CheckResult, Fetched } from './types';

/** What Tempo said about one trace id. */
export type LookupOutcome = { found: true } | { found: false; error?: string };

export interface TraceLookup {
  item: TraceSampleItem;
  outcome: LookupOutcome;
}

/**
 * Grafana's Tempo backend reports a trace Tempo does not have as
 * `failed to get trace with id: <id> Status: 404 Not Found Body: trace not found`
 * (grafana-tempo-datasource pkg/tempo/trace.go); any other error means Tempo could not be asked.
 */
export function isNotFound(message: string): boolean {
  return /\b404\b|not found/i.test(message);
}

/** The outcome of one trace-id query: frames with spans found it; a not-found error missed it. */
export function lookupOutcome(answer: Fetched<number>): LookupOutcome {
  if (answer.ok) {
    return answer.value > 0 ? { found: true } : { found: false };
  }
  return isNotFound(answer.error) ? { found: false } : { found: false, error: answer.error };
}

const HOUR = 60 * 60_000;

function age(ms: number): string {
  return ms >= 2 * HOUR ? `${Math.round(ms / HOUR)} h` : `${Math.max(1, Math.round(ms / 60_000))} min`;
}

interface Verdict {
  cause: string;
  fix: string;
}

/** Which cause the figures point to when some traces are missing. */
function whyMissing(found: TraceLookup[], missing: TraceLookup[], nowMs: number): Verdict {
  const knownFlags = missing.filter((l) => l.item.flags !== undefined);
  if (knownFlags.length === missing.length && missing.every((l) => ((l.item.flags ?? 0) & 1) === 0)) {
    return {
      cause:
        'The missing traces were never sampled: their log lines carry trace flags 00, so the SDK recorded no spans for them.',
      fix: 'Logs name every request while traces keep only the sampled ones. Raise the sampling ratio (OTEL_TRACES_SAMPLER_ARG, or a tail-sampling policy that keeps errors) if these traces matter.',
    };
  }
  const foundServices = new Set(found.map((l) => l.item.service));
  const missingServices = [...new Set(missing.map((l) => l.item.service))].filter((s) => !foundServices.has(s));
  if (
    found.length > 0 &&
    missingServices.length > 0 &&
    missing.every((l) => missingServices.includes(l.item.service))
  ) {
    return {
      cause: `Every sampled trace of ${nameList(missingServices)} is missing while other services’ traces are there: that service’s spans do not reach Tempo.`,
      fix: 'Check that service’s trace exporter (endpoint, protocol) and sampler, and that the collector’s traces pipeline accepts it.',
    };
  }
  const newestFound = Math.max(...found.map((l) => l.item.timeMs));
  const oldestFound = Math.min(...found.map((l) => l.item.timeMs));
  if (found.length > 0 && missing.every((l) => l.item.timeMs < oldestFound)) {
    const oldestAge = nowMs - Math.max(...missing.map((l) => l.item.timeMs));
    return {
      cause: `Only the oldest traces are missing (older than about ${age(oldestAge)}), the newer ones are there: Tempo no longer keeps them.`,
      fix: 'Raise Tempo’s retention (`compactor.compaction.block_retention`), or look at a more recent window.',
    };
  }
  if (found.length > 0 && missing.every((l) => l.item.timeMs > newestFound && l.item.timeMs > nowMs - 5 * 60_000)) {
    return {
      cause: 'Only the newest traces are missing: they have not reached Tempo yet.',
      fix: 'Usually a delay in batching and ingestion; check again in a minute. If it persists, check the collector’s batch and queue settings and Tempo’s ingesters.',
    };
  }
  return {
    cause:
      'A steady share of traces is missing across services and times: sampling keeps only some traces while the logs name them all.',
    fix: 'Check head sampling in the SDKs (OTEL_TRACES_SAMPLER) and tail sampling in the collector; keep error traces (a tail-sampling policy on status ERROR) so every error log has its trace.',
  };
}

export interface TempoCheckInput {
  /** The sample that was looked up, or why there was none. */
  lookups: Fetched<TraceLookup[]>;
  tempoUid?: string;
  nowMs: number;
}

/** Do the trace ids in the logs resolve in Tempo? The share found, and the likely cause of the rest. */
export function tempoCheck(input: TempoCheckInput): CheckResult {
  const links = dataSourceLink(input.tempoUid, 'Tempo');
  if (!input.lookups.ok) {
    return couldNotCheck('tempo-traces', 'No trace ids to look up', input.lookups.error, links);
  }
  const lookups = input.lookups.value;
  if (lookups.length === 0) {
    return result('tempo-traces', {
      state: 'unknown',
      figure: 'No trace ids to look up',
      cause: 'No sampled error line carries a trace id, so there is nothing to look up in Tempo.',
      fix: 'Fix the “Trace ids in error logs” check first.',
      links,
    });
  }
  const errors = lookups.filter((l) => !l.outcome.found && l.outcome.error);
  const asked = lookups.filter((l) => !errors.includes(l));
  if (asked.length === 0) {
    const first = errors[0].outcome as { error: string };
    return couldNotCheck('tempo-traces', 'Tempo did not answer', first.error, links);
  }
  const found = asked.filter((l) => l.outcome.found);
  const missing = asked.filter((l) => !l.outcome.found);
  const figure = `${count(found.length)} of ${plural(asked.length, 'sampled trace id')} found in Tempo (${percent(found.length, asked.length)})${errors.length ? `; ${count(errors.length)} lookups failed` : ''}`;
  const details = [
    group(
      'Looked up (missing first)',
      [...missing, ...found].map((l) => ({
        name: l.item.traceId,
        figure: l.outcome.found ? 'found' : 'missing',
        state: l.outcome.found ? ('ok' as const) : ('broken' as const),
        note: `${l.item.service || 'unknown service'}, ${Number.isFinite(l.item.timeMs) ? new Date(l.item.timeMs).toISOString() : 'time unreadable'}`,
      }))
    ),
  ];
  if (missing.length === 0) {
    return result('tempo-traces', {
      state: errors.length ? 'degraded' : 'ok',
      figure,
      links,
      details,
      ...(errors.length
        ? {
            cause: `${count(errors.length)} lookups failed: ${(errors[0].outcome as { error: string }).error}`,
            fix: 'Check the Tempo data source; the rest of the sample was found.',
          }
        : {}),
    });
  }
  if (found.length === 0) {
    const verdict = whyMissing(found, missing, input.nowMs);
    const sampling = verdict.cause.startsWith('The missing traces were never sampled');
    return result('tempo-traces', {
      state: 'broken',
      figure,
      cause: sampling
        ? verdict.cause
        : 'Tempo has none of the traces these logs name: Correlate’s Tempo data source is not the Tempo these services send traces to, or no traces reach it.',
      fix: sampling
        ? verdict.fix
        : 'Pick the Tempo that receives these services’ traces (Correlate’s configuration or the page’s data source picker), or check the collector’s traces pipeline and its exporter to Tempo.',
      links,
      details,
    });
  }
  const verdict = whyMissing(found, missing, input.nowMs);
  return result('tempo-traces', { state: 'degraded', figure, cause: verdict.cause, fix: verdict.fix, links, details });
}
