import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** Routes below the app's base URL. */
export enum ROUTES {
  Errors = 'errors',
  Trace = 'trace',
  Services = 'services',
}
