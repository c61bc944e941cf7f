import React from 'react';
import { PluginContextProvider, type AppPlugin, type PanelPlugin, type PluginMeta } from '@grafana/data';
import { setPluginComponentHook } from '@grafana/runtime';
import { ADD_TO_DASHBOARD_FORM_ID, AddToDashboardFormDouble } from './addToDashboardForm';
import { errors } from './errors';
import {
  describePlugin,
  mountAppRoot,
  mountConfigPage,
  mountExposedComponent,
  mountPanel,
  mountPanelOptionEditor,
  type LoadedPlugin,
  type PanelHost,
  type PluginParts,
} from './mount';
import type { DemoRuntime } from './demo/runtime';
import type { ScaleMeasures, ScaleRuntime } from './scale/runtime';
import { calls } from './services';
import { grafanaLine, sharedDependencies } from './sharedDependencies';
import { importPluginModule, type LoadingStrategy } from './systemjs';

/** A plugin as Grafana's frontend knows it from its settings. */
export interface PluginToLoad {
  id: string;
  name: string;
  type: 'app' | 'panel';
  module: string;
  baseUrl: string;
  version: string;
  loadingStrategy: LoadingStrategy;
  jsonData?: Record<string, unknown>;
}

/** What a test drives in the page, as `window.harness`. */
export interface Harness {
  /** Loads module.js as Grafana does; resolves to the names the module exports. */
  load(plugin: PluginToLoad): Promise<string[]>;
  /** The config pages, exposed components and custom option editors a loaded plugin registers. */
  describe(id: string): PluginParts;
  mountAppRoot(appId: string, path: string): string;
  navigate(path: string): void;
  mountConfigPage(appId: string, pageId: string): string;
  mountExposedComponent(appId: string, componentId: string, props: Record<string, unknown>): string;
  mountPanel(panelId: string, options: Record<string, unknown>, host?: PanelHost): string;
  mountPanelOptionEditor(panelId: string, path: string, value: unknown): string;
  errors(): string[];
  serviceCalls(): string[];
  /** With `?runtime=demo`: the demo's moment, and what the data sources and the backend were asked. */
  demo(): { now: number } | undefined;
  dataRequests(): DataRequest[];
  backendRequests(): Array<{ url: string; method?: string; data?: unknown }>;
  failNextSave(status: number, message: string): void;
  /** From now on, Grafana's exposed add-to-dashboard form is present (as in Grafana 12.4 and 13.2). */
  provideAddToDashboardForm(): void;
  delayBackend(ms: number): void;
  /** With `?runtime=scale`: what the benchmark measured so far. */
  scale(): ScaleMeasures | undefined;
  /** With `?runtime=scale`: long tasks count from now on. */
  scaleMarkStart(): void;
  /** The end of the supported Grafana range this host page was built for, and its React. */
  grafana(): { line: '12.4' | '13.2'; react: string };
  /** The ids of the modules the host hands to plugins (Grafana's sharedDependenciesMap keys). */
  sharedModuleIds(): string[];
}

/** A request Correlate made to a data source: its queries' texts and time range. */
export interface DataRequest {
  uid: string;
  type: string;
  fromMs: number;
  toMs: number;
  queries: string[];
  /** When it was made (epoch ms). */
  at: number;
  maxDataPoints?: number;
  intervalMs?: number;
  /** Each query's refId and, for Prometheus, whether it is instant (as `queries`, in order). */
  targets: Array<{ refId: string; instant: boolean }>;
}

/**
 * Grafana's usePluginComponent: an exposed component of a loaded app, rendered in that app's plugin
 * context (public/app/features/plugins/extensions/usePluginComponent.tsx and utils.tsx
 * wrapWithPluginContext). One wrapper per id, so a host's re-render keeps the component mounted.
 */
function installPluginComponents(loaded: Record<string, LoadedPlugin>, grafana: { forms: boolean }) {
  const wrapped = new Map<string, React.ComponentType<Record<string, unknown>>>();
  setPluginComponentHook((id: string) => {
    if (id === ADD_TO_DASHBOARD_FORM_ID) {
      return { isLoading: false, component: grafana.forms ? (AddToDashboardFormDouble as never) : null };
    }
    if (!wrapped.has(id)) {
      const owner = Object.values(loaded).find(
        (p) => p.meta.type === 'app' && (p.plugin as AppPlugin).exposedComponentConfigs.some((c) => c.id === id)
      );
      const config = owner && (owner.plugin as AppPlugin).exposedComponentConfigs.find((c) => c.id === id);
      if (!owner || !config) {
        return { isLoading: false, component: null };
      }
      const Component = config.component as React.ComponentType<Record<string, unknown>>;
      wrapped.set(id, (props) =>
        React.createElement(PluginContextProvider, { meta: owner.meta }, React.createElement(Component, props))
      );
    }
    return { isLoading: false, component: wrapped.get(id)! as never };
  });
}

export function createHarness(
  navigate: (path: string) => void,
  demo?: DemoRuntime & Partial<Pick<ScaleRuntime, 'measures' | 'markStart'>>
): Harness {
  const needDemo = () => {
    if (!demo) {
      throw new Error('Open the harness with ?runtime=demo for the demo data sources');
    }
    return demo;
  };
  const loaded: Record<string, LoadedPlugin> = {};
  const grafana = { forms: false };
  installPluginComponents(loaded, grafana);
  const get = (id: string) => {
    const plugin = loaded[id];
    if (!plugin) {
      throw new Error(`${id} is not loaded`);
    }
    return plugin;
  };

  return {
    async load(p) {
      const exports = await importPluginModule(p.module, p.version, p.loadingStrategy);
      const plugin = exports.plugin as AppPlugin | PanelPlugin | undefined;
      if (!plugin) {
        throw new Error(`${p.module} exports no plugin (exports: ${Object.keys(exports).join(', ')})`);
      }
      const meta = {
        id: p.id,
        name: p.name,
        type: p.type,
        module: p.module,
        baseUrl: p.baseUrl,
        enabled: true,
        jsonData: p.jsonData ?? {},
        info: { version: p.version, logos: { small: `${p.baseUrl}img/logo.svg`, large: `${p.baseUrl}img/logo.svg` } },
      } as unknown as PluginMeta;
      plugin.meta = meta as never;
      if (p.type === 'app') {
        (plugin as AppPlugin).init(meta as never);
      }
      loaded[p.id] = { meta, plugin };
      return Object.keys(exports);
    },
    describe: (id) => describePlugin(get(id)),
    mountAppRoot: (appId, path) => mountAppRoot(get(appId), path),
    navigate,
    mountConfigPage: (appId, pageId) => mountConfigPage(get(appId), pageId),
    mountExposedComponent: (appId, componentId, props) => mountExposedComponent(get(appId), componentId, props),
    mountPanel: (panelId, options, host) => mountPanel(get(panelId), options, host),
    mountPanelOptionEditor: (panelId, path, value) => mountPanelOptionEditor(get(panelId), path, value),
    errors: () => [...errors],
    serviceCalls: () => calls.map((c) => `${c.service}: ${c.what}`),
    demo: () => demo && { now: demo.now },
    dataRequests: () =>
      needDemo().requests.map((r) => ({
        uid: r.uid,
        type: r.type,
        fromMs: r.fromMs,
        toMs: r.toMs,
        queries: r.targets.map((t) => String(t.expr ?? t.query ?? '')),
        at: r.startedAt,
        maxDataPoints: r.maxDataPoints,
        intervalMs: r.intervalMs,
        targets: r.targets.map((t) => ({ refId: String(t.refId), instant: Boolean(t.instant) && !t.range })),
      })),
    backendRequests: () => needDemo().backendRequests.map(({ url, method, data }) => ({ url, method, data })),
    failNextSave: (status, message) => needDemo().failNextSave(status, message),
    provideAddToDashboardForm: () => {
      grafana.forms = true;
    },
    delayBackend: (ms) => needDemo().delayBackend(ms),
    scale: () => demo?.measures?.(),
    scaleMarkStart: () => demo?.markStart?.(),
    grafana: () => ({ line: grafanaLine, react: React.version }),
    sharedModuleIds: () => Object.keys(sharedDependencies),
  };
}
