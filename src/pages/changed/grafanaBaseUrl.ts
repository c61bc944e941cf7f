import { PLUGIN_BASE_URL } from '../../constants';

/**
 * This Grafana's address as the browser reached it, with its sub path: what comes before the app's
 * own path in the page's URL (read from the location, not from Grafana's settings, whose type
 * differs between the Grafana versions supported).
 */
export function grafanaBaseUrl(location: { origin: string; pathname: string }): string {
  const at = location.pathname.indexOf(`${PLUGIN_BASE_URL}/`);
  return location.origin + (at > 0 ? location.pathname.slice(0, at) : '');
}
