import { LINE_SERVICES } from '../../correlation/topErrorServices';
import {
  errorLogsQuery,
  errorVolumeQuery,
  serviceBatches,
  topErrorServicesQuery,
  volumePerService,
  type ErrorLogsOptions,
} from '../../queries/logql';

/** The refId of the count query of batch `i` (no service chosen, more services than one chart holds). */
export const countRefId = (i: number) => `count${i}`;

export interface ErrorsPagePlan {
  /** The first request: with services chosen, the lines and the volume (one request); else the counts. */
  queries: Array<{ refId: string; expr: string; queryType: string; [k: string]: unknown }>;
  /** No service chosen: the lines are read once the counts name the services with the most errors. */
  linesAfterCounts: boolean;
  /** Where those counts are: the per-service volume chart (`range`), or instant batches (`instant`). */
  countsFrom?: { kind: 'range' | 'instant'; refIds: string[] };
}

/**
 * The Errors page's first request. With services chosen: the lines and their volume, one request. With
 * none: the volume, and (when the chart is not per service) one instant count per batch of Loki's
 * known services, under Loki's 500-series limit; the lines follow (`errorsLinesQueries`), as a line
 * query over every stream would read every line of the range. `rangeMs` is the page's time range.
 */
export function errorsPageQueries(
  filters: ErrorLogsOptions,
  maxLines: number,
  knownServices: string[] = [],
  rangeMs = 0
): ErrorsPagePlan {
  const known = knownServices.length;
  const perService = volumePerService(filters.services, known);
  const volume = {
    refId: 'volume',
    expr: errorVolumeQuery({ ...filters, knownServices: known }),
    queryType: 'range',
    legendFormat: perService ? '{{service_name}}' : 'All services',
  };
  if (filters.services.length > 0) {
    return {
      queries: [{ refId: 'logs', expr: errorLogsQuery(filters), queryType: 'range', maxLines }, volume],
      linesAfterCounts: false,
    };
  }
  if (perService) {
    return { queries: [volume], linesAfterCounts: true, countsFrom: { kind: 'range', refIds: ['volume'] } };
  }
  // One more than the lines read per batch: more than LINE_SERVICES services in all means some were left out.
  const counts = serviceBatches(knownServices).map((batch, i) => ({
    refId: countRefId(i),
    expr: topErrorServicesQuery({ ...filters, services: batch, rangeMs, top: LINE_SERVICES + 1 }),
    queryType: 'instant',
  }));
  return {
    queries: [volume, ...counts],
    linesAfterCounts: true,
    countsFrom: { kind: 'instant', refIds: counts.map((c) => c.refId) },
  };
}

/** The lines of the services the counts found (never every stream: throws on none). */
export function errorsLinesQueries(filters: ErrorLogsOptions, services: string[], maxLines: number) {
  if (services.length === 0) {
    throw new Error('No services to read lines of.');
  }
  return [{ refId: 'logs', expr: errorLogsQuery({ ...filters, services }), queryType: 'range', maxLines }];
}
