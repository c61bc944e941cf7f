import React from 'react';
import type { TimeRange } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import type { Panel } from '@grafana/schema';
import { Button } from '@grafana/ui';

/**
 * Grafana's exposed `grafana/add-to-dashboard-form/v1`, as far as a caller sees it, for the Chromium
 * tests of the path Grafana 12.4 and 13.2 take (the harness has no Grafana core). Reproduces
 * grafana/grafana public/app/features/dashboard-scene/addToDashboard/AddToDashboardFormExposedComponent.tsx
 * (props onClose, buildPanel, timeRange, options) and addToDashboard.ts addToDashboard() for the
 * "New dashboard" target: `buildPanel(options)`, a DashboardDTO `{ meta: {}, dashboard: { title: '',
 * uid: '', panels: [panel], schemaVersion, time: timeRange.raw } }` written with store.setObject (JSON
 * in localStorage under DASHBOARD_FROM_LS_KEY), then `locationService.push('dashboard/new')`, with a
 * leading '/' when `options.useAbsolutePath`. The existing-dashboard picker is not reproduced.
 */
export const ADD_TO_DASHBOARD_FORM_ID = 'grafana/add-to-dashboard-form/v1';
/** DASHBOARD_SCHEMA_VERSION of grafana public/app/features/dashboard/state/DashboardMigrator.ts at 13.2. */
const SCHEMA_VERSION = 42;

interface Props {
  onClose?: () => void;
  buildPanel?: (options: unknown) => Panel;
  timeRange?: TimeRange;
  options?: { useAbsolutePath?: boolean };
}

export function AddToDashboardFormDouble({ onClose = () => {}, buildPanel, timeRange, options }: Props) {
  const submit = () => {
    const panel = buildPanel ? buildPanel(options) : { type: 'timeseries', title: 'New panel', targets: [] };
    const dashboard: Record<string, unknown> = { title: '', uid: '', panels: [panel], schemaVersion: SCHEMA_VERSION };
    if (timeRange) {
      const raw = timeRange.raw;
      dashboard.time = {
        from: typeof raw.from === 'string' ? raw.from : raw.from.toISOString(),
        to: typeof raw.to === 'string' ? raw.to : raw.to.toISOString(),
      };
    }
    window.localStorage.setItem('DASHBOARD_FROM_LS_KEY', JSON.stringify({ meta: {}, dashboard }));
    locationService.push(options?.useAbsolutePath ? '/dashboard/new' : 'dashboard/new');
    onClose();
  };
  return (
    <form data-testid="grafana-add-to-dashboard-form">
      <Button type="button" onClick={submit}>
        Open dashboard
      </Button>
    </form>
  );
}
