import { usePluginContext } from '@grafana/data';
import { loadSettings } from '../settings/loadSettings';

/**
 * Correlate's settings inside another plugin's page: Grafana gives exposed components our plugin
 * context. Without one (null) the settings are the defaults, repaired like any older configuration.
 */
export function useEmbedSettings() {
  return loadSettings(usePluginContext()?.meta?.jsonData);
}
