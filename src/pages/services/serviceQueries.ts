import { errorLogsQuery } from '../../queries/logql';
import { errorTracesQuery, SLOW_SPAN_MS, slowTracesQuery } from '../../queries/traceql';
import type { CorrelateSettings } from '../../settings/types';

/** A service's error logs, error traces and slow traces, as data (pure). */
export const serviceErrorLogs = (service: string, settings: CorrelateSettings) => [
  {
    refId: 'errors',
    expr: errorLogsQuery({ services: [service], levels: settings.errorLevels }),
    queryType: 'range',
    maxLines: settings.maxLines,
  },
];

export const SLOW_TRACE_MS = SLOW_SPAN_MS;

/**
 * One TraceQL search per request: Grafana's Tempo data source sends the first query's text for every
 * query of a request (grafana#93453), and with streaming on names every answer `traces`.
 */
const traceSearch = (refId: string, query: string) => [
  { refId, queryType: 'traceql', query, limit: 20, tableType: 'traces' },
];

export const serviceErrorTraceSearch = (service: string) =>
  traceSearch('errorTraces', errorTracesQuery({ services: [service] }));

export const serviceSlowTraceSearch = (service: string) =>
  traceSearch('slowTraces', slowTracesQuery({ services: [service], minDurationMs: SLOW_TRACE_MS }));
