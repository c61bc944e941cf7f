import { expect, test } from './fixtures';
import { ROUTES } from '../src/constants';
import { EXEMPLAR_LINK_TITLE } from '../src/shared/linkTitles';
import { calleesOf, callersOf } from './support/demoFacts';
import { ui } from './support/locators';
import { readinessTimeoutMs, serviceGraphOf, waitFor } from './support/readiness';

/** Exemplars and the service map, from Tempo's metrics-generator in the demo stack. */
test.beforeAll(async () => {
  test.setTimeout(readinessTimeoutMs() + 30_000);
  await waitFor(serviceGraphOf('orders'), serviceGraphOf('payments'));
});

const last30m = () => new URLSearchParams({ from: 'now-30m', to: 'now' });

test.describe('Exemplars and the service map', () => {
  test('the service detail of orders shows gateway as its caller and inventory and payments as its callees', async ({
    app,
    page,
  }) => {
    await app.goto({ path: `${ROUTES.Services}/orders`, queryParams: last30m() });
    // The demo's calls (gateway → orders → inventory, payments), as its run gives them (demoFacts.ts).
    expect([callersOf('orders'), calleesOf('orders').sort()]).toEqual([['gateway'], ['inventory', 'payments']]);
    await expect(ui.serviceMap.neighbour(page, 'callers', 'gateway')).toBeVisible();
    await expect(ui.serviceMap.row(ui.serviceMap.callers(page))).toHaveCount(callersOf('orders').length);
    await expect(ui.serviceMap.row(ui.serviceMap.callees(page))).toHaveCount(calleesOf('orders').length);
    for (const service of calleesOf('orders')) {
      await expect(ui.serviceMap.neighbour(page, 'callees', service)).toBeVisible();
    }
    // Four services: drawn as Grafana's node graph too.
    await expect(ui.serviceMap.graph(page)).toBeVisible();
    await expect(ui.serviceMap.message(page)).toHaveCount(0);

    // A neighbour opens its own detail with the same window.
    const href = await ui.serviceMap.neighbour(page, 'callees', 'payments').getAttribute('href');
    const link = new URL(href!, 'http://grafana');
    expect(link.pathname).toBe(`/a/correlate-investigation-app/${ROUTES.Services}/payments`);
    expect(link.searchParams.get('from')).toMatch(/^\d{13}$/);
    await ui.serviceMap.neighbour(page, 'callees', 'payments').click();
    await expect(page).toHaveURL((url) => url.pathname === link.pathname);
    await expect(ui.serviceMap.neighbour(page, 'callers', 'orders')).toBeVisible();
  });

  test('clicking an exemplar on a RED graph opens a filled trace investigation', async ({ app, page, selectors }) => {
    await app.goto({ path: `${ROUTES.Services}/orders`, queryParams: last30m() });
    await expect(ui.red.services(page)).toHaveText(['orders']);
    const marker = app.getByGrafanaSelector(selectors.components.DataSource.Prometheus.exemplarMarker).first();
    await expect(marker).toBeVisible();
    // A click pins the exemplar's tooltip, with Correlate's link on its trace id.
    await marker.click();
    const link = page.getByRole('link', { name: EXEMPLAR_LINK_TITLE }).first();
    await expect(link).toBeVisible();
    const target = new URL((await link.getAttribute('href'))!, 'http://grafana');
    expect(target.searchParams.get('service')).toBe('orders');
    expect(Number(target.searchParams.get('time'))).toBeGreaterThan(0);
    expect(target.searchParams.get('from')).toBeNull();
    await link.click();

    await expect(page).toHaveURL((url) => url.pathname === target.pathname);
    await expect(ui.trace.summary(page)).toContainText('orders');
    await expect(ui.trace.view(page)).toBeVisible();
    await expect(ui.tracePath.rowOf(page, 'orders')).toBeVisible();
    await expect(ui.red.services(ui.trace.red(page)).filter({ hasText: 'orders' })).toHaveCount(1);
  });
});
