import React from 'react';
import { createRoot } from 'react-dom/client';
import { Route, Routes } from 'react-router';
import {
  dateTime,
  EventBusSrv,
  LoadingState,
  PanelOptionsEditorBuilder,
  PluginContextProvider,
  standardEditorsRegistry,
  type AppPlugin,
  type AppPluginMeta,
  type PanelPlugin,
  type PanelProps,
  type PluginMeta,
} from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { GlobalStyles } from '@grafana/ui';
import { recordError } from './errors';
import { HostRouter } from '../../src/test/mocks/hostRouter';

/**
 * Mounts a loaded plugin's UI the way Grafana hosts it: an app's root page and config page, its
 * exposed components, a panel and a panel's option editor. Each view gets its own React root in
 * `<div data-harness-view="NAME">`, inside a router on Grafana's location service.
 */
export interface LoadedPlugin {
  meta: PluginMeta;
  plugin: AppPlugin | PanelPlugin;
}

/**
 * Grafana's global styles (box-sizing, fonts, form resets), which Grafana's app root renders once
 * (public/app/AppWrapper.tsx); without them inputs are wider than their wrappers and cover the
 * buttons beside them.
 */
export function mountGlobalStyles() {
  // Grafana's body has no margin (grafana/grafana public/sass/base/_normalize.scss): without this
  // every page here is 8 px wider than the window.
  document.body.style.margin = '0';
  const container = document.createElement('div');
  container.dataset.harnessGlobalStyles = 'true';
  document.body.appendChild(container);
  createRoot(container).render(<GlobalStyles />);
}

/** Numbers views mounted more than once (panels, exposed components), so each has its own name. */
let mountCount = 0;

function mount(name: string, element: React.ReactElement): string {
  const container = document.createElement('div');
  container.dataset.harnessView = name;
  document.getElementById('root')!.appendChild(container);
  const report = (kind: string) => (error: unknown) => recordError(`${kind} in view ${name}`, error);
  // React 19 (the 13.2 host) reports render errors through these options. React 18 (the 12.4 host)
  // ignores all but onRecoverableError; its development build replays a render error in a dispatched
  // event (react-dom.development.js beginWork$1, invokeGuardedCallback), so the page's error listener
  // (errors.ts) records it, caught by an error boundary or not.
  createRoot(container, {
    onUncaughtError: report('uncaught render error'),
    onCaughtError: report('render error caught by an error boundary'),
    onRecoverableError: report('recoverable render error'),
  }).render(<HostRouter>{element}</HostRouter>);
  return name;
}

function app(loaded: LoadedPlugin) {
  return loaded.plugin as AppPlugin;
}

export function mountAppRoot(loaded: LoadedPlugin, path: string): string {
  const Root = app(loaded).root;
  if (!Root) {
    throw new Error(`${loaded.meta.id} has no root page`);
  }
  locationService.push(path);
  const basename = `/a/${loaded.meta.id}`;
  // Grafana renders an app's root page on the route /a/:pluginId/* (public/app/features/plugins/routes.tsx).
  const root = (
    <Root meta={loaded.meta as AppPluginMeta} path={basename} basename={basename} query={{}} onNavChanged={() => {}} />
  );
  return mount(
    'app-root',
    <Routes>
      <Route path={`${basename}/*`} element={root} />
    </Routes>
  );
}

export function mountConfigPage(loaded: LoadedPlugin, pageId: string): string {
  const page = app(loaded).configPages?.find((p) => p.id === pageId);
  if (!page) {
    throw new Error(`${loaded.meta.id} has no config page ${pageId}`);
  }
  const Body = page.body;
  return mount(`config-${pageId}`, <Body plugin={app(loaded)} query={{}} />);
}

export function mountExposedComponent(loaded: LoadedPlugin, id: string, props: Record<string, unknown>): string {
  const config = app(loaded).exposedComponentConfigs.find((c) => c.id === id);
  if (!config) {
    throw new Error(`${loaded.meta.id} exposes no component ${id}`);
  }
  const Component = config.component as React.ComponentType<Record<string, unknown>>;
  // Grafana renders an exposed component inside its own plugin's context (wrapWithPluginContext in
  // public/app/features/plugins/extensions/utils.tsx): it reads its app's settings from there.
  return mount(
    `exposed-${id}-${++mountCount}`,
    <PluginContextProvider meta={loaded.meta}>
      <Component {...props} />
    </PluginContextProvider>
  );
}

/** What the dashboard around a panel gives it: its variables and time range. */
export interface PanelHost {
  /** Dashboard variables by name, with their current values. */
  variables?: Record<string, string | string[]>;
  /** The dashboard's range in epoch ms (default: the last hour). */
  range?: { fromMs: number; toMs: number };
}

/**
 * Grafana's replaceVariables for a panel: `$name`, `${name}` and `${name:format}` of the dashboard's
 * variables (the `json` format as Grafana's formatRegistry writes it); an unknown variable stays as
 * written, as in Grafana.
 */
function replaceVariables(variables: Record<string, string | string[]>) {
  return (text: string) =>
    text.replace(/\$\{(\w+)(?::(\w+))?\}|\$(\w+)/g, (match, braced: string, format: string, bare: string) => {
      const value = variables[braced ?? bare];
      if (value === undefined) {
        return match;
      }
      if (format === 'json') {
        return JSON.stringify(value);
      }
      return Array.isArray(value) ? `{${value.join(',')}}` : value;
    });
}

export function mountPanel(loaded: LoadedPlugin, options: Record<string, unknown>, host: PanelHost = {}): string {
  const plugin = loaded.plugin as PanelPlugin;
  const Panel = plugin.panel as React.ComponentType<PanelProps>;
  if (!Panel) {
    throw new Error(`${loaded.meta.id} has no panel component`);
  }
  const to = dateTime(host.range?.toMs);
  const from = host.range ? dateTime(host.range.fromMs) : dateTime(to).subtract(1, 'hour');
  const timeRange = { from, to, raw: host.range ? { from, to } : { from: 'now-1h', to: 'now' } };
  const props: PanelProps = {
    id: 1,
    title: loaded.meta.name,
    data: { state: LoadingState.Done, series: [], timeRange },
    timeRange,
    timeZone: 'utc',
    options: { ...plugin.defaults, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width: 800,
    height: 400,
    renderCounter: 0,
    eventBus: new EventBusSrv(),
    replaceVariables: replaceVariables(host.variables ?? {}),
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    onChangeTimeRange: () => {},
  };
  const name = `panel-${loaded.meta.id}-${++mountCount}`;
  return mount(name, <Panel {...props} />);
}

function optionItems(plugin: PanelPlugin) {
  const builder = new PanelOptionsEditorBuilder<Record<string, unknown>>();
  const options = { ...plugin.defaults };
  plugin.getPanelOptionsSupplier()(builder, { data: [], options });
  return { items: builder.getItems(), options };
}

/** What a loaded plugin registers that the host can mount. */
export interface PluginParts {
  configPages: string[];
  exposedComponents: string[];
  /** Paths of the panel options with an editor of the plugin's own (not one of Grafana's standard ones). */
  customOptionEditors: string[];
}

export function describePlugin(loaded: LoadedPlugin): PluginParts {
  if (loaded.meta.type === 'app') {
    const plugin = app(loaded);
    return {
      configPages: (plugin.configPages ?? []).map((p) => p.id),
      exposedComponents: plugin.exposedComponentConfigs.map((c) => c.id),
      customOptionEditors: [],
    };
  }
  const standard = new Set(standardEditorsRegistry.list().map((e) => e.editor));
  return {
    configPages: [],
    exposedComponents: [],
    customOptionEditors: optionItems(loaded.plugin as PanelPlugin)
      .items.filter((i) => !standard.has(i.editor))
      .map((i) => i.path),
  };
}

export function mountPanelOptionEditor(loaded: LoadedPlugin, path: string, value: unknown): string {
  const { items, options } = optionItems(loaded.plugin as PanelPlugin);
  const item = items.find((i) => i.path === path);
  if (!item) {
    throw new Error(`${loaded.meta.id} has no option ${path}`);
  }
  const Editor = item.editor;
  return mount(
    `option-${loaded.meta.id}-${path}`,
    <Editor value={value} onChange={() => {}} item={item} context={{ data: [], options }} />
  );
}
