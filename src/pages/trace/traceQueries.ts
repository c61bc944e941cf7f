import { errorLogsQuery, traceLogsQuery, traceLogsTextQuery } from '../../queries/logql';
import type { CorrelateSettings } from '../../settings/types';

/** The queries of the trace investigation, as data (pure, so the page's requests can be tested). */

export const traceQuery = (traceId: string) => ({ refId: 'trace', queryType: 'traceql', query: traceId });

/** One request: the trace_id metadata query and the line-filter fallback for ids in the text. */
export const traceLogsQueries = (traceId: string, settings: CorrelateSettings) => [
  {
    refId: 'metadata',
    expr: traceLogsQuery(traceId, settings.traceIdFields),
    queryType: 'range',
    maxLines: settings.maxLines,
  },
  { refId: 'text', expr: traceLogsTextQuery(traceId), queryType: 'range', maxLines: settings.maxLines },
];

export const serviceErrorLogsQueries = (service: string, settings: CorrelateSettings) => [
  {
    refId: 'errors',
    expr: errorLogsQuery({ services: [service], levels: settings.errorLevels }),
    queryType: 'range',
    maxLines: Math.min(settings.maxLines, 200),
  },
];
