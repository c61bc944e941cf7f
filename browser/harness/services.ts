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
 * The location service is Grafana's default: the browser's history.
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

// Logos are left empty: Grafana's own data source icons are not served by this host.
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
  setRunRequest((ds, request) => {
    calls.push({ service: 'datasource', what: `${ds.type} runRequest` });
    return of(noData(request));
  });
  setPluginImportUtils({
    importPanelPlugin: async (id: string) => emptyPanelPlugin(id),
    getPanelPluginFromCache: (id: string) => emptyPanelPlugin(id),
  });
}
