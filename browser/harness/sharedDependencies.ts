import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUI from '@grafana/ui';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as reactDomClient from 'react-dom/client';
import * as reactRouter from 'react-router';
import * as jsxRuntime from 'react/jsx-runtime';
import * as rxjs from 'rxjs';

/**
 * The modules a plugin's `define([...])` may name, as Grafana provides them
 * (public/app/features/plugins/loader/sharedDependencies.ts, v12.4 and v13.2): a module, or a
 * function that loads it when a plugin first asks. The host's own copy of each package is given, so
 * React contexts, the theme and runtime services are shared with the plugin as in Grafana.
 *
 * Left out, because this host has no copy of them: Grafana's internal `app/core/*` modules, jQuery
 * Flot, d3, slate-react and monaco-kusto. A plugin that asks for one fails to load here with
 * SystemJS's "unable to resolve" error, naming it.
 *
 * Different from Grafana: 'react-router' is react-router 6 itself; Grafana gives
 * react-router-dom-v5-compat, which re-exports react-router 6's API.
 */
export type SharedDependency = object | (() => Promise<object>);

export const sharedDependencies: Record<string, SharedDependency> = {
  '@emotion/css': emotionCss,
  '@emotion/react': () => import('@emotion/react'),
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUI,
  emotion: emotionCss,
  // Grafana shares its i18next instance.
  i18next: () => import('i18next').then((m) => m.default),
  jquery: () => import('jquery').then((m) => ({ default: m.default, __useDefault: true })),
  lodash: () => import('lodash').then((m) => ({ ...m, __useDefault: true })),
  moment: () => import('moment').then((m) => ({ ...m, __useDefault: true })),
  prismjs: () => import('prismjs'),
  react,
  'react/jsx-runtime': jsxRuntime,
  'react/jsx-dev-runtime': () => import('react/jsx-dev-runtime'),
  'react-dom': reactDom,
  'react-dom/client': reactDomClient,
  'react-inlinesvg': () => import('react-inlinesvg'),
  'react-redux': () => import('react-redux'),
  'react-router': reactRouter,
  redux: () => import('redux'),
  rxjs,
  'rxjs/operators': () => import('rxjs/operators'),
};
