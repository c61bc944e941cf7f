import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ROUTES } from '../src/constants';
import { DEMO_SERVICES } from './support/app';
import { ui } from './support/locators';
import { readinessTimeoutMs, redOf, tracesOf, waitFor } from './support/readiness';

/** The Services page and a service's detail against the demo stack's span metrics and traces. */
const ERROR_TRACES = '{ resource.service.name = "payments" && status = error }';
const SLOW_TRACES = '{ resource.service.name = "inventory" && kind = server && duration >= 1000ms }';

test.beforeAll(async () => {
  test.setTimeout(readinessTimeoutMs() + 30_000);
  await waitFor(
    redOf(DEMO_SERVICES),
    tracesOf('payments', ERROR_TRACES, 'error traces'),
    tracesOf('inventory', SLOW_TRACES, 'slow traces')
  );
});

const last30m = () => new URLSearchParams({ from: 'now-30m', to: 'now' });

/** A trace table's first trace id link opens the trace page with the detail's range as the lookup range. */
async function openFirstTrace(page: Page, kind: 'error' | 'slow', service: string) {
  const link = ui.services
    .traces(page, kind)
    .getByRole('link', { name: /^[0-9a-f]{16,32}$/ })
    .first();
  await expect(link).toBeVisible();
  const traceId = (await link.innerText()).trim();
  await link.click();
  await expect(page).toHaveURL((url) => url.pathname.endsWith(`/${ROUTES.Trace}/${traceId}`));
  const url = new URL(page.url());
  expect(Number(url.searchParams.get('traceFrom'))).toBeGreaterThan(0);
  expect(Number(url.searchParams.get('traceTo'))).toBeGreaterThan(Number(url.searchParams.get('traceFrom')));
  expect(url.searchParams.get('from')).toBeNull();
  await expect(ui.trace.summary(page)).toContainText(service);
  await expect(ui.tracePath.rowOf(page, service)).toBeVisible();
  return traceId;
}

test.describe('Services', () => {
  test('lists every demo service with its RED figures, most failing first, and opens a service’s detail', async ({
    app,
    page,
  }) => {
    await app.goto({ path: ROUTES.Services, queryParams: last30m() });
    const rows = ui.services.row(page);
    await expect(rows).toHaveCount(DEMO_SERVICES.length);
    for (const service of DEMO_SERVICES) {
      await expect(ui.services.link(page, service)).toBeVisible();
    }
    // Columns: service, requests/s, error fraction, p95, sparkline.
    const cells = await Promise.all(
      DEMO_SERVICES.map((_, i) =>
        rows
          .nth(i)
          .getByRole('cell')
          .allInnerTexts()
          .then((c) => c.map((t) => t.trim()))
      )
    );
    for (const [, rate, errors, p95] of cells) {
      expect(Number(rate)).toBeGreaterThan(0);
      expect(errors).toMatch(/^\d+(\.\d+)?%$/);
      expect(p95).toMatch(/^\d+(\.\d+)? (s|ms)$/);
    }
    // Most failing first: failed requests per second (requests/s × error fraction), ranked at the server.
    const failed = cells.map((c) => Number(c[1]) * parseFloat(c[2]));
    expect(failed.slice(0, failed.filter((f) => f > 0).length)).toEqual(
      failed.filter((f) => f > 0).sort((a, b) => b - a)
    );
    await expect(ui.services.summary(page)).toContainText(
      `${DEMO_SERVICES.length} of ${DEMO_SERVICES.length} services shown`
    );
    await expect(ui.services.viewport(page)).toBeVisible();
    await expect(ui.services.error(page)).toHaveCount(0);

    // The search is asked of the metrics data source, so it reaches every service, not only the rows shown.
    await ui.services.search(page).fill('PAY');
    await expect(rows).toHaveCount(1);
    await expect(ui.services.link(page, 'payments')).toBeVisible();
    await ui.services.search(page).fill('');
    await expect(rows).toHaveCount(DEMO_SERVICES.length);

    await ui.services.link(page, 'payments').click();
    await expect(page).toHaveURL((url) => url.pathname.endsWith(`/${ROUTES.Services}/payments`));
    await expect(ui.red.services(page)).toHaveText(['payments']);
    await expect(ui.services.errorLogs(page)).toBeVisible();
    await page.goBack();
    await expect(ui.services.table(page)).toBeVisible();
  });

  test('service detail: an error trace and a slow trace each open their trace investigation', async ({ app, page }) => {
    await app.goto({ path: `${ROUTES.Services}/payments`, queryParams: last30m() });
    await openFirstTrace(page, 'error', 'payments');
    await expect(ui.trace.rootCause(page)).toContainText('Failed first in ');

    await app.goto({ path: `${ROUTES.Services}/inventory`, queryParams: last30m() });
    await openFirstTrace(page, 'slow', 'inventory');
  });

  test('a range without span metrics, and a failing metrics query, are each explained', async ({ app, page }) => {
    await app.goto({
      path: ROUTES.Services,
      queryParams: new URLSearchParams({ from: 'now-30d', to: 'now-29d' }),
    });
    await expect(ui.services.empty(page)).toContainText('Widen the time range');

    // Mimir refusing the query, as Grafana relays a data source error.
    await page.route('**/api/ds/query**', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          results: { rate: { status: 400, error: 'bad_data: query processing would load too many samples' } },
        }),
      })
    );
    await app.goto({ path: ROUTES.Services, queryParams: last30m() });
    await expect(ui.services.error(page)).toContainText('too many samples');
    await expect(ui.services.error(page)).toContainText('Check the metrics data source');
  });

  test('a link with a name no service can have gets a clear message', async ({ app, page }) => {
    await app.goto({ path: `${ROUTES.Services}/${'x'.repeat(300)}` });
    await expect(ui.page.message(page)).toContainText('does not name a service');
    await expect(ui.page.message(page).getByRole('link', { name: 'Go to Services' })).toBeVisible();
  });
});
