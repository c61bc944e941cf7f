import { expect, test } from './fixtures';
import { testIds } from '../src/testIds';
import { ROUTES } from '../src/constants';
import { EXEMPLAR_LINK_TITLE } from '../src/shared/linkTitles';
import { TRACE_URL, appUrl } from './support/app';

test.describe('Exemplars and the service map', () => {
  test('the service detail of orders shows gateway as its caller and inventory and payments as its callees', async ({
    page,
  }) => {
    await page.goto(appUrl(ROUTES.Services, '/orders'));
    const callers = page.getByTestId(testIds.serviceMap.callers);
    await expect(callers).toBeVisible({ timeout: 60_000 });
    await expect(callers.getByRole('link', { name: 'gateway', exact: true })).toBeVisible();
    const callees = page.getByTestId(testIds.serviceMap.callees);
    for (const service of ['inventory', 'payments']) {
      await expect(callees.getByRole('link', { name: service, exact: true })).toBeVisible();
    }
    // Four services: drawn as Grafana's node graph too.
    await expect(page.getByTestId(testIds.serviceMap.graph)).toBeVisible();
    await expect(page.getByTestId(testIds.serviceMap.message)).toHaveCount(0);

    // A neighbour opens its own detail with the same window.
    await callees.getByRole('link', { name: 'payments', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/${ROUTES.Services}/payments\\?from=\\d+&to=\\d+`));
    await expect(
      page.getByTestId(testIds.serviceMap.callers).getByRole('link', { name: 'orders', exact: true })
    ).toBeVisible({ timeout: 60_000 });
  });

  test('clicking an exemplar on a RED graph opens a filled trace investigation', async ({ page, selectors }) => {
    await page.goto(appUrl(ROUTES.Services, '/orders'));
    await expect(page.getByTestId(testIds.red.section)).toBeVisible({ timeout: 30_000 });
    const marker = page.getByTestId(selectors.components.DataSource.Prometheus.exemplarMarker).first();
    await expect(marker).toBeVisible({ timeout: 60_000 });
    // A click pins the exemplar's tooltip, with Correlate's link on its trace id.
    await marker.click();
    const link = page.getByRole('link', { name: EXEMPLAR_LINK_TITLE }).first();
    await expect(link).toBeVisible();
    await link.click();

    await expect(page).toHaveURL(TRACE_URL);
    const url = new URL(page.url());
    expect(Number(url.searchParams.get('time'))).toBeGreaterThan(0);
    expect(url.searchParams.get('service')).toBe('orders');
    await expect(page.getByTestId(testIds.trace.summary)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId(testIds.trace.view)).toBeVisible();
    await expect(page.getByTestId(testIds.tracePath.row).filter({ hasText: 'orders' }).first()).toBeVisible();
    await expect(page.getByTestId(testIds.trace.red)).toBeVisible();
  });
});
