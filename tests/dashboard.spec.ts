import type { Page } from '@playwright/test';
import type { DashboardPage } from '@grafana/plugin-e2e';
import { expect, test } from './fixtures';
import { testIds } from '../src/testIds';
import { PLUGIN_BASE_URL, ROUTES } from '../src/constants';
import { TRACE_URL } from './support/app';

// The demo dashboard provisioned by the development stack (provisioning/dashboards/json/demo-shop.json).
const DEMO_DASHBOARD = { uid: 'correlate-demo-shop' };

/** Opens the demo dashboard and waits for its Correlated errors panel to show content. */
async function correlatedErrorsPanel(goto: (args: typeof DEMO_DASHBOARD) => Promise<DashboardPage>, page: Page) {
  const dashboard = await goto(DEMO_DASHBOARD);
  await dashboard.getPanelByTitle('Correlated errors').scrollIntoView();
  const panel = page.getByTestId(testIds.panel.container);
  await expect(panel).toBeVisible({ timeout: 30_000 });
  return panel;
}

test.describe('Dashboards', () => {
  test('the Correlated errors panel shows signatures and lines, and a line opens its trace', async ({
    gotoDashboardPage,
    page,
  }) => {
    const panel = await correlatedErrorsPanel(gotoDashboardPage, page);
    await expect(panel.getByTestId(testIds.panel.signature).first()).toBeVisible();
    await expect(panel).toContainText(/\d+ errors/);
    await panel.getByTestId(testIds.panel.line).first().click();
    await expect(page).toHaveURL(TRACE_URL);
    await expect(page).toHaveURL(/[?&]from=\d+&to=\d+/);
    await expect(page.getByTestId(testIds.trace.summary)).toBeVisible({ timeout: 30_000 });
  });

  test('a signature in the panel opens the Errors page filtered to it, for the dashboard’s time range', async ({
    gotoDashboardPage,
    page,
  }) => {
    const panel = await correlatedErrorsPanel(gotoDashboardPage, page);
    await panel.getByTestId(testIds.panel.signature).first().click();
    await expect(page).toHaveURL(new RegExp(`${PLUGIN_BASE_URL}/${ROUTES.Errors}\\?from=\\d+&to=\\d+&.*signature=`));
    await expect(page.getByTestId(testIds.errors.clearSignature)).toBeVisible({ timeout: 30_000 });
  });

  test('"Investigate in Correlate" in a Loki panel’s menu opens the Errors page for the same time range', async ({
    gotoDashboardPage,
    page,
  }) => {
    const dashboard = await gotoDashboardPage(DEMO_DASHBOARD);
    const panel = dashboard.getPanelByTitle('Error logs');
    await panel.scrollIntoView();
    await panel.clickOnMenuItem('Investigate in Correlate', { parentItem: 'Extensions' });
    await expect(page).toHaveURL(new RegExp(`${PLUGIN_BASE_URL}/${ROUTES.Errors}\\?`));
    // The dashboard's own range (now-30m to now): relative as Grafana hands it over, or resolved.
    const params = new URL(page.url()).searchParams;
    expect(params.get('from')).toMatch(/^(now-30m|\d{13})$/);
    expect(params.get('to')).toMatch(/^(now|\d{13})$/);
    expect(params.get('var-loki')).toBe('correlate-loki');
    await expect(page.getByTestId(testIds.errors.page)).toBeVisible();
  });
});
