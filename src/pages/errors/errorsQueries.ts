import { errorLogsQuery, errorVolumeQuery, volumePerService, type ErrorLogsOptions } from '../../queries/logql';

/**
 * The Errors page's two queries, sent in one request: the log lines and their volume, per service for
 * a bounded selection of services, else the total of every service (Loki's 500-series limit).
 */
export function errorsPageQueries(filters: ErrorLogsOptions, maxLines: number, knownServices = 0) {
  const perService = volumePerService(filters.services, knownServices);
  return [
    { refId: 'logs', expr: errorLogsQuery(filters), queryType: 'range', maxLines },
    {
      refId: 'volume',
      expr: errorVolumeQuery({ ...filters, knownServices }),
      queryType: 'range',
      legendFormat: perService ? '{{service_name}}' : 'All services',
    },
  ];
}
