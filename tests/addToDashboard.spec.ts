import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ROUTES } from '../src/constants';
import { ui } from './support/locators';
import { readinessTimeoutMs, redOf, serviceGraphOf, tracedErrorLine, waitFor } from './support/readiness';

/**
 * "Add to dashboard" in a real Grafana: the whole investigation of a service, and one graph through
 * Grafana's own exposed form, each opened as a new dashboard whose panels load the demo stack's data.
 * Panels are found by Grafana's stable selectors (`data-testid Panel header <title>`, e2e-selectors
 * components.Panels.Panel.title, since 9.5).
 */
test.beforeAll(async () => {
  test.setTimeout(readinessTimeoutMs() + 30_000);
  await waitFor(redOf(['payments']), tracedErrorLine('payments'), serviceGraphOf('payments'));
});

const last30m = () => new URLSearchParams({ from: 'now-30m', to: 'now' });
const panel = (page: Page, title: string) => page.getByTestId(`data-testid Panel header ${title}`);

/** A time series with data draws on a canvas and shows no "No data". */
async function expectSeries(p: Locator) {
  await expect(p.locator('canvas').first()).toBeVisible();
  await expect(p.getByText('No data', { exact: true })).toHaveCount(0);
}

test.describe('Add to dashboard', () => {
  test('the whole investigation of a service opens as a new dashboard whose panels load data', async ({
    app,
    page,
  }) => {
    await app.goto({ path: `${ROUTES.Services}/payments`, queryParams: last30m() });
    await expect(panel(page, 'Requests')).toBeVisible();
    await ui.addToDashboard.investigation(page).click();
    await ui.addToDashboard.openNew(page).click();
    await expect(page).toHaveURL((url) => url.pathname.endsWith('/dashboard/new'));
    for (const title of ['Requests', 'Error rate', 'p95 latency']) {
      await expectSeries(panel(page, title));
    }
    await expect(panel(page, 'Error logs')).toContainText('payment declined');
    await expect(ui.panel.container(panel(page, 'Correlated errors'))).toBeVisible();
    // orders calls payments (the demo's service graph).
    await expect(panel(page, 'Callers and callees').getByRole('cell', { name: 'orders', exact: true })).toBeVisible();
    await expect(
      panel(page, 'Investigate in Correlate').getByRole('link', { name: /Open payments in Correlate/ })
    ).toHaveAttribute('href', /\/a\/correlate-investigation-app\/services\/payments$/);
  });

  test('one graph through Grafana’s exposed form: a new dashboard with that graph, over the last 30 minutes', async ({
    app,
    page,
  }) => {
    await app.goto({ path: `${ROUTES.Services}/payments`, queryParams: last30m() });
    const graph = panel(page, 'p95 latency');
    await expect(graph).toBeVisible();
    await graph.hover();
    await page.getByTestId('data-testid Panel menu p95 latency').click();
    await page.getByRole('menuitem', { name: 'Add to dashboard' }).click();
    // Grafana's form (grafana/add-to-dashboard-form/v1): "New dashboard" is its default target.
    await page.getByRole('button', { name: 'Open dashboard' }).click();
    await expect(page).toHaveURL((url) => url.pathname.endsWith('/dashboard/new'));
    await expectSeries(panel(page, 'p95 latency'));
    await expect(page.getByTestId('data-testid TimePicker Open Button')).toContainText('Last 30 minutes');
  });
});
