import React, { useEffect, useMemo } from 'react';
import type { AppRootProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { loadSettings } from '../settings/loadSettings';
import { resolveRedProfile } from '../settings/resolveRedProfile';
import { resolveDataSource } from '../settings/resolveDataSources';
import { correlateApp } from './correlateApp';

/** The app root: settings from the plugin's jsonData, then the pages. */
function App({ meta }: AppRootProps) {
  const settings = useMemo(() => loadSettings(meta?.jsonData), [meta?.jsonData]);
  const app = useMemo(() => correlateApp(settings), [settings]);

  useEffect(() => {
    // Start finding the RED metric family now, so the first page with RED graphs does not wait for it.
    void resolveRedProfile(settings.redSource, resolveDataSource('metrics', settings.metricsUid).uid);
  }, [settings]);

  const path = locationService.getLocation().pathname.replace(/\/+$/, '');
  useEffect(() => {
    if (path === PLUGIN_BASE_URL) {
      locationService.replace(`${PLUGIN_BASE_URL}/${ROUTES.Errors}`);
    }
  }, [path]);

  return <app.Component model={app} />;
}

export default App;
