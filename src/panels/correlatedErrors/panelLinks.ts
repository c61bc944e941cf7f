import { errorsUrl, traceUrl, type UrlDataSources, type UrlTimeRange } from '../../app/urls';
import type { ErrorSignature } from '../../correlation/errorSignature';
import type { LogRow } from '../../correlation/logRows';

/**
 * A line opens its trace investigation around the line's time, the dashboard's range as the trace
 * query's range; a line without a trace id, nothing.
 */
export function lineLink(row: LogRow, ctx: { range: UrlTimeRange; dataSources: UrlDataSources }): string | undefined {
  if (!row.traceId) {
    return undefined;
  }
  return traceUrl(row.traceId, {
    timeMs: Number.isFinite(row.timeMs) ? row.timeMs : undefined,
    service: row.service,
    lookupRange: ctx.range,
    dataSources: ctx.dataSources,
  });
}

/** A signature opens the Errors page filtered to it, for the dashboard's range and services. */
export function signatureLink(
  s: ErrorSignature,
  ctx: { range: UrlTimeRange; services: string[]; dataSources: UrlDataSources }
): string {
  return errorsUrl({
    range: ctx.range,
    services: ctx.services,
    signature: s.fingerprint,
    dataSources: ctx.dataSources,
  });
}
