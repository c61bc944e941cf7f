// Reproduces grafana/grafana public/app/features/query/state/runRequest.ts (runRequest and
// processResponsePacket, the same in 12.4 and 13.2: packets kept by `key ?? first frame's refId ?? 'A'`,
// the latest packet of a key replacing the earlier one, annotation frames split off, a thrown error giving
// `error` but no `errors`, a Loading state after 200 ms without an answer) and the data source service;
// each data source type answers through the double of its upstream query() (lokiDatasource,
// tempoDatasource, prometheusDatasource). Template variables in query texts are not interpolated.
/* eslint-disable @typescript-eslint/no-deprecated -- Grafana 12.4 and 13.2 still fill the deprecated `error` */
import {
  DataTopic,
  LoadingState,
  type DataFrame,
  PanelPlugin,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type PanelData,
} from '@grafana/data';
import { setBackendSrv, setDataSourceSrv, setPluginImportUtils, setRunRequest } from '@grafana/runtime';
import { sceneGraph, type SceneObject } from '@grafana/scenes';
import { catchError, map, Observable, of } from 'rxjs';
import { fakeBackendSrv } from './backendSrv';
import { callBackend, toQueryResponse, type Backend, type RecordedRequest, type Responder } from './backendQuery';
import { lokiQuery, STACK_LOKI_DERIVED_FIELDS, type LokiOptions } from './lokiDatasource';
import { prometheusQuery, type PrometheusOptions } from './prometheusDatasource';
import { tempoQuery, type TempoOptions } from './tempoDatasource';

export type { Answer, RecordedRequest, Responder } from './backendQuery';

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

/** Tempo and Loki configured as our development stack provisions them. */
export const STACK_TEMPO: TempoOptions = {
  streaming: true,
  metricsStreaming: true,
  nodeGraph: true,
  timeShiftEnabled: false,
};
/** Mimir's exemplar links as our development stack provisions them (to the Tempo data source). */
export const STACK_PROMETHEUS: PrometheusOptions = {
  exemplarTraceIdDestinations: [
    { name: 'traceID', datasourceUid: 'tempo-uid', urlDisplayLabel: 'Open trace' },
    { name: 'trace_id', datasourceUid: 'tempo-uid', urlDisplayLabel: 'Open trace' },
  ],
};
export const STACK_LOKI: LokiOptions = {
  derivedFields: STACK_LOKI_DERIVED_FIELDS,
  querySplitting: true,
  maxLines: 1000,
};

function dsQuery(
  ds: FakeDs,
  backend: Backend,
  request: DataQueryRequest,
  opts: { loki?: LokiOptions; tempo?: TempoOptions; prometheus?: PrometheusOptions }
) {
  switch (ds.type) {
    case 'loki':
      return lokiQuery(request, backend, { ...STACK_LOKI, ...opts.loki });
    case 'tempo':
      return tempoQuery(request, backend, { ...STACK_TEMPO, ...opts.tempo });
    case 'prometheus':
      return prometheusQuery(request, backend, { ...STACK_PROMETHEUS, ...opts.prometheus });
    default: {
      const range = { fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() };
      return callBackend(backend, request.targets, range).pipe(
        map((answer) => toQueryResponse(answer as never, request.targets))
      );
    }
  }
}

/** runRequest: the data source's answers merged into PanelData as Grafana does. */
function runRequest(query: Observable<DataQueryResponse>, request: DataQueryRequest): Observable<PanelData> {
  const packets = new Map<string, DataQueryResponse>();
  let panelData: PanelData = { state: LoadingState.Loading, series: [], timeRange: request.range, request };
  if (!request.targets.length) {
    return of({ ...panelData, state: LoadingState.Done });
  }
  const data = query.pipe(
    map((packet) => {
      const hidden = new Set(request.targets.filter((t) => t.hide).map((t) => t.refId));
      const frames = (packet.data ?? []).filter((f) => !hidden.has(f.refId));
      packets.set(packet.key ?? frames[0]?.refId ?? 'A', { ...packet, data: frames });
      let state = packet.state || LoadingState.Done;
      let error: DataQueryError | undefined;
      let errors: DataQueryError[] | undefined;
      const series: DataFrame[] = [];
      const annotations: DataFrame[] = [];
      for (const p of packets.values()) {
        if (p.error || p.errors?.length) {
          state = LoadingState.Error;
          error = p.error;
          errors = p.errors;
        }
        for (const frame of p.data) {
          (frame.meta?.dataTopic === DataTopic.Annotations ? annotations : series).push(frame);
        }
      }
      panelData = { state, series, annotations, error, errors, request, timeRange: request.range };
      return panelData;
    }),
    catchError((err: unknown) =>
      of({
        ...panelData,
        state: LoadingState.Error,
        error: { message: err instanceof Error ? err.message : String(err) },
      })
    )
  );
  // The Loading state after 200 ms without an answer (Grafana merges a timer into the shared answers).
  return new Observable<PanelData>((subscriber) => {
    const loading = setTimeout(() => subscriber.next(panelData), 200);
    const sub = data.subscribe({
      next: (d) => {
        clearTimeout(loading);
        subscriber.next(d);
      },
      complete: () => {
        clearTimeout(loading);
        subscriber.complete();
      },
    });
    return () => {
      clearTimeout(loading);
      sub.unsubscribe();
    };
  });
}

export function installFakeRuntime(opts: {
  respond: Responder;
  delayMs?: number;
  services?: string[];
  dataSources?: FakeDs[];
  /** Loki's configuration and feature toggles (default: as our development stack). */
  loki?: LokiOptions;
  /** Tempo's configuration (default: as our development stack, with streaming search). */
  tempo?: TempoOptions;
  /** The metrics data source's configuration (default: as our development stack, with exemplar links). */
  prometheus?: PrometheusOptions;
}) {
  const dataSources = opts.dataSources ?? FAKE_DS;
  /** What our code asked each data source for. */
  const requests: RecordedRequest[] = [];
  /** What reached the data sources' backends (after each data source's own handling). */
  const backendCalls: RecordedRequest[] = [];
  const backends = new Map<string, Backend>();
  const backendOf = (ds: FakeDs) => {
    if (!backends.has(ds.uid)) {
      backends.set(ds.uid, {
        uid: ds.uid,
        type: ds.type,
        respond: opts.respond,
        delayMs: opts.delayMs,
        calls: backendCalls,
      });
    }
    return backends.get(ds.uid)!;
  };
  const record = (ds: FakeDs, request: DataQueryRequest) =>
    requests.push({
      uid: ds.uid,
      type: ds.type,
      targets: request.targets as never,
      fromMs: request.range.from.valueOf(),
      toMs: request.range.to.valueOf(),
      startedAt: Date.now(),
      maxDataPoints: request.maxDataPoints,
      intervalMs: request.intervalMs,
    });
  const query = (ds: FakeDs, request: DataQueryRequest) => {
    record(ds, request);
    return dsQuery(ds, backendOf(ds), request, opts);
  };
  const byUid = (uid: string | undefined) => dataSources.find((d) => d.uid === uid);
  const instance = (ds: FakeDs) => ({
    ...ds,
    meta: { id: ds.type, name: ds.name },
    getRef: () => ({ uid: ds.uid, type: ds.type }),
    // Used by query variables (Loki's service_name values): Loki answers `{ text }` only
    // (grafana-loki-datasource src/datasource.ts labelValuesQuery).
    metricFindQuery: async () => (opts.services ?? []).map((text) => ({ text })),
    // Used by code that queries a data source directly (the dashboard panel).
    query: (request: DataQueryRequest) => query(ds, request),
  });
  // The meta's logos are read by @grafana/runtime's DataSourcePicker (13.2.2
  // dist/esm/components/DataSourcePicker.mjs, `ds.meta.info.logos.small`), as Grafana's settings carry them.
  const settings = (ds: FakeDs) => ({
    ...ds,
    meta: { id: ds.type, name: ds.name, info: { logos: { small: '', large: '' } } },
    getRef: () => ({ uid: ds.uid, type: ds.type }),
  });
  setDataSourceSrv({
    getList: (filters?: { pluginId?: string }) =>
      dataSources.filter((d) => !filters?.pluginId || d.type === filters.pluginId).map(settings) as any,
    getInstanceSettings: (ref: any) => {
      const ds = byUid(typeof ref === 'string' ? ref : ref?.uid);
      return ds ? (settings(ds) as any) : undefined;
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
      return instance(ds) as any;
    },
    reload: () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as any);
  setRunRequest((ds: any, request: DataQueryRequest): Observable<PanelData> => {
    const fake = byUid(ds.uid) ?? { uid: ds.uid, type: ds.type, name: ds.name };
    return runRequest(query(fake, request), request);
  });
  installPanelPlugins();
  return { requests, backendCalls };
}

/**
 * The metric names the metrics data source answers with when `auto` RED detection asks for them:
 * Prometheus's label values JSON, passed through the data source's resource proxy.
 */
export function installFakeMetricNames(names: string[]) {
  const backendSrv = fakeBackendSrv(() => ({ data: { status: 'success', data: names } }));
  setBackendSrv(backendSrv as any);
  return backendSrv;
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
