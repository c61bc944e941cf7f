import { dateTime } from '@grafana/data';
import {
  DashboardBuildError,
  newDashboard,
  relativeTime,
  standalonePanel,
  type DataSourceUids,
  type ViewPanel,
} from '../../dashboards/panelModel';
import type { AddRequest } from './requests';

/** "Add to dashboard" of one panel: the panel by data source uid, over a relative range of the page's length. */
export function panelRequest(
  view: ViewPanel | undefined,
  uids: DataSourceUids,
  range: { from: string; to: string; fromMs: number; toMs: number }
): AddRequest {
  if (!view) {
    return { kind: 'error', message: 'This panel has no query yet. Wait until it has loaded, then try again.' };
  }
  try {
    const panel = standalonePanel(view, uids);
    const time = relativeTime(range);
    // Grafana's form writes `timeRange.raw` as the dashboard's time: relative, so it is not pinned to today.
    const timeRange = { from: dateTime(range.fromMs), to: dateTime(range.toMs), raw: time };
    return { kind: 'panel', panel, timeRange, dashboard: newDashboard({ title: view.title, panels: [panel], time }) };
  } catch (e) {
    if (e instanceof DashboardBuildError) {
      return { kind: 'error', message: e.message };
    }
    throw e;
  }
}
