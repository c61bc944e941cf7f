import { errorLogsQuery } from '../../queries/logql';
import { errorTracesQuery, slowTracesQuery } from '../../queries/traceql';
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

export const SLOW_TRACE_MS = 1000;

export const serviceTraceSearches = (service: string) => [
  {
    refId: 'errorTraces',
    queryType: 'traceql',
    query: errorTracesQuery({ services: [service] }),
    limit: 20,
    tableType: 'traces',
  },
  {
    refId: 'slowTraces',
    queryType: 'traceql',
    query: slowTracesQuery({ services: [service], minDurationMs: SLOW_TRACE_MS }),
    limit: 20,
    tableType: 'traces',
  },
];
