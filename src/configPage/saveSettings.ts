import { getBackendSrv, locationService } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type { CorrelateJsonData } from '../settings/types';

export interface PluginState {
  enabled?: boolean;
  pinned?: boolean;
}

/** Saves the plugin's settings; a rejected promise carries a message for the page. */
export async function saveSettings(pluginId: string, state: PluginState, jsonData: CorrelateJsonData): Promise<void> {
  try {
    await lastValueFrom(
      getBackendSrv().fetch({
        url: `/api/plugins/${encodeURIComponent(pluginId)}/settings`,
        method: 'POST',
        data: { enabled: state.enabled, pinned: state.pinned, jsonData },
        showErrorAlert: false,
      })
    );
  } catch (err) {
    const e = err as { status?: number; data?: { message?: string }; message?: string };
    const reason = e?.data?.message ?? e?.message ?? (e?.status ? `HTTP ${e.status}` : 'no answer from Grafana');
    throw new Error(
      `The configuration was not saved (${reason}). Check that you are an admin of this organization and try again.`
    );
  }
}

/** The running app reads its settings when the page loads: reload so they take effect. */
export function reloadApp() {
  locationService.reload();
}
