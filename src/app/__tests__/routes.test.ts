import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import { DEFAULT_SETTINGS } from '../../settings/types';
import { HealthPage } from '../../pages/health/HealthPage';
import { PAGE_LOADERS, routeOfPath } from '../routes';

describe('routes', () => {
  it('reads the route from the first segment under the app', () => {
    expect(routeOfPath(`${PLUGIN_BASE_URL}/errors`)).toBe(ROUTES.Errors);
    expect(routeOfPath(`${PLUGIN_BASE_URL}/trace/4bf92f3577b34da6a3ce929d0e0e4736`)).toBe(ROUTES.Trace);
    expect(routeOfPath(`${PLUGIN_BASE_URL}/services/orders/`)).toBe(ROUTES.Services);
    expect(routeOfPath(`${PLUGIN_BASE_URL}/changed`)).toBe(ROUTES.Changed);
    expect(routeOfPath(`${PLUGIN_BASE_URL}/health`)).toBe(ROUTES.Health);
    expect(routeOfPath(`${PLUGIN_BASE_URL}/Errors`)).toBe(ROUTES.Errors); // react-router matches any case
  });

  it('the app root (which opens Errors) is null; a path naming no page is undefined', () => {
    expect(routeOfPath(PLUGIN_BASE_URL)).toBeNull();
    expect(routeOfPath(`${PLUGIN_BASE_URL}///`)).toBeNull();
    expect(routeOfPath(`${PLUGIN_BASE_URL}/nope`)).toBeUndefined();
    expect(routeOfPath(`${PLUGIN_BASE_URL}/errors%00`)).toBeUndefined();
    expect(routeOfPath(`${PLUGIN_BASE_URL}-other/errors`)).toBeUndefined();
    expect(routeOfPath('/a/another-app/errors')).toBeUndefined();
    expect(routeOfPath('')).toBeUndefined();
  });

  it('each Scenes route loads the page of its own URL; Health is a plain React page', async () => {
    expect(Object.keys(PAGE_LOADERS)).toEqual(Object.values(ROUTES));
    for (const route of Object.values(ROUTES)) {
      const loaded = await PAGE_LOADERS[route]();
      if (route === ROUTES.Health) {
        expect(loaded).toEqual({ kind: 'plain', Page: HealthPage });
        continue;
      }
      if (loaded.kind !== 'scenes') {
        throw new Error(`${route} is not a Scenes page`);
      }
      const page = loaded.factory(DEFAULT_SETTINGS);
      expect(page.state.url).toBe(`${PLUGIN_BASE_URL}/${route}`);
      expect(page.state.routePath).toBe(`${route}/*`);
    }
  });
});
