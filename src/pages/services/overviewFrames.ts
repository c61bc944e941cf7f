import type { DataFrame } from '@grafana/data';
import { overviewOrder } from '../../queries/promql';
import { serviceRows, type ServiceRed } from '../../shared/serviceRows';

/**
 * Reads the overview's answers (pure): the list (refIds rate, errors, count, all) and the figures of
 * the rows on screen (refIds duration, spark).
 */

/** The single value of a one-series answer (`count(...)`), if there is one. */
function single(frames: DataFrame[], refId: string): number | undefined {
  const field = frames.find((f) => f.refId === refId)?.fields.find((f) => f.type === 'number');
  const v = field?.values.length ? Number(field.values[field.values.length - 1]) : undefined;
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

export interface OverviewList {
  rows: ServiceRed[];
  /** Services matching the search (all services without one). */
  matching?: number;
  /** Services in all. */
  total?: number;
}

export function overviewList(frames: DataFrame[], serviceLabel: string, searching: boolean): OverviewList {
  const rows = serviceRows(
    frames.filter((f) => f.refId === 'rate' || f.refId === 'errors'),
    serviceLabel
  ).sort(overviewOrder);
  // `count` of nothing is no series at all: no service matched.
  const matching = single(frames, 'count') ?? (frames.some((f) => f.refId === 'count') ? 0 : undefined);
  return { rows, matching, total: searching ? single(frames, 'all') : matching };
}

export type RowFigures = Pick<ServiceRed, 'p95' | 'errorSeries'>;

export function visibleFigures(frames: DataFrame[], serviceLabel: string): Record<string, RowFigures> {
  const renamed = frames
    .filter((f) => f.refId === 'duration' || f.refId === 'spark')
    .map((f) => (f.refId === 'spark' ? { ...f, refId: 'errors' } : f));
  return Object.fromEntries(
    serviceRows(renamed, serviceLabel).map((r) => [r.service, { p95: r.p95, errorSeries: r.errorSeries }])
  );
}
