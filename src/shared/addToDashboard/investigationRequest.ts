import { config } from '@grafana/runtime';
import { investigationDashboard } from '../../dashboards/investigation';
import { DashboardBuildError, type DataSourceUids } from '../../dashboards/panelModel';
import { resolveRedProfile } from '../../settings/resolveRedProfile';
import type { CorrelateSettings } from '../../settings/types';
import type { AddRequest } from './requests';

/** The whole investigation of a service as a new dashboard, with the RED metric family the page uses. */
export async function investigationRequest(input: {
  service: string;
  settings: CorrelateSettings;
  traceId?: string;
  uids: DataSourceUids;
  range: { from: string; to: string; fromMs: number; toMs: number };
}): Promise<AddRequest> {
  const detection = await resolveRedProfile(input.settings.redSource, input.uids.metrics);
  try {
    const dashboard = investigationDashboard({
      service: input.service,
      traceId: input.traceId,
      profile: detection.profile,
      settings: input.settings,
      dataSources: input.uids,
      range: input.range,
      subUrl: config.appSubUrl,
    });
    return { kind: 'dashboard', dashboard, what: 'the investigation of this service' };
  } catch (e) {
    if (e instanceof DashboardBuildError) {
      return { kind: 'error', message: e.message };
    }
    throw e;
  }
}
