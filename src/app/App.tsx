import React, { startTransition, useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import type { SceneApp } from '@grafana/scenes';
import { Alert, LoadingPlaceholder, TextLink } from '@grafana/ui';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { hasTraceIdPatterns, loadSettings } from '../settings/loadSettings';
import { resolveRedProfile } from '../settings/resolveRedProfile';
import { resolveDataSource } from '../settings/resolveDataSources';
import type { CorrelateSettings } from '../settings/types';
import { testIds } from '../testIds';
import { AddToDashboardHost } from '../shared/addToDashboard/AddToDashboardHost';
import { PAGE_LOADERS, routeOfPath, type PlainPage } from './routes';
import { Re2Failed, useRe2 } from './useRe2';

// One SceneApp per Scenes route and settings, kept for the tab's life: coming back to a page reuses its
// scenes. A plain page keeps its state in the URL only, so its component is all there is to keep.
const sceneApps = new WeakMap<CorrelateSettings, Map<ROUTES, SceneApp>>();
const plainPages = new Map<ROUTES, PlainPage>();

type Shown = { kind: 'scenes'; app: SceneApp } | { kind: 'plain'; Page: PlainPage };

function cached(settings: CorrelateSettings, route: ROUTES): Shown | undefined {
  const app = sceneApps.get(settings)?.get(route);
  if (app) {
    return { kind: 'scenes', app };
  }
  const Page = plainPages.get(route);
  return Page ? { kind: 'plain', Page } : undefined;
}

/** Loads a route's code and keeps what it built; Scenes (and the SceneApp) only for a Scenes page. */
async function load(settings: CorrelateSettings, route: ROUTES): Promise<void> {
  const loaded = await PAGE_LOADERS[route]();
  if (loaded.kind === 'plain') {
    plainPages.set(route, loaded.Page);
    return;
  }
  // Its own small chunk: a static import would put Scenes on the Health page too.
  const { correlateApp } = await import('./correlateApp');
  const app = correlateApp([loaded.factory(settings)]);
  const apps = sceneApps.get(settings) ?? new Map<ROUTES, SceneApp>();
  apps.set(route, app);
  sceneApps.set(settings, apps);
}

/** One route's page: its code is loaded the first time it is opened. */
function RoutePage({ route, settings }: { route: ROUTES; settings: CorrelateSettings }) {
  const [failed, setFailed] = useState<{ route: ROUTES; reason: string }>();
  const [, setLoaded] = useState(0);
  const shown = cached(settings, route);
  useEffect(() => {
    if (cached(settings, route)) {
      return;
    }
    let live = true;
    load(settings, route).then(
      () => {
        if (live) {
          // A transition: React draws what this update draws in slices of a few ms that let the browser
          // run (issues 20, 25). Scenes draws a page's body once its objects are active, in an update of
          // its own that is not a transition: that one is still one task (its pickers, its panels).
          startTransition(() => setLoaded((n) => n + 1));
        }
      },
      (err: unknown) => live && setFailed({ route, reason: err instanceof Error ? err.message : String(err) })
    );
    return () => {
      live = false;
    };
  }, [route, settings]);

  if (shown?.kind === 'scenes') {
    return <shown.app.Component model={shown.app} />;
  }
  if (shown?.kind === 'plain') {
    return <shown.Page settings={settings} />;
  }
  if (failed?.route === route) {
    return (
      <Alert severity="error" title="Correlate could not load this page" data-testid={testIds.app.loadFailed}>
        {`Its code did not arrive (${failed.reason.slice(0, 200)}). Reload the page; if this keeps happening, check that Grafana serves this plugin's files.`}
      </Alert>
    );
  }
  return <LoadingPlaceholder text="Loading…" />;
}

/** The app root: RE2 if patterns are configured, the settings from the plugin's jsonData, then the page of the URL. */
function App({ meta }: AppRootProps) {
  const jsonData = meta?.jsonData;
  // Settings read before RE2 loaded would drop the configured patterns.
  const re2 = useRe2(hasTraceIdPatterns(jsonData));
  const settings = useMemo(
    () => (re2.status === 'loading' ? undefined : loadSettings(jsonData)),
    [jsonData, re2.status]
  );

  useEffect(() => {
    // Start finding the RED metric family now, so the first page with RED graphs does not wait for it.
    if (settings) {
      void resolveRedProfile(settings.redSource, resolveDataSource('metrics', settings.metricsUid).uid);
    }
  }, [settings]);

  const { pathname } = useLocation();
  const route = routeOfPath(pathname);
  useEffect(() => {
    if (route === null) {
      locationService.replace(`${PLUGIN_BASE_URL}/${ROUTES.Errors}`);
    }
  }, [route]);

  if (!settings || route === null) {
    return <LoadingPlaceholder text="Loading…" />;
  }
  return (
    <>
      {re2.status === 'failed' && <Re2Failed reason={re2.reason} testId={testIds.app.re2Failed} />}
      {route === undefined ? (
        <Alert severity="warning" title="No page at this address" data-testid={testIds.app.notFound}>
          Correlate has no page at {pathname.slice(0, 200)}. Check the link, or{' '}
          <TextLink href={`${PLUGIN_BASE_URL}/${ROUTES.Errors}`} inline>
            go to Errors
          </TextLink>
          .
        </Alert>
      ) : (
        <RoutePage route={route} settings={settings} />
      )}
      <AddToDashboardHost />
    </>
  );
}

export default App;
