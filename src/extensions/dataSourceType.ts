import { getDataSourceSrv } from '@grafana/runtime';

/** The type of the data source with this uid in this Grafana, or undefined (unknown uid, no service). */
export function dataSourceType(uid: string): string | undefined {
  try {
    return getDataSourceSrv()?.getInstanceSettings(uid)?.type;
  } catch {
    return undefined;
  }
}
