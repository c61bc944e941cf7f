import { useMemo } from 'react';
import { usePluginContext } from '@grafana/data';
import { loadSettings } from '../settings/loadSettings';

/**
 * Correlate's settings inside another plugin's page: Grafana gives exposed components our plugin
 * context. Without one (null) the settings are the defaults, repaired like any older configuration.
 * Memoised on the saved data, so a host's re-render does not rebuild (and re-query) the scene.
 */
export function useEmbedSettings() {
  const jsonData = usePluginContext()?.meta?.jsonData;
  return useMemo(() => loadSettings(jsonData), [jsonData]);
}
