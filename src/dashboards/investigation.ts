import type { Panel } from '@grafana/schema';
import { serviceUrl, traceUrl } from '../app/urls';
import { isTraceId } from '../correlation/traceId';
import type { RedProfileId } from '../queries/redProfiles';
import type { CorrelateSettings } from '../settings/types';
import type { SignalKind } from '../settings/dataSources';
import {
  dataSourceRef,
  dataSourceVariable,
  DashboardBuildError,
  newDashboard,
  relativeTime,
  toPanel,
  variableRef,
  type DashboardDto,
  type DataSourceUids,
} from './panelModel';
import { edgesView, errorLogsView, RED_METRICS, redView } from './views';

/** The nested panel plugin's id (src/panels/correlatedErrors/plugin.json). */
export const CORRELATED_ERRORS_PANEL = 'correlate-errors-panel';

export interface InvestigationInput {
  service: string;
  /** The RED metric family the page found; without one the RED graphs are left out. */
  profile?: RedProfileId;
  settings: CorrelateSettings;
  dataSources: DataSourceUids;
  /** The page's range: relative strings are kept, an absolute range becomes "the last" of its length. */
  range: { from: unknown; to: unknown; fromMs?: number; toMs?: number };
  /** From the trace page: the trace the link back also opens. */
  traceId?: string;
  /**
   * Grafana's sub-path (`config.appSubUrl`, "" at the root). The text panel's links are plain anchors:
   * a click goes through Grafana's interceptLinkClicks (stripBaseFromUrl, then the router), but "open in
   * a new tab" follows the href as written, so it must carry the sub-path.
   */
  subUrl?: string;
}

/** A sub-path as Grafana writes appSubUrl ("/grafana", no trailing slash); anything else is none. */
function subPath(subUrl: unknown): string {
  return typeof subUrl === 'string' && /^(\/[A-Za-z0-9._~-]+)+$/.test(subUrl) ? subUrl : '';
}

/**
 * Markdown text that shows `value` as written: every character but letters, digits and spaces as an
 * HTML entity, so neither Markdown, HTML nor Grafana's `$variable` interpolation of the text panel
 * reads anything in it.
 */
export function markdownText(value: string): string {
  return [...value].map((ch) => (/[\p{L}\p{N} ]/u.test(ch) ? ch : `&#${ch.codePointAt(0)};`)).join('');
}

/** A URL inside a Markdown link: its parentheses encoded, so a `)` in a name does not end the link. */
function markdownUrl(url: string): string {
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** Dashboard titles are plain text: control characters dropped, the length bounded. */
function titleText(service: string): string {
  return `Correlate: ${service.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 150)}`;
}

/**
 * "The whole investigation" of a service as a new dashboard: a link back to Correlate, its RED, its
 * error logs with the Correlated errors panel, and its callers and callees. The panels use the
 * dashboard's data source variables (`${loki}`, `${metrics}`), which start at the page's data sources,
 * so a team can point the dashboard at another stack.
 */
export function investigationDashboard(input: InvestigationInput): DashboardDto {
  const { service, profile, settings, dataSources } = input;
  if (typeof service !== 'string' || service.trim() === '' || service.length > 200) {
    throw new DashboardBuildError('No service to add. Open a service from the Services page, then add it again.');
  }
  if (input.traceId !== undefined && !isTraceId(input.traceId)) {
    throw new DashboardBuildError('This page has no valid trace id to add. Open the trace again from its log line.');
  }
  // Both are checked first: a dashboard whose variables point nowhere would show errors in every panel.
  const loki = dataSourceRef('loki', dataSources).uid!;
  const metrics = dataSourceRef('metrics', dataSources).uid!;
  const signals: SignalKind[] = ['loki', 'metrics'];
  const base = subPath(input.subUrl);
  const links = [`[Open ${markdownText(service)} in Correlate](${markdownUrl(base + serviceUrl(service))})`];
  if (input.traceId) {
    links.push(`[Open trace ${input.traceId} in Correlate](${markdownUrl(base + traceUrl(input.traceId))})`);
  }
  const panels: Panel[] = [
    {
      id: 1,
      type: 'text',
      title: 'Investigate in Correlate',
      gridPos: { x: 0, y: 0, w: 24, h: 3 },
      options: { mode: 'markdown', content: links.join(' · ') },
    },
  ];
  let y = 3;
  if (profile) {
    RED_METRICS.forEach((m, i) =>
      panels.push(
        toPanel(redView(profile, service, m.refId), variableRef('metrics'), { x: i * 8, y, w: 8, h: 8 }, 2 + i)
      )
    );
    y += 8;
  }
  panels.push({
    id: 5,
    type: CORRELATED_ERRORS_PANEL,
    title: 'Correlated errors',
    gridPos: { x: 0, y, w: 12, h: 12 },
    // The panel queries Loki itself (options, not targets): its data source by uid.
    options: { lokiUid: loki, services: [service], levels: settings.errorLevels },
  });
  panels.push(toPanel(errorLogsView(service, settings), variableRef('loki'), { x: 12, y, w: 12, h: 12 }, 6));
  y += 12;
  panels.push(toPanel(edgesView(service), variableRef('metrics'), { x: 0, y, w: 24, h: 8 }, 7));
  return newDashboard({
    title: titleText(service),
    panels,
    time: relativeTime(input.range),
    variables: signals.map((s) => dataSourceVariable(s, s === 'loki' ? loki : metrics)),
    tags: ['correlate'],
  });
}
