import { errorLogsQuery, errorTotalQuery, serviceSelector } from '../../queries/logql';
import { redQueries, topServicesRedQueries, type RedProfileId } from '../../queries/promql';
import { RED_PROFILES } from '../../queries/redProfiles';
import { failureCompareQuery, slowCallsQuery, slowCompareQuery, spanSampleQuery } from '../../queries/traceql';
import { SLOW_CALL_SPANS_PER_TRACE, SLOW_CALL_TRACES } from '../../correlation/changes/slowCalls';
import { stepText, type Window } from '../../correlation/changes/windows';

/**
 * The requests of What changed, as data (pure, so the page's requests can be tested). One TraceQL
 * query per request: Grafana's Tempo data source sends a search's first text for every query of a
 * request (grafana#93453).
 */

/** Error lines read per window when Loki has no patterns API: one bounded page. */
export const SAMPLE_LINES = 500;
/** Traces, and spans of each, read per window when Tempo cannot run compare(). */
export const SAMPLE_TRACES = 200;
export const SAMPLE_SPANS_PER_TRACE = 3;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Loki's patterns API through the Loki data source's resource call, as Logs Drilldown calls it
 * (grafana/logs-drilldown src/services/datasource.ts getPatterns): a stream selector, RFC 3339 times, a step.
 */
export function patternsUrl(lokiUid: string, services: string[], range: Window, stepMs: number): string {
  const params = new URLSearchParams({
    query: serviceSelector(services),
    start: iso(range.fromMs),
    end: iso(range.toMs),
    step: stepText(stepMs),
  });
  return `/api/datasources/uid/${encodeURIComponent(lokiUid)}/resources/patterns?${params}`;
}

/** One window's error lines (newest first, one page) and how many error lines the window has. */
export function lokiSampleQueries(services: string[], levels: string[], stepMs: number) {
  if (services.length === 0) {
    throw new Error('No services to read error lines of: the lines of every service are every log line.');
  }
  return [
    { refId: 'lines', expr: errorLogsQuery({ services, levels }), queryType: 'range', maxLines: SAMPLE_LINES },
    {
      refId: 'total',
      // One series whatever the number of services (only the total is read): under max_query_series.
      expr: errorTotalQuery({ services, levels, interval: stepText(stepMs) }),
      queryType: 'range',
      step: stepText(stepMs),
    },
  ];
}

/**
 * TraceQL metrics compare() of the services' server spans over one window: failing against the rest,
 * or slow (SLOW_SPAN_MS, as the service detail's slow traces) against the rest. One compare() per
 * request: without streaming, Grafana's Tempo data source names each answer after its series, not
 * its query, so two in one request could not be told apart.
 */
export function compareQueries(services: string[], stepMs: number, split: 'failing' | 'slow' = 'failing') {
  return [
    {
      refId: split === 'slow' ? 'compareSlow' : 'compare',
      queryType: 'traceql',
      query: split === 'slow' ? slowCompareQuery({ services }) : failureCompareQuery({ services }),
      metricsQueryType: 'range',
      step: stepText(stepMs),
    },
  ];
}

/** The deployed and replaced versions' duration histogram over one window (versionLatencyQuery's text). */
export function versionLatencyQueries(query: string, stepMs: number) {
  return [{ refId: 'latency', queryType: 'traceql', query, metricsQueryType: 'range', step: stepText(stepMs) }];
}

/** A sample of the services' server spans with the attributes compared, over one window. */
export function spanSampleQueries(services: string[]) {
  return [
    {
      refId: 'sample',
      queryType: 'traceql',
      query: spanSampleQuery({ services }),
      limit: SAMPLE_TRACES,
      spss: SAMPLE_SPANS_PER_TRACE,
      tableType: 'traces',
    },
  ];
}

/**
 * One service's client spans at or above `thresholdMs`, with what they called: a TraceQL search (every
 * span kind), at most SLOW_CALL_TRACES traces and SLOW_CALL_SPANS_PER_TRACE spans of each.
 */
export function slowCallQueries(service: string, thresholdMs: number) {
  return [
    {
      refId: 'slowCalls',
      queryType: 'traceql',
      query: slowCallsQuery({ service, minDurationMs: thresholdMs }),
      limit: SLOW_CALL_TRACES,
      spss: SLOW_CALL_SPANS_PER_TRACE,
      tableType: 'traces',
    },
  ];
}

/** Services compared when none is chosen: the incident's most failing, then busiest (a bound at the server). */
export const RED_TOP_SERVICES = 50;

/**
 * Rate, error fraction and p95 of the services over one window (all three in one request). Without
 * services, the RED_TOP_SERVICES top services of the incident window, the same set for both windows.
 */
export function redWindowQueries(profile: RedProfileId, services: string[], incident?: Window) {
  const q =
    services.length === 0 && incident
      ? topServicesRedQueries(profile, { limit: RED_TOP_SERVICES, window: incident })
      : redQueries(profile, { services });
  return (['rate', 'errors', 'duration'] as const).map((refId) => ({
    refId,
    expr: q[refId],
    range: true,
    legendFormat: `{{${RED_PROFILES[profile].serviceLabel}}}`,
  }));
}
