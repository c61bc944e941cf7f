import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ROUTES } from '../src/constants';
import { appUrl, DEMO_SERVICES } from './support/app';
import { ui } from './support/locators';
import { HEALTH_CHECKS as CHECK_IDS } from './support/healthChecks';

interface CheckRow {
  id: string;
  state: string;
  text: string;
}

/** Opens the Health page and reads every check once both waves are in. */
async function readChecks(page: Page, params: Record<string, string>): Promise<CheckRow[]> {
  await page.goto(appUrl(ROUTES.Health, '', params));
  await expect(ui.health.complete(page)).toBeVisible({ timeout: 90_000 });
  const rows = ui.health.check(page);
  const out: CheckRow[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push({
      id: (await row.getAttribute('data-check-id')) ?? '',
      state: (await row.getAttribute('data-state')) ?? '',
      text: (await row.innerText()).replace(/\s+/g, ' '),
    });
  }
  return out;
}

/** Reads the page again (bounded) until `done` holds: data arrives over seconds, the checks run on what is there. */
async function readUntil(
  page: Page,
  params: Record<string, string>,
  done: (rows: CheckRow[]) => boolean,
  attempts: number
) {
  let rows: CheckRow[] = [];
  for (let i = 0; i < attempts; i++) {
    rows = await readChecks(page, params);
    if (done(rows)) {
      break;
    }
    await page.waitForTimeout(15_000);
  }
  return rows;
}

test.describe('Correlation health', () => {
  test('the development stack, the reference of a correct setup, passes every check', async ({ page }) => {
    test.setTimeout(360_000);
    const rows = await readUntil(page, { from: 'now-30m', to: 'now' }, (r) => r.every((c) => c.state === 'ok'), 8);
    expect(rows.map((r) => r.id)).toEqual(CHECK_IDS);
    for (const row of rows) {
      expect(`${row.id}: ${row.state}`, row.text).toBe(`${row.id}: ok`);
    }
    await expect(ui.health.summary(page)).toHaveText('10 ok');
    await expect(ui.health.requests(page)).toContainText('in 2 waves');
    await expect(ui.health.state(page)).toHaveText(CHECK_IDS.map(() => 'OK'));
    // The figures name what was found: the services of the shop (demoFacts.ts), Tempo's span metrics.
    const n = DEMO_SERVICES.length;
    await expect(ui.health.figure(ui.health.checkOf(page, 'loki'))).toContainText(`${n} services with logs`);
    await expect(ui.health.figure(ui.health.checkOf(page, 'red-metrics'))).toContainText(
      'traces_spanmetrics_calls_total'
    );
    await expect(ui.health.figure(ui.health.checkOf(page, 'red-metrics'))).toContainText(`${n} services`);
    // Nothing to fix, nothing went wrong.
    await expect(ui.health.fix(page)).toHaveCount(0);
    await expect(ui.health.error(page)).toHaveCount(0);
  });

  test('the page says it is checking until the first wave is in', async ({ page }) => {
    // Hold Loki's label-names call (wave 1) until the placeholder has been seen.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => /\/api\/datasources\/uid\/[^/]+\/resources\/labels$/.test(url.pathname),
      async (route) => {
        await held;
        await route.continue();
      }
    );
    await page.goto(appUrl(ROUTES.Health, '', { from: 'now-30m', to: 'now' }));
    await expect(ui.health.loading(page)).toContainText('Checking the wiring');
    await expect(ui.health.report(page)).toHaveCount(0);
    release();
    await expect(ui.health.complete(page)).toBeVisible({ timeout: 90_000 });
    await expect(ui.health.loading(page)).toHaveCount(0);
    await expect(ui.health.check(page)).toHaveCount(CHECK_IDS.length);
  });

  test('a check’s detail is a URL: it opens with the check expanded, and its link toggles it', async ({ page }) => {
    await readChecks(page, { from: 'now-30m', to: 'now', check: 'trace-ids' });
    const row = ui.health.checkOf(page, 'trace-ids');
    await expect(ui.health.detail(row)).toBeVisible();
    // One row per service with error lines, each with its share of lines carrying a trace id.
    await expect(ui.health.detailRow(row).filter({ hasText: 'orders' })).toHaveCount(1);
    const link = ui.health.detailLink(row);
    await expect(link).toHaveAttribute('aria-expanded', 'true');
    await expect(link).toHaveAttribute('href', /[?&]check=trace-ids(&|$)/);
    await link.click();
    await expect(ui.health.detail(row)).toHaveCount(0);
    await expect(page).not.toHaveURL(/[?&]check=/);
    await link.click();
    await expect(ui.health.detail(row)).toBeVisible();
    await expect(page).toHaveURL(/[?&]check=trace-ids(&|$)/);
  });

  // Runs after CI restarted payments with LOG_TRACE_CONTEXT=off (.github/workflows/ci.yml sets
  // E2E_BROKEN_SINCE_MS once the new payments container is up), over the window since then. "0 of N"
  // holds during a bad deploy too: the demo's serve() logs a thrown error without trace context when
  // the switch is off (demo/src/http.ts, demo/__tests__/traceContext.test.ts); it used to attach the
  // active trace, so payments read "degraded" and this test timed out whenever a deploy overlapped.
  test('payments logging without trace context is named by the trace-id check @broken', async ({ page }) => {
    const since = process.env.E2E_BROKEN_SINCE_MS;
    test.skip(!since, 'Runs only once payments is restarted with LOG_TRACE_CONTEXT=off (see the CI workflow).');
    test.setTimeout(360_000);
    const params = { from: String(since), to: 'now', check: 'trace-ids' };
    const payments = (rows: CheckRow[]) => rows.find((r) => r.id === 'trace-ids')?.text ?? '';
    // Payments declines about 8% of 5 checkouts a second: wait until a few of its error lines are in.
    const rows = await readUntil(page, params, (r) => /payments\s*0 of ([3-9]|\d{2,})/.test(payments(r)), 12);
    const traceIds = rows.find((r) => r.id === 'trace-ids')!;
    expect(traceIds.state, traceIds.text).toBe('broken');
    const row = ui.health.checkOf(page, 'trace-ids');
    await expect(ui.health.state(row)).toHaveText('Broken');
    await expect(ui.health.cause(row)).toContainText('payments');
    await expect(ui.health.cause(row)).toContainText('without trace context');
    await expect(ui.health.fix(row)).toContainText('Fix: ');
    await expect(ui.health.fix(row)).toContainText('log while the request’s span is active');
    const detail = ui.health.detailRow(row).filter({ hasText: 'payments' });
    await expect(detail).toHaveAttribute('data-state', 'broken');
    await expect(detail).toContainText('0 of');
    // The other services still carry their trace ids.
    for (const service of DEMO_SERVICES.filter((s) => s !== 'payments')) {
      await expect(ui.health.detailRow(row).filter({ hasText: service }).first()).not.toHaveAttribute(
        'data-state',
        'broken'
      );
    }
  });
});
