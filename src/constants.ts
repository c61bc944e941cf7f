import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** Routes below the app's base URL. */
export enum ROUTES {
  Errors = 'errors',
  Trace = 'trace',
  Services = 'services',
  Changed = 'changed',
  Health = 'health',
}

/**
 * Titles of the links module.tsx registers. Grafana matches each registered link to its plugin.json
 * `extensions.addedLinks` entry by title, so every link has its own.
 */
export const LINK_TITLES = {
  queries: 'Investigate in Correlate',
  alert: 'Investigate alert in Correlate',
  alertChanged: 'What changed before this alert',
} as const;
