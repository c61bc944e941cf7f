import { PLUGIN_BASE_URL, ROUTES } from '../../src/constants';

/** The demo stack's services, as Loki, Tempo and the span metrics name them (from the demo's code). */
export { DEMO_SERVICES } from './demoFacts';

/** Correlate's URL for a route, over the last 30 minutes unless the params say otherwise. */
export function appUrl(route: ROUTES, rest = '', params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ from: 'now-30m', to: 'now', ...params });
  return `${PLUGIN_BASE_URL}/${route}${rest}?${query}`;
}
