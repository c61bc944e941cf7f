import type { Page, PlaywrightWorkerArgs } from '@playwright/test';
import { expect, test } from './fixtures';
import { LINK_TITLES, ROUTES } from '../src/constants';
import { DEMO_SERVICES } from './support/app';
import { grafanaApi } from './support/grafanaApi';
import { statedWindow } from './support/investigation';
import { ui } from './support/locators';
import { DS, readinessTimeoutMs, tracedErrorLine, waitFor } from './support/readiness';

/**
 * The Correlated errors panel on the demo dashboard (provisioning/dashboards/json/demo-shop.json,
 * last 30 minutes, `service` variable) and "Investigate in Correlate" in a Loki panel's menu. Links
 * are checked by their href first (what the panel wrote), then by what the opened page shows: the
 * app rewrites its URL once it has read it.
 */
const DEMO_DASHBOARD = { uid: 'correlate-demo-shop' };
const UNKNOWN_VARIABLE_DASHBOARD = 'correlate-e2e-unknown-variable';
const PADDING_MS = 15 * 60_000;

test.beforeAll(async () => {
  test.setTimeout(readinessTimeoutMs() + 30_000);
  await waitFor(tracedErrorLine('payments'), tracedErrorLine('orders'));
});

/**
 * A dashboard whose panel follows a variable the dashboard does not have, made and deleted by the one
 * test that opens it: with fullyParallel, Playwright splits a file with beforeAll/afterAll hooks into
 * groups that each run the hooks (playwright/lib/runner createTestGroups), so a file-level afterAll
 * deleted it while another worker's group was still using it.
 */
async function withUnknownVariableDashboard(
  playwright: PlaywrightWorkerArgs['playwright'],
  run: (uid: string) => Promise<void>
) {
  const api = await grafanaApi(playwright);
  const saved = await api.post('/api/dashboards/db', {
    data: {
      overwrite: true,
      dashboard: {
        uid: UNKNOWN_VARIABLE_DASHBOARD,
        title: 'Correlate e2e: unknown variable',
        time: { from: 'now-30m', to: 'now' },
        panels: [
          {
            id: 1,
            type: 'correlate-errors-panel',
            title: 'Correlated errors',
            gridPos: { h: 10, w: 24, x: 0, y: 0 },
            options: { lokiUid: DS.loki, servicesVariable: 'team' },
          },
        ],
      },
    },
  });
  expect(saved.ok(), 'the test dashboard is saved').toBe(true);
  try {
    await run(UNKNOWN_VARIABLE_DASHBOARD);
  } finally {
    await api.delete(`/api/dashboards/uid/${UNKNOWN_VARIABLE_DASHBOARD}`);
  }
}

/** The panel's "N errors" once it has loaded, as a number. */
async function totalErrors(page: Page): Promise<number> {
  const total = ui.panel.total(page);
  await expect(total).toHaveText(/^\d+ errors$/);
  return Number.parseInt(await total.innerText(), 10);
}

test.describe('Dashboards', () => {
  test('the Correlated errors panel: a line links to its trace with the dashboard’s range as the lookup range', async ({
    gotoDashboardPage,
    page,
  }) => {
    const dashboard = await gotoDashboardPage(DEMO_DASHBOARD);
    await dashboard.getPanelByTitle('Correlated errors').scrollIntoView();
    expect(await totalErrors(page)).toBeGreaterThan(0);
    const signatures = ui.panel.signature(ui.panel.signatures(page));
    await expect(signatures.first()).toBeVisible();
    expect(await signatures.count()).toBeLessThanOrEqual(5);

    const line = ui.panel.line(page).first();
    const href = new URL((await line.getAttribute('href'))!, 'http://grafana');
    const traceId = /\/trace\/([0-9a-f]{32})$/.exec(href.pathname)?.[1];
    expect(traceId, href.pathname).toBeDefined();
    const time = Number(href.searchParams.get('time'));
    const [traceFrom, traceTo] = ['traceFrom', 'traceTo'].map((k) => Number(href.searchParams.get(k)));
    expect(DEMO_SERVICES).toContain(href.searchParams.get('service'));
    // The dashboard's last 30 minutes, resolved, as the range where Tempo looks; never the page's window.
    expect(traceTo - traceFrom).toBeGreaterThanOrEqual(30 * 60_000 - 1_000);
    expect(traceTo - traceFrom).toBeLessThanOrEqual(30 * 60_000 + 1_000);
    expect(time).toBeGreaterThanOrEqual(traceFrom);
    expect(href.searchParams.has('from')).toBe(false);

    await line.click();
    await expect(page).toHaveURL((url) => url.pathname === href.pathname);
    await expect(ui.trace.summary(page)).toContainText(href.searchParams.get('service')!);
    const window = await statedWindow(page);
    expect(window.fromMs).toBeLessThanOrEqual(time - PADDING_MS);
    expect(window.fromMs).toBeGreaterThan(time - PADDING_MS - 60_000);
  });

  test('a signature in the panel opens the Errors page filtered to it, for the dashboard’s time range', async ({
    gotoDashboardPage,
    page,
  }) => {
    const dashboard = await gotoDashboardPage(DEMO_DASHBOARD);
    await dashboard.getPanelByTitle('Correlated errors').scrollIntoView();
    const signature = ui.panel.signature(page).first();
    await expect(signature).toBeVisible();
    const href = new URL((await signature.getAttribute('href'))!, 'http://grafana');
    expect(href.pathname).toBe(`/a/correlate-investigation-app/${ROUTES.Errors}`);
    const [from, to] = ['from', 'to'].map((k) => Number(href.searchParams.get(k)));
    expect(to - from).toBeGreaterThanOrEqual(30 * 60_000 - 1_000);
    const fingerprint = href.searchParams.get('signature');
    expect(fingerprint?.trim()).toBeTruthy();

    await signature.click();
    await expect(ui.errors.clearSignature(page)).toBeVisible();
    await expect(ui.errors.signature(page).and(page.locator('[aria-selected="true"]'))).toHaveCount(1);
    expect(new URL(page.url()).searchParams.get('signature')).toBe(fingerprint);
    await expect(ui.errors.logRow(page).first()).toBeVisible();
  });

  test('the panel follows the dashboard’s service variable', async ({ gotoDashboardPage, page }) => {
    const all = await gotoDashboardPage(DEMO_DASHBOARD);
    await all.getPanelByTitle('Correlated errors').scrollIntoView();
    const allErrors = await totalErrors(page);

    const one = await gotoDashboardPage({
      ...DEMO_DASHBOARD,
      queryParams: new URLSearchParams({ 'var-service': 'payments' }),
    });
    await one.getPanelByTitle('Correlated errors').scrollIntoView();
    const paymentsErrors = await totalErrors(page);
    // The demo's orders fails too: payments alone has fewer errors than every service.
    expect(paymentsErrors).toBeGreaterThan(0);
    expect(paymentsErrors).toBeLessThan(allErrors);
    const lines = await ui.panel.lines(page).getByRole('listitem').allInnerTexts();
    expect(lines.length).toBeGreaterThan(0);
    for (const text of lines) {
      expect(text).toContain('payments');
    }
  });

  test('a range without errors and a variable the dashboard lacks are each explained in the panel', async ({
    gotoDashboardPage,
    page,
    playwright,
  }) => {
    await gotoDashboardPage({
      ...DEMO_DASHBOARD,
      queryParams: new URLSearchParams({ from: 'now-30d', to: 'now-29d' }),
    });
    await expect(ui.panel.empty(page)).toContainText('in this time range');

    await withUnknownVariableDashboard(playwright, async (uid) => {
      await gotoDashboardPage({ uid });
      await expect(ui.panel.message(page)).toContainText('This dashboard has no variable "team"');
      await expect(ui.panel.message(page)).toContainText('clear "Services variable"');
    });
  });

  test('"Investigate in Correlate" in a Loki panel’s menu opens the Errors page for the same time range', async ({
    gotoDashboardPage,
    page,
  }) => {
    const dashboard = await gotoDashboardPage(DEMO_DASHBOARD);
    const panel = dashboard.getPanelByTitle('Error logs');
    // Below the fold (gridPos y=18): Scenes mounts a lazy panel only within the viewport + 100 px
    // (@grafana/scenes LazyLoader, rootMargin "100px"), so its header does not exist until the page
    // scrolls. plugin-e2e's Panel.scrollIntoView scrolls the page until the panel is there.
    await panel.scrollIntoView();
    const opened = page.waitForURL((url) => url.pathname === `/a/correlate-investigation-app/${ROUTES.Errors}`);
    await panel.clickOnMenuItem(LINK_TITLES.queries, { parentItem: 'Extensions' });
    await opened;
    const params = new URL(page.url()).searchParams;
    expect(params.get('var-loki')).toBe(DS.loki);
    // The dashboard's own range (now-30m to now): relative as Grafana hands it over, or resolved.
    expect(params.get('from')).toMatch(/^(now-30m|\d{13})$/);
    await expect(ui.errors.logRow(page).first()).toBeVisible();
    await expect(ui.errors.queryError(page)).toHaveCount(0);
  });
});
