import { expect, test } from './fixtures';
import { testIds } from '../src/testIds';
import { ROUTES } from '../src/constants';
import { DEMO_SERVICES, TRACE_URL, appUrl } from './support/app';

test.describe('Errors page', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto(appUrl(ROUTES.Errors));
    await expect(page.getByTestId(testIds.errors.page)).toBeVisible();
    await expect(page.getByTestId(testIds.errors.logRow).first()).toBeVisible({ timeout: 30_000 });
  });

  test('lists the demo stack’s error logs, newest first, with trace links', async ({ page }) => {
    const rows = page.getByTestId(testIds.errors.logRow);
    expect(await rows.count()).toBeGreaterThan(1);
    await expect(rows.first()).toContainText(new RegExp(DEMO_SERVICES.join('|')));
    await expect(page.getByTestId(testIds.errors.traceLink).first()).toBeVisible();
    // Each row starts with its ISO time: sorted text is sorted time.
    const times = await rows.evaluateAll((els) =>
      els.slice(0, 10).map((e) => e.querySelector('span')?.textContent ?? '')
    );
    expect(times).toEqual([...times].sort().reverse());
    await expect(page.getByTestId(testIds.errors.queryError)).toHaveCount(0);
  });

  test('a signature filters the list and is kept in the URL', async ({ page }) => {
    const rows = page.getByTestId(testIds.errors.logRow);
    const signatures = page.getByTestId(testIds.errors.signature);
    await expect(signatures.first()).toBeVisible();
    const before = await rows.count();
    // The least frequent signature filters the most lines out.
    const last = signatures.last();
    const example = (await last.locator('button').innerText()).trim();
    await last.click();
    await expect(page).toHaveURL(/[?&]signature=/);
    await expect(last).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId(testIds.errors.clearSignature)).toBeVisible();
    const after = await rows.count();
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(before);
    // Every remaining line shares the signature's wording before its first variable part.
    const stem = example
      .split(/[0-9"'<]/)[0]
      .trim()
      .slice(0, 20);
    for (const text of await rows.allInnerTexts()) {
      expect(text).toContain(stem);
    }
    await page.reload();
    await expect(page.getByTestId(testIds.errors.clearSignature)).toBeVisible({ timeout: 30_000 });
    await page.getByTestId(testIds.errors.clearSignature).click();
    await expect(page).not.toHaveURL(/[?&]signature=/);
  });

  test('keyboard: j and k move through the list, Enter opens the investigation', async ({ page }) => {
    const rows = page.getByTestId(testIds.errors.logRow);
    const list = page.getByRole('listbox', { name: 'Error logs' });
    await list.focus();
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('j');
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('k');
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/a\/correlate-investigation-app\/(trace|services)\//);
    await page.goBack();
    await expect(page.getByTestId(testIds.errors.page)).toBeVisible();
  });

  test('an unknown service in the URL is named, with what to do', async ({ page }) => {
    await page.goto(appUrl(ROUTES.Errors, '', { 'var-services': 'no-such-service' }));
    await expect(page.getByTestId(testIds.errors.unknownService)).toContainText('no-such-service', { timeout: 30_000 });
    await expect(page.getByTestId(testIds.errors.unknownService)).toContainText('widen the time range');
  });

  test('a log line opens its trace investigation: trace, logs, RED graphs and summary all filled', async ({ page }) => {
    await page.getByTestId(testIds.errors.traceLink).first().click();
    await expect(page).toHaveURL(TRACE_URL);
    const traceId = TRACE_URL.exec(page.url())![1];

    // Summary: the trace's services and its failing span.
    const summary = page.getByTestId(testIds.trace.summary);
    await expect(summary).toBeVisible({ timeout: 30_000 });
    await expect(summary).toContainText(new RegExp(DEMO_SERVICES.join('|')));
    await expect(page.getByTestId(testIds.trace.rootCause)).toBeVisible();
    await expect(page.getByTestId(testIds.trace.window)).toContainText('Window for every panel');

    // Trace: Grafana's trace view draws a bar per span.
    await expect(page.getByTestId(testIds.trace.view).getByTestId('data-testid SpanBar--wrapper').first()).toBeVisible({
      timeout: 30_000,
    });

    // Logs of this trace: the demo services' lines all name an order.
    const logs = page.getByTestId(testIds.trace.logs);
    await expect(logs).toContainText(/order/, { timeout: 30_000 });
    await expect(logs).not.toContainText('No logs carry this trace id');

    // RED graphs of the services involved.
    const red = page.getByTestId(testIds.trace.red);
    await expect(red.getByTestId(testIds.red.section)).toBeVisible({ timeout: 30_000 });
    await expect(red.locator('canvas').first()).toBeVisible({ timeout: 30_000 });
    await expect(red.getByText('No RED metrics found')).toHaveCount(0);

    expect(page.url()).toContain(traceId);
  });
});
