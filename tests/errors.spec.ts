import { expect, test } from './fixtures';
import { ROUTES } from '../src/constants';
import { DEMO_SERVICES } from './support/app';
import { expectInvestigationOf } from './support/investigation';
import { ui } from './support/locators';
import { readinessTimeoutMs, tracedErrorLine, waitFor, type TracedLine } from './support/readiness';

/** The Errors page against the demo stack's Loki: lines, signatures, filters, keyboard and the way into a trace. */
let traced: TracedLine;

test.beforeAll(async () => {
  test.setTimeout(readinessTimeoutMs() + 30_000);
  [traced] = await waitFor(tracedErrorLine());
});

const last30m = (extra: Record<string, string> = {}) => new URLSearchParams({ from: 'now-30m', to: 'now', ...extra });

test.describe('Errors page', () => {
  test('lists the demo stack’s error lines, newest first, with trace links, and the volume per service', async ({
    app,
    page,
    selectors,
  }) => {
    await app.goto({ path: ROUTES.Errors, queryParams: last30m() });
    const heading = ui.errors.logCount(page);
    const rows = ui.errors.logRow(page);
    // The count is read once the lines are there (the heading says 0 while Loki answers).
    await expect(rows.nth(1)).toBeVisible();
    const count = Number(/\((\d+)/.exec(await heading.innerText())![1]);
    expect(count).toBeGreaterThan(1);
    await expect(rows).toHaveCount(Math.min(count, 500));
    // What the signatures and lines cover: all of the range's lines, or the newest of Loki's count.
    await expect(ui.errors.sampleNote(page)).toContainText('Signatures and lines:');
    // Each row starts with its time in Grafana's date format (YYYY-MM-DD HH:mm:ss, the user's zone): newest first.
    const times = (await rows.allInnerTexts()).slice(0, 20).map((t) => Date.parse(t.slice(0, 19).replace(' ', 'T')));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    await expect(rows.first()).toContainText(new RegExp(DEMO_SERVICES.join('|')));
    // Every line opens something: its trace, or its service at that moment when it carries no trace id.
    for (const row of (await rows.all()).slice(0, 10)) {
      await expect(ui.errors.traceLink(row).or(ui.errors.serviceLink(row))).toHaveCount(1);
    }
    await expect(ui.errors.listbox(ui.errors.logList(page))).toBeVisible();
    await expect(ui.errors.rowOfTrace(page, traced.traceId, traced.service)).toHaveCount(1);
    await expect(ui.errors.queryError(page)).toHaveCount(0);

    // The volume graph: Grafana's time series with a legend entry per failing service.
    const volume = app.getByGrafanaSelector(selectors.components.Panels.Panel.title('Errors per service'));
    await expect(volume.locator('canvas').first()).toBeVisible();
    await expect(
      app.getByGrafanaSelector(selectors.components.VizLegend.seriesName(traced.service), { root: volume })
    ).toBeVisible();
  });

  test('a signature filters the list to its lines, is kept in the URL, and Back returns to all lines', async ({
    app,
    page,
  }) => {
    await app.goto({ path: ROUTES.Errors, queryParams: last30m() });
    const signature = ui.errors.signature(ui.errors.signatures(page)).first();
    await expect(signature).toBeVisible();
    const total = await ui.errors.logCount(page).innerText();
    const fingerprint = await signature.getByRole('button').getAttribute('title');
    const count = Number(await signature.getByRole('cell').nth(1).innerText());
    expect(count).toBeGreaterThan(0);
    await signature.click();
    await expect(signature).toHaveAttribute('aria-selected', 'true');
    await expect(ui.errors.logCount(page)).toHaveText(
      count > 500 ? `Error logs (${count}, newest 500 shown)` : `Error logs (${count})`
    );
    expect(new URL(page.url()).searchParams.get('signature')).toBe(fingerprint);

    await page.reload();
    await expect(ui.errors.clearSignature(page)).toBeVisible();
    await expect(ui.errors.signature(page).and(page.locator('[aria-selected="true"]'))).toHaveCount(1);
    await page.goBack();
    await expect(ui.errors.logCount(page)).toHaveText(total);
    await expect(ui.errors.clearSignature(page)).toHaveCount(0);
  });

  test('keyboard: j and k move through the list, Enter opens the selected line’s investigation', async ({
    app,
    page,
  }) => {
    await app.goto({ path: ROUTES.Errors, queryParams: last30m() });
    const rows = ui.errors.logRow(page);
    await expect(rows.nth(1)).toBeVisible();
    await ui.errors.listbox(page).focus();
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('j');
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('k');
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
    const target = await rows.nth(0).getByRole('link').getAttribute('href');
    expect(target).toMatch(/^\/a\/correlate-investigation-app\/(trace|services)\//);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL((url) => `${url.pathname}${url.search}`.startsWith(target!.split('?')[0]));
    await page.goBack();
    await expect(ui.errors.page(page)).toBeVisible();
  });

  test('levels and search are filters of the query: no line at a level nobody logs, one text finds its lines', async ({
    app,
    page,
  }) => {
    await app.goto({ path: ROUTES.Errors, queryParams: last30m({ 'var-levels': 'fatal' }) });
    await expect(ui.errors.empty(page)).toContainText('No error logs for these services and levels');
    await ui.controls.picker(page, 'Levels').click();
    await ui.controls.option(page, 'error').click();
    await ui.controls.picker(page, 'Levels').blur();
    await expect(ui.errors.logRow(page).first()).toBeVisible();
    expect(new URL(page.url()).searchParams.getAll('var-levels')).toEqual(['fatal', 'error']);

    const words = 'insufficient funds';
    await ui.controls.search(page).fill(words);
    await ui.controls.search(page).press('Enter');
    await expect(page).toHaveURL(/[?&]var-search=insufficient(\+|%20)funds/);
    await expect(ui.errors.logRow(page).first()).toBeVisible();
    for (const text of await ui.errors.logRow(page).allInnerTexts()) {
      expect(text).toContain(words);
    }
  });

  test('the data source pickers name the provisioned data sources; an unknown one in a link falls back', async ({
    app,
    page,
    selectors,
  }) => {
    await app.goto({ path: ROUTES.Errors, queryParams: last30m({ 'var-loki': 'no-such-loki' }) });
    await expect(ui.errors.logRow(page).first()).toBeVisible();
    // Scenes' pickers, located by Grafana's own selector for a variable's current value.
    const picked = (uid: string) =>
      app.getByGrafanaSelector(selectors.pages.Dashboard.SubMenu.submenuItemValueDropDownValueLinkTexts(uid));
    await expect(picked('correlate-loki')).toHaveText('Loki');
    await expect(picked('correlate-tempo')).toHaveText('Tempo');
    await expect(picked('correlate-mimir')).toHaveText('Mimir');
    await expect(page).toHaveURL(/[?&]var-loki=correlate-loki(&|$)/);
  });

  test('an unknown service in the URL is named, with what to do', async ({ app, page }) => {
    await app.goto({ path: ROUTES.Errors, queryParams: last30m({ 'var-services': 'no-such-service' }) });
    await expect(ui.errors.unknownService(page)).toContainText('"no-such-service"');
    await expect(ui.errors.unknownService(page)).toContainText('widen the time range');
  });

  test('a line opens its trace investigation: summary, window, trace view, its logs and RED graphs', async ({
    app,
    page,
    selectors,
  }) => {
    test.slow();
    await app.goto({ path: ROUTES.Errors, queryParams: last30m() });
    const row = ui.errors.rowOfTrace(page, traced.traceId, traced.service);
    await expect(row).toHaveCount(1);
    const href = await ui.errors.traceLink(row).getAttribute('href');
    const link = new URL(href!, 'http://grafana');
    expect(Math.abs(Number(link.searchParams.get('time')) - traced.timeMs)).toBeLessThanOrEqual(1);
    expect(link.searchParams.get('service')).toBe(traced.service);
    await ui.errors.traceLink(row).click();
    await expectInvestigationOf(app, selectors, traced);
  });
});
