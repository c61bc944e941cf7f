import { errorsUrl, exploreTracesUrl, serviceUrl, type UrlDataSources } from '../../app/urls';
import type { ChangeLink } from '../../correlation/changes/types';
import type { Windows } from '../../correlation/changes/windows';

export interface LinkContext {
  windows: Windows;
  dataSources: UrlDataSources;
}

/**
 * The view that shows a row's evidence: the Errors page for a signature (the incident window), a
 * service's detail for RED (both windows when they touch), Explore's TraceQL search for a span
 * attribute or a version. Pure.
 */
export function changeLinkUrl(link: ChangeLink, ctx: LinkContext): string {
  const { incident, baseline } = ctx.windows;
  const both = ctx.windows.mode === 'previous' ? { from: baseline.fromMs, to: incident.toMs } : undefined;
  const range = { from: incident.fromMs, to: incident.toMs };
  switch (link.to) {
    case 'errors':
      return errorsUrl({
        range,
        services: link.services,
        search: link.search,
        signature: link.signature,
        dataSources: ctx.dataSources,
      });
    case 'service':
      return serviceUrl(link.service, { range: both ?? range, dataSources: ctx.dataSources });
    case 'traces':
      return ctx.dataSources.tempo
        ? exploreTracesUrl(ctx.dataSources.tempo, link.query, { fromMs: incident.fromMs, toMs: incident.toMs })
        : errorsUrl({ range, dataSources: ctx.dataSources });
  }
}
