import { locationService } from '@grafana/runtime';
import type { DashboardDto } from '../../dashboards/panelModel';

/**
 * The local-storage key Grafana's new-dashboard page loads a whole dashboard from, the way Explore's
 * "Add to dashboard" hands one over (grafana public/app/types/dashboard.ts DASHBOARD_FROM_LS_KEY;
 * read by public/app/features/dashboard-scene/pages/DashboardScenePageStateManager.ts fetchDashboard
 * and written by public/app/features/dashboard-scene/addToDashboard/addToDashboard.ts with
 * `store.setObject`, i.e. JSON in localStorage; both in 12.4 and 13.2).
 */
export const DASHBOARD_FROM_LS_KEY = 'DASHBOARD_FROM_LS_KEY';

/** Opens a new, unsaved dashboard holding `dto`; returns what went wrong, if anything. */
export function openNewDashboard(dto: DashboardDto): string | undefined {
  try {
    window.localStorage.setItem(DASHBOARD_FROM_LS_KEY, JSON.stringify(dto));
  } catch {
    return 'The browser refused to hand the dashboard over (its local storage is full or blocked). Free some space or allow site data, then try again.';
  }
  // An absolute path: from /a/<app>/..., a relative one would stay inside the app.
  locationService.push('/dashboard/new');
  return undefined;
}
