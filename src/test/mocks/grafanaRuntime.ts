import { LoadingState, PanelPlugin, type DataFrame, type DataQueryRequest, type PanelData } from '@grafana/data';
import { setBackendSrv, setDataSourceSrv, setPluginImportUtils, setRunRequest } from '@grafana/runtime';
import { sceneGraph, type SceneObject } from '@grafana/scenes';
import { map, of, timer, type Observable } from 'rxjs';

/**
 * Grafana's data source service and run-request, faked for scene tests: data sources by uid, every
 * request recorded (data source, queries, time range, when it started), answers from a function of
 * the test, optionally after a delay.
 */
export interface FakeDs {
  uid: string;
  type: string;
  name: string;
  isDefault?: boolean;
}

export const FAKE_DS: FakeDs[] = [
  { uid: 'loki-uid', type: 'loki', name: 'Loki', isDefault: true },
  { uid: 'tempo-uid', type: 'tempo', name: 'Tempo', isDefault: true },
  { uid: 'metrics-uid', type: 'prometheus', name: 'Mimir', isDefault: true },
];

export interface RecordedRequest {
  uid: string;
  type: string;
  targets: Array<Record<string, any>>;
  fromMs: number;
  toMs: number;
  startedAt: number;
}

export type Answer = DataFrame[] | Error;
export type Responder = (req: RecordedRequest) => Answer;

function instance(
  ds: FakeDs,
  metricFindValues: string[],
  handle: (ds: FakeDs, request: DataQueryRequest) => Observable<PanelData>
) {
  return {
    ...ds,
    meta: { id: ds.type, name: ds.name },
    getRef: () => ({ uid: ds.uid, type: ds.type }),
    // Used by query variables (Loki's service_name values).
    metricFindQuery: async () => metricFindValues.map((text) => ({ text, value: text })),
    // Used by code that queries a data source directly (the dashboard panel).
    query: (request: DataQueryRequest) =>
      handle(ds, request).pipe(map((d) => ({ data: d.series, errors: d.errors, state: d.state }))),
  };
}

export function installFakeRuntime(opts: {
  respond: Responder;
  delayMs?: number;
  services?: string[];
  dataSources?: FakeDs[];
}) {
  const dataSources = opts.dataSources ?? FAKE_DS;
  const requests: RecordedRequest[] = [];
  const byUid = (uid: string | undefined) => dataSources.find((d) => d.uid === uid);
  const handle = (ds: { uid: string; type: string }, request: DataQueryRequest): Observable<PanelData> => {
    const rec: RecordedRequest = {
      uid: ds.uid,
      type: ds.type,
      targets: request.targets as any,
      fromMs: request.range.from.valueOf(),
      toMs: request.range.to.valueOf(),
      startedAt: Date.now(),
    };
    requests.push(rec);
    const answer = (): PanelData => {
      const result = opts.respond(rec);
      return result instanceof Error
        ? { state: LoadingState.Error, series: [], errors: [{ message: result.message }], timeRange: request.range }
        : { state: LoadingState.Done, series: result, timeRange: request.range };
    };
    return opts.delayMs ? timer(opts.delayMs).pipe(map(answer)) : of(answer());
  };
  setDataSourceSrv({
    getList: (filters?: { pluginId?: string }) =>
      dataSources.filter((d) => !filters?.pluginId || d.type === filters.pluginId) as any,
    getInstanceSettings: (ref: any) => {
      const ds = byUid(typeof ref === 'string' ? ref : ref?.uid);
      return ds ? ({ ...ds, meta: { id: ds.type }, getRef: () => ({ uid: ds.uid, type: ds.type }) } as any) : undefined;
    },
    get: async (ref: any, scopedVars?: any) => {
      let uid: string | undefined =
        typeof ref === 'string' ? ref : (ref?.uid ?? dataSources.find((d) => d.type === ref?.type && d.isDefault)?.uid);
      const scene: SceneObject | undefined = scopedVars?.__sceneObject?.value?.valueOf();
      if (uid && uid.includes('$') && scene) {
        uid = sceneGraph.interpolate(scene, uid);
      }
      const ds = byUid(uid);
      if (!ds) {
        throw new Error(`Data source ${uid} was not found`);
      }
      return instance(ds, opts.services ?? [], handle) as any;
    },
    reload: () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as any);
  setRunRequest((ds: any, request: DataQueryRequest): Observable<PanelData> => handle(ds, request));
  installPanelPlugins();
  return { requests };
}

/** The metric names the metrics data source answers with when `auto` RED detection asks for them. */
export function installFakeMetricNames(names: string[]) {
  setBackendSrv({ fetch: () => of({ data: { status: 'success', data: names } }) } as any);
}

let panelPluginsInstalled = false;

/** Panels that render load their plugin: a plugin that draws nothing (Grafana allows setting this once). */
function installPanelPlugins() {
  if (!panelPluginsInstalled) {
    setPluginImportUtils({
      importPanelPlugin: (id: string) => Promise.resolve(emptyPanelPlugin(id)),
      getPanelPluginFromCache: (id: string) => emptyPanelPlugin(id),
    });
    panelPluginsInstalled = true;
  }
}

function emptyPanelPlugin(id: string): PanelPlugin {
  const plugin = new PanelPlugin(() => null);
  plugin.meta = { id, name: id, type: 'panel', info: { version: '1.0.0', logos: { small: '', large: '' } } } as any;
  return plugin;
}

/** Activates a scene object with everything it owns (variables, time range, data), as rendering would. */
export function activateWithParents(object: SceneObject): () => void {
  const stops: Array<() => void> = [];
  const chain: SceneObject[] = [];
  for (let o: SceneObject | undefined = object; o; o = o.parent) {
    chain.unshift(o);
  }
  for (const o of chain) {
    stops.push(o.activate());
  }
  let stopped = false;
  return () => {
    if (!stopped) {
      stopped = true;
      stops.reverse().forEach((stop) => stop());
    }
  };
}

/** Lets pending promises and zero-delay observables settle. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
