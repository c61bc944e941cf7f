import { errorLogsQuery, traceLogsQuery, traceLogsTextQuery } from '../../queries/logql';
import { ERROR_SPANS_ASKED } from '../../correlation/largeTrace';
import { traceByIdSearchQuery, traceErrorSpansQuery } from '../../queries/traceql';
import type { CorrelateSettings } from '../../settings/types';

/** The queries of the trace investigation, as data (pure, so the page's requests can be tested). */

export const traceQuery = (traceId: string) => ({ refId: 'trace', queryType: 'traceql', query: traceId });

/**
 * One request in the given services: the trace_id metadata query and the line-filter fallback for
 * ids in the text. Before the trace is known, the log line's service; then the trace's services.
 */
export const traceLogsQueries = (traceId: string, settings: CorrelateSettings, services: string[]) => [
  {
    refId: 'metadata',
    expr: traceLogsQuery(traceId, settings.traceIdFields, services),
    queryType: 'range',
    maxLines: settings.maxLines,
  },
  { refId: 'text', expr: traceLogsTextQuery(traceId, services), queryType: 'range', maxLines: settings.maxLines },
];

/**
 * Added on each side of the trace's span when its logs are looked for. A span's own clock can be
 * off by seconds from the host that timestamps its logs, exporters batch log records for seconds
 * before sending, and a shipper that stamps lines when it reads them can lag further behind; work
 * logged just after the response (access logs, retries, cleanup) also falls after the span. One
 * minute covers those with room to spare and keeps the read to the trace's own minutes.
 */
export const TRACE_LOGS_MARGIN_MS = 60_000;

export const serviceErrorLogsQueries = (service: string, settings: CorrelateSettings) => [
  {
    refId: 'errors',
    expr: errorLogsQuery({ services: [service], levels: settings.errorLevels }),
    queryType: 'range',
    maxLines: Math.min(settings.maxLines, 200),
  },
];

/**
 * The size check sent before the trace: one trace, one span, Tempo's JSON (`tableType: 'raw'` keeps
 * `serviceStats` and `matched`; largeTrace.ts). A few kilobytes, whatever the trace's size.
 */
export const traceSizeQuery = (traceId: string) => ({
  refId: 'size',
  queryType: 'traceql',
  query: traceByIdSearchQuery(traceId),
  tableType: 'raw',
  limit: 1,
  spss: 1,
});

/** A large trace's failing spans with their parents: at most Tempo's default `max_spans_per_span_set`. */
export const traceErrorSpansTarget = (traceId: string) => ({
  refId: 'errors',
  queryType: 'traceql',
  query: traceErrorSpansQuery(traceId),
  tableType: 'raw',
  limit: 1,
  spss: ERROR_SPANS_ASKED,
});

/**
 * Where the size check looks: ten minutes around the log line, else the trace's lookup range. A miss
 * (a trace outside the window) costs nothing but the check: the trace is then fetched as before.
 */
export const SIZE_CHECK_MARGIN_MS = 10 * 60_000;
