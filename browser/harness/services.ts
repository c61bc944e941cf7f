import React from 'react';
import {
  LoadingState,
  PanelPlugin,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
  type PanelData,
} from '@grafana/data';
import {
  setBackendSrv,
  setDataSourceSrv,
  setPluginImportUtils,
  setRunRequest,
  type BackendSrv,
  type DataSourceSrv,
} from '@grafana/runtime';
import { of } from 'rxjs';

/**
 * Grafana's runtime services, as simple doubles, so a plugin's components can render in this host:
 * a Loki, a Tempo and a Prometheus data source that answer every query with no data, a backend
 * that answers every request with an empty success, and panel plugins (Grafana's own, which a
 * plugin's scenes load by id) that draw an empty box. Every request made to them is recorded.
 * The location service is Grafana's default: the browser's history. Each stand-in names the grafana
 * file it stands in for (public/app/app.ts sets them at start-up: setDataSourceSrv, setBackendSrv,
 * setRunRequest(runRequest), setPluginImportUtils({ importPanelPlugin, getPanelPluginFromCache:
 * syncGetPanelPlugin })), read with find_string/read_file in the stored versions (the same in each
 * for what is used here; the v12.4.0 and v13.2.x tags' own text is not stored).
 */
export interface RecordedCall {
  service: 'datasource' | 'backend' | 'panel-plugin';
  what: string;
}

export const calls: RecordedCall[] = [];

const DATA_SOURCES = [
  { uid: 'harness-loki', type: 'loki', name: 'Loki' },
  { uid: 'harness-tempo', type: 'tempo', name: 'Tempo' },
  { uid: 'harness-prometheus', type: 'prometheus', name: 'Prometheus' },
];

type HarnessDataSource = (typeof DATA_SOURCES)[number];

// A data source's settings as the frontend gets them in its boot data (`config.datasources`, written by
// pkg/api/frontendsettings.go getFSDataSources): uid, type, name, meta (the plugin's plugin.json), jsonData,
// access 'proxy', and getRef as DatasourceSrv adds it. Logos are left empty: Grafana's own data
// source icons are not served by this host.
export function instanceSettings(
  ds: { uid: string; type: string; name: string; isDefault?: boolean },
  id: number
): DataSourceInstanceSettings {
  return {
    ...ds,
    id,
    isDefault: ds.isDefault ?? true,
    access: 'proxy',
    readOnly: false,
    jsonData: {},
    meta: {
      id: ds.type,
      name: ds.name,
      type: 'datasource',
      module: `core:plugin/${ds.type}`,
      baseUrl: '',
      info: {
        author: { name: 'Grafana Labs' },
        description: ds.name,
        links: [],
        logos: { small: '', large: '' },
        screenshots: [],
        updated: '',
        version: '',
      },
    },
    getRef: () => ({ uid: ds.uid, type: ds.type }),
  } as unknown as DataSourceInstanceSettings;
}

const settings = (ds: HarnessDataSource) => instanceSettings(ds, DATA_SOURCES.indexOf(ds) + 1);

function find(ref: unknown): HarnessDataSource | undefined {
  const r = ref as { uid?: string; type?: string } | string | null | undefined;
  if (r == null) {
    return DATA_SOURCES[0];
  }
  if (typeof r === 'string') {
    return DATA_SOURCES.find((d) => d.uid === r || d.name === r);
  }
  return DATA_SOURCES.find((d) => d.uid === r.uid) ?? DATA_SOURCES.find((d) => !r.uid && d.type === r.type);
}

function noData(request: DataQueryRequest): PanelData {
  return { state: LoadingState.Done, series: [], timeRange: request.range };
}

// A DataSourceApi instance (packages/grafana-data/src/types/datasource.ts): query() returns an Observable
// of DataQueryResponse; here every query is answered at once with no frames.
function instance(ds: HarnessDataSource) {
  return {
    ...settings(ds),
    query: (request: DataQueryRequest) => {
      calls.push({ service: 'datasource', what: `${ds.type} query` });
      return of({ data: [], state: LoadingState.Done });
    },
    metricFindQuery: async () => {
      calls.push({ service: 'datasource', what: `${ds.type} metricFindQuery` });
      return [];
    },
    getTagKeys: async () => [],
    getTagValues: async () => [],
    interpolateVariablesInQueries: (queries: unknown[]) => queries,
  };
}

// DatasourceSrv (public/app/features/plugins/datasource_srv.ts): getList(filters) over the configured
// data sources (here filtered by pluginId/type only; Grafana also filters metrics, tracing, logs, …),
// getInstanceSettings(ref or uid or name), get(ref) resolving to the instance or rejecting
// "Datasource: … was not found".
const dataSourceSrv = {
  getList: (filters?: { pluginId?: string; type?: string | string[] }) =>
    DATA_SOURCES.filter((d) => {
      const types = [filters?.pluginId, filters?.type].flat().filter(Boolean);
      return types.length === 0 || types.includes(d.type);
    }).map(settings),
  getInstanceSettings: (ref: unknown) => {
    const ds = find(ref);
    return ds && settings(ds);
  },
  get: async (ref: unknown) => {
    const ds = find(ref);
    if (!ds) {
      throw new Error(`Data source ${JSON.stringify(ref)} was not found`);
    }
    return instance(ds);
  },
  reload: async () => undefined,
  registerRuntimeDataSource: () => undefined,
};

// BackendSrv (public/app/core/services/backend_srv.ts): fetch() is an Observable of a FetchResponse
// ({ data, status, ok, url, … }); get/post resolve to the body; datasourceRequest is its promise form.
const backendSrv = {
  fetch: (options: { url: string }) => {
    calls.push({ service: 'backend', what: `fetch ${options.url}` });
    return of({ data: { status: 'success', data: [] }, status: 200, ok: true, url: options.url });
  },
  get: async (url: string) => {
    calls.push({ service: 'backend', what: `get ${url}` });
    return {};
  },
  post: async (url: string) => {
    calls.push({ service: 'backend', what: `post ${url}` });
    return {};
  },
  datasourceRequest: async (options: { url: string }) => {
    calls.push({ service: 'backend', what: `datasourceRequest ${options.url}` });
    return { data: {}, status: 200 };
  },
};

// importPanelPlugin and syncGetPanelPlugin (public/app/features/plugins/importPanelPlugin.ts): a PanelPlugin
// with its meta, loaded from its module. Here always an empty one, even from the "cache" (Grafana's
// is empty until the first import): the host cannot run Grafana's own panels.
function emptyPanelPlugin(id: string): PanelPlugin {
  calls.push({ service: 'panel-plugin', what: id });
  const plugin = new PanelPlugin(() => React.createElement('div', { 'data-harness-panel': id }));
  plugin.meta = {
    id,
    name: id,
    type: 'panel',
    module: `core:plugin/${id}`,
    baseUrl: '',
    info: { version: '', logos: { small: '', large: '' } },
  } as unknown as PanelPlugin['meta'];
  return plugin;
}

export function installServices() {
  setDataSourceSrv(dataSourceSrv as unknown as DataSourceSrv);
  setBackendSrv(backendSrv as unknown as BackendSrv);
  // runRequest (public/app/features/query/state/runRequest.ts): a data source's answers as PanelData.
  setRunRequest((ds, request) => {
    calls.push({ service: 'datasource', what: `${ds.type} runRequest` });
    return of(noData(request));
  });
  setPluginImportUtils({
    importPanelPlugin: async (id: string) => emptyPanelPlugin(id),
    getPanelPluginFromCache: (id: string) => emptyPanelPlugin(id),
  });
}
