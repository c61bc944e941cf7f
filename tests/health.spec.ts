import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ROUTES } from '../src/constants';
import { testIds } from '../src/testIds';
import { appUrl } from './support/app';

/** Every check of the Health page, as its stable test ids expose it (src/testIds.ts `health`). */
const CHECK_IDS = [
  'loki',
  'trace-ids',
  'tempo-traces',
  'red-metrics',
  'service-names',
  'service-graph',
  'exemplars',
  'tempo-to-loki',
  'loki-to-tempo',
  'metrics-to-tempo',
];

interface CheckRow {
  id: string;
  state: string;
  text: string;
}

/** Opens the Health page and reads every check once both waves are in. */
async function readChecks(page: Page, params: Record<string, string>): Promise<CheckRow[]> {
  await page.goto(appUrl(ROUTES.Health, '', params));
  await expect(page.getByTestId(testIds.health.report)).toHaveAttribute('data-complete', 'true', { timeout: 90_000 });
  const rows = page.getByTestId(testIds.health.check);
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
    await expect(page.getByTestId(testIds.health.summary)).toHaveText('10 ok');
    await expect(page.getByTestId(testIds.health.requests)).toContainText('in 2 waves');
  });

  test('a check’s detail is a URL: it opens with the check expanded', async ({ page }) => {
    await readChecks(page, { from: 'now-30m', to: 'now', check: 'trace-ids' });
    const row = page.locator(`[data-check-id="trace-ids"]`);
    await expect(row.getByTestId(testIds.health.detail)).toBeVisible();
    await expect(row.getByTestId(testIds.health.detailRow).first()).toBeVisible();
  });

  // Runs after CI restarted payments with LOG_TRACE_CONTEXT=off (.github/workflows/ci.yml sets
  // E2E_BROKEN_SINCE_MS once the new payments container is up), over the window since then.
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
    const row = page.locator('[data-check-id="trace-ids"]');
    await expect(row.getByTestId(testIds.health.cause)).toContainText('payments');
    await expect(row.getByTestId(testIds.health.cause)).toContainText('without trace context');
    const detail = row.getByTestId(testIds.health.detailRow).filter({ hasText: 'payments' });
    await expect(detail).toHaveAttribute('data-state', 'broken');
    await expect(detail).toContainText('0 of');
    // The other services still carry their trace ids.
    for (const service of ['gateway', 'orders', 'inventory']) {
      await expect(row.getByTestId(testIds.health.detailRow).filter({ hasText: service }).first()).not.toHaveAttribute(
        'data-state',
        'broken'
      );
    }
  });
});
