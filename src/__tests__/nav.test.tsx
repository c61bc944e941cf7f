import React from 'react';
import { render, screen } from '@testing-library/react';
import type { SceneAppPage } from '@grafana/scenes';
import pluginJson from '../plugin.json';
import { loadCorrelateApp } from '../app/correlateApp';
import { healthUrl } from '../app/urls';
import { HEALTH_TITLE } from '../pages/health/HealthPage';
import { DEFAULT_SETTINGS } from '../settings/types';
import { testIds } from '../testIds';

const APP_URL = `/a/${pluginJson.id}`;
type Include = { type: string; name: string; path?: string; addToNav?: boolean; defaultNav?: boolean };
const includes: Include[] = pluginJson.includes;
const pathOf = (i: Include) => (i.path ?? '').replace('%PLUGIN_ID%', pluginJson.id);

/**
 * The app's entries under Apps, the way Grafana builds them from plugin.json: grafana/grafana
 * pkg/services/navtree/navtreeimpl/applinks.go processAppPlugin (read in two stored forms, before and
 * after path nesting; the same here). Pages with addToNav become children; a page with defaultNav and
 * addToNav becomes the app's own link and is then removed from the children.
 */
function grafanaNav() {
  let appUrl = APP_URL;
  const children: Array<{ text: string; url: string }> = [];
  for (const include of includes) {
    if (include.type === 'page' && include.addToNav) {
      const url = include.path ? pathOf(include) : `/plugins/${pluginJson.id}/page/`;
      if (include.defaultNav) {
        appUrl = url;
      }
      children.push({ text: include.name, url });
    }
  }
  return { url: appUrl, children: children.filter((c) => c.url !== appUrl) };
}

/** The app's pages, as title and URL: the SceneApp's, and Health (plain React, its own page chrome). */
let pages: Array<{ state: { title: string; url: string } }> = [];
let scenePages: SceneAppPage[] = [];
beforeAll(async () => {
  scenePages = (await loadCorrelateApp(DEFAULT_SETTINGS)).state.pages as SceneAppPage[];
  pages = [...scenePages, { state: { title: HEALTH_TITLE, url: healthUrl() } }];
});

describe('navigation under Apps → Correlate', () => {
  it('lists every page of the app', () => {
    const byUrl = (a: { url: string }, b: { url: string }) => a.url.localeCompare(b.url);
    const nav = grafanaNav();
    expect(nav.url).toBe(APP_URL); // the app's root, which opens Errors
    expect([...nav.children].sort(byUrl)).toEqual(
      pages.map((p) => ({ text: p.state.title, url: p.state.url })).sort(byUrl)
    );
    expect(grafanaNav().children.map((c) => c.text)).toEqual([
      'Errors',
      'Services',
      'Trace investigation',
      'What changed',
      'Health',
    ]);
  });

  it('names in plugin.json only pages the app has, by their titles', () => {
    const navPages = includes.filter((i) => i.type === 'page');
    expect(navPages.every((i) => i.addToNav)).toBe(true);
    for (const include of navPages) {
      const page = pages.find((p) => p.state.url === pathOf(include));
      expect(page?.state.title).toBe(include.name);
    }
  });

  it('opens the trace page without an id on its form for pasting one', async () => {
    const trace = scenePages.find((p) => p.state.url === `${APP_URL}/trace`)!;
    const scene = trace.state.getScene!({ url: `${APP_URL}/trace`, path: 'trace/*', isExact: true, params: {} });
    render(<scene.Component model={scene} />);
    expect(await screen.findByTestId(testIds.trace.idInput)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.trace.idOpen)).toBeInTheDocument();
  });
});
