import { getDataSourceSrv } from '@grafana/runtime';
import { pickDataSource, SIGNAL_PLUGIN_ID, type PickedDataSource, type SignalKind } from './dataSources';

/** The data source for a signal in this Grafana instance (see pickDataSource). */
export function resolveDataSource(kind: SignalKind, configuredUid?: string): PickedDataSource {
  let list: ReturnType<ReturnType<typeof getDataSourceSrv>['getList']> = [];
  try {
    list = getDataSourceSrv().getList({ pluginId: SIGNAL_PLUGIN_ID[kind] });
  } catch {
    list = [];
  }
  return pickDataSource(
    kind,
    list.map((ds) => ({ uid: ds.uid, type: ds.type, name: ds.name, isDefault: ds.isDefault })),
    configuredUid
  );
}
