import { errorLogsQuery, errorVolumeQuery, type ErrorLogsOptions } from '../../queries/logql';

/** The Errors page's two queries, sent in one request: the log lines and their volume per service. */
export function errorsPageQueries(filters: ErrorLogsOptions, maxLines: number) {
  return [
    { refId: 'logs', expr: errorLogsQuery(filters), queryType: 'range', maxLines },
    { refId: 'volume', expr: errorVolumeQuery(filters), queryType: 'range', legendFormat: '{{service_name}}' },
  ];
}
