import { redQueries } from '../queries/promql';
import { RED_PROFILES, type RedProfileId } from '../queries/redProfiles';
import { serviceEdgesQueries } from '../queries/serviceGraph';
import { serviceErrorLogs } from '../pages/services/serviceQueries';
import { traceLogsQueries, traceQuery } from '../pages/trace/traceQueries';
import type { CorrelateSettings } from '../settings/types';
import { isTraceId } from '../correlation/traceId';
import { DashboardBuildError, type ViewPanel } from './panelModel';

/**
 * Correlate's views as dashboard panels, built with the same query builders the pages use (so the
 * escaping of every service name and trace id is theirs), and drawn with the same visualisation.
 * Titles never hold a service name: Grafana interpolates panel titles (`${__user.email}`).
 */

export type RedMetric = 'rate' | 'errors' | 'duration';

/** The three RED graphs of a page, in order: title and unit as `RedSection` draws them. */
export const RED_METRICS: Array<{ refId: RedMetric; title: string; unit: string }> = [
  { refId: 'rate', title: 'Requests', unit: 'reqps' },
  { refId: 'errors', title: 'Error rate', unit: 'percentunit' },
  { refId: 'duration', title: 'p95 latency', unit: 's' },
];

/** One RED graph of one service: its own query (the page filters a shared one per service). */
export function redView(profile: RedProfileId, service: string, metric: RedMetric): ViewPanel {
  const m = RED_METRICS.find((x) => x.refId === metric);
  if (!m) {
    throw new Error(`Unknown RED metric ${String(metric)}`);
  }
  const q = redQueries(profile, { services: [service] });
  return {
    title: m.title,
    type: 'timeseries',
    signal: 'metrics',
    targets: [
      {
        refId: m.refId,
        expr: q[m.refId],
        range: true,
        legendFormat: `{{${RED_PROFILES[profile].serviceLabel}}}`,
        ...(m.refId === 'duration' ? { exemplar: true } : {}),
      },
    ],
    fieldConfig: { defaults: { unit: m.unit, noValue: 'No data' }, overrides: [] },
    maxDataPoints: 200,
  };
}

/** A service's error logs, as on its detail page. */
export function errorLogsView(service: string, settings: CorrelateSettings): ViewPanel {
  return {
    title: 'Error logs',
    type: 'logs',
    signal: 'loki',
    targets: serviceErrorLogs(service, settings),
    options: { showTime: true },
    fieldConfig: { defaults: { noValue: 'No error logs from this service in this time range.' }, overrides: [] },
  };
}

/**
 * A service's direct callers and callees with their requests/s, error fraction and p95, one row per
 * edge: the service detail page's instant queries, joined on the edge as a table.
 */
export function edgesView(service: string): ViewPanel {
  const q = serviceEdgesQueries(service);
  const refs = ['requests', 'errors', 'p95'] as const;
  return {
    title: 'Callers and callees',
    type: 'table',
    signal: 'metrics',
    targets: refs.map((refId) => ({ refId, expr: q[refId], instant: true, range: false, format: 'table' })),
    // Grafana's own transformations: one row per (client, server), a column per query.
    transformations: [
      { id: 'merge', options: {} },
      {
        id: 'organize',
        options: {
          excludeByName: { Time: true },
          renameByName: {
            client: 'Caller',
            server: 'Callee',
            'Value #requests': 'Requests/s',
            'Value #errors': 'Errors',
            'Value #p95': 'p95',
          },
        },
      },
    ],
    fieldConfig: {
      defaults: { noValue: 'No calls to or from this service in this time range.' },
      overrides: [
        { matcher: { id: 'byName', options: 'Requests/s' }, properties: [{ id: 'unit', value: 'reqps' }] },
        { matcher: { id: 'byName', options: 'Errors' }, properties: [{ id: 'unit', value: 'percentunit' }] },
        { matcher: { id: 'byName', options: 'p95' }, properties: [{ id: 'unit', value: 's' }] },
      ],
    },
  };
}

/** The trace panel of the trace page. */
export function traceView(traceId: string): ViewPanel {
  checkTraceId(traceId);
  return { title: 'Trace', type: 'traces', signal: 'tempo', targets: [traceQuery(traceId)] };
}

/** "Logs of this trace" in these services. */
export function traceLogsView(traceId: string, settings: CorrelateSettings, services: string[]): ViewPanel {
  checkTraceId(traceId);
  return {
    title: 'Logs of this trace',
    type: 'logs',
    signal: 'loki',
    targets: traceLogsQueries(traceId, settings, services),
    options: { showTime: true, wrapLogMessage: true, sortOrder: 'Ascending' },
  };
}

function checkTraceId(traceId: string) {
  if (typeof traceId !== 'string' || !isTraceId(traceId)) {
    throw new DashboardBuildError('This page has no valid trace id to add. Open the trace again from its log line.');
  }
}
