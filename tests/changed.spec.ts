import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ROUTES } from '../src/constants';
import {
  BAD_DEPLOY_SCHEDULE,
  cycleStartMs,
  secondsIntoDeploy,
  type BadDeploySchedule,
} from '../demo/src/badDeploySchedule';
import { appUrl } from './support/app';
import { ui } from './support/locators';

/**
 * What changed against the demo shop's scripted bad deploy (demo/src/badDeploy.ts): during it, the
 * new version, the new error signature and the service's error rate are among the top rows; in the
 * calm stretch after it, nothing is above the threshold. The schedule is the demo's (clock-aligned),
 * with the same environment overrides; the specs wait for the right moment, bounded by
 * E2E_CHANGED_WAIT_S (default: one cycle and five minutes).
 */

const env = (key: string, fallback: number) => {
  const n = Number(process.env[key]);
  return process.env[key] && Number.isFinite(n) ? n : fallback;
};
const SCHEDULE: BadDeploySchedule = {
  everyS: env('BAD_DEPLOY_EVERY_S', BAD_DEPLOY_SCHEDULE.everyS),
  offsetS: env('BAD_DEPLOY_OFFSET_S', BAD_DEPLOY_SCHEDULE.offsetS),
  lengthS: env('BAD_DEPLOY_LENGTH_S', BAD_DEPLOY_SCHEDULE.lengthS),
};
const SERVICE = process.env.BAD_DEPLOY_SERVICE ?? 'payments';
const VERSION = process.env.BAD_DEPLOY_VERSION ?? '1.1.0';
const TEMPO_UID = process.env.E2E_TEMPO_UID ?? 'correlate-tempo';
const MAX_WAIT_S = env('E2E_CHANGED_WAIT_S', SCHEDULE.everyS + 300);
/** How far into the bad deploy the incident window must reach: enough lines and spans to count. */
const INTO_DEPLOY_S = 120;
/** After the bad deploy, the metrics' rate windows still see it this long. */
const AFTER_DEPLOY_S = 90;

test.describe.configure({ mode: 'serial' });
test.setTimeout((MAX_WAIT_S + 180) * 1000);

/** Waits (bounded) until the clock reads `atMs`. */
async function waitUntil(page: Page, atMs: number, why: string) {
  const waitMs = atMs - Date.now();
  if (waitMs > MAX_WAIT_S * 1000) {
    throw new Error(`${why} is ${Math.round(waitMs / 1000)} s away, more than E2E_CHANGED_WAIT_S=${MAX_WAIT_S}.`);
  }
  if (waitMs > 0) {
    await page.waitForTimeout(waitMs);
  }
}

/** The start of the bad deploy now running, or of the next one. */
function deployStartMs(nowMs: number): number {
  const into = secondsIntoDeploy(SCHEDULE, nowMs);
  const start = nowMs - into * 1000;
  return into < SCHEDULE.lengthS ? start : start + SCHEDULE.everyS * 1000;
}

/** Readiness: Tempo has spans of the bad version (bounded polling through Grafana's data source proxy). */
async function waitForBadVersion(page: Page, sinceMs: number) {
  const q = encodeURIComponent(`{ resource.service.version = "${VERSION}" }`);
  for (let i = 0; i < 24; i++) {
    const nowS = Math.floor(Date.now() / 1000);
    const res = await page.request.get(
      `/api/datasources/proxy/uid/${TEMPO_UID}/api/search?q=${q}&limit=1&start=${Math.floor(sinceMs / 1000)}&end=${nowS}`
    );
    if (res.ok() && ((await res.json())?.traces ?? []).length > 0) {
      return;
    }
    await page.waitForTimeout(5_000);
  }
  throw new Error(`Tempo has no spans of ${SERVICE} ${VERSION}: is the demo's bad deploy on (BAD_DEPLOY_EVERY_S)?`);
}

/**
 * Grafana's date format (YYYY-MM-DD HH:mm:ss) in the user's zone: the provisioned user keeps Grafana's default,
 * the browser's zone, which is this machine's.
 */
const local = (ms: number) => {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
};

async function openChanged(page: Page, fromMs: number, toMs: number) {
  await page.goto(appUrl(ROUTES.Changed, '', { from: String(fromMs), to: String(toMs), 'var-services': SERVICE }));
  await expect(ui.changed.page(page)).toContainText(`What changed for ${SERVICE}`, { timeout: 30_000 });
  // The incident window is the link's; the baseline the same length just before it.
  await expect(ui.changed.windows(page)).toContainText(`Incident ${local(fromMs)} to ${local(toMs)} (`);
  await expect(ui.changed.windows(page)).toContainText(`against ${local(2 * fromMs - toMs)} to ${local(fromMs)}.`);
  // Every kind answered (compared, fell back, or said why not).
  await expect(ui.changed.kind(page)).toHaveCount(4);
  await expect(ui.changed.kindLoading(page)).toHaveCount(0, { timeout: 60_000 });
}

test.describe('What changed', () => {
  test('during the bad deploy: the new version, the new signature and the error rate are in the top rows', async ({
    page,
  }) => {
    const start = deployStartMs(Date.now());
    await waitUntil(page, start + INTO_DEPLOY_S * 1000, 'Two minutes into the next bad deploy');
    await waitForBadVersion(page, start);
    await openChanged(page, start, Date.now());
    const flagged = ui.changed.flaggedRow(ui.changed.table(page));
    await expect(flagged.first()).toBeVisible();
    const top = (await flagged.allInnerTexts()).slice(0, 6).join('\n');
    expect(top).toContain(`service.version ${VERSION}`);
    expect(top).toMatch(/error signature.*TypeError/i);
    expect(top).toContain(`Error fraction of ${SERVICE} rose`);
    // The deploy, judged by harm, is named as the probable cause, and its row comes first (issue 21).
    await expect(ui.changed.cause(page)).toHaveAttribute('data-state', 'probable');
    await expect(ui.changed.cause(page)).toContainText(
      `Probable cause: ${SERVICE}: service.version ${VERSION} deployed`
    );
    await expect(ui.changed.cause(page)).toContainText('than the old version');
    await expect(flagged.first()).toContainText(`service.version ${VERSION} deployed`);
    await expect(ui.changed.nothing(page)).toHaveCount(0);
    await expect(ui.changed.copy(page)).toBeVisible();

    // The new signature's row links to its lines on the Errors page, over the incident window.
    const signature = flagged.filter({ hasText: 'TypeError' }).first();
    const href = new URL((await ui.changed.rowLink(signature).getAttribute('href'))!, page.url());
    expect(href.pathname).toMatch(/\/errors$/);
    expect(Math.abs(Number(href.searchParams.get('from')) - start)).toBeLessThan(1000);
    await ui.changed.rowLink(signature).click();
    await expect(ui.errors.logRow(page).filter({ hasText: 'TypeError' }).first()).toBeVisible({ timeout: 30_000 });
    await page.goBack();
    await expect(ui.changed.kindLoading(page)).toHaveCount(0, { timeout: 60_000 });
    await expect(flagged.first()).toBeVisible();

    // The differences below the threshold are one click away; the flagged rows stay as they were.
    const flaggedCount = await flagged.count();
    const showAll = ui.changed.showAll(page);
    const hidden = Number(/^Show (\d+) smaller differences$/.exec(await showAll.innerText())?.[1]);
    expect(hidden, 'the smaller differences behind the button').toBeGreaterThan(0);
    await showAll.click();
    await expect(ui.changed.row(page)).toHaveCount(flaggedCount + hidden);
    await expect(flagged).toHaveCount(flaggedCount);

    // A day earlier as the baseline: the windows and the URL follow.
    await ui.changed.baselineOption(page, 'A day earlier').check();
    await expect(ui.changed.windows(page)).toContainText(`against ${local(start - 86_400_000)} to `);
    await expect(page).toHaveURL(/[?&]baseline=day(&|$)/);
    await expect(ui.changed.kindLoading(page)).toHaveCount(0, { timeout: 60_000 });
  });

  test('outside any incident: no row above the threshold', async ({ page }) => {
    // The calm stretch of this cycle: from AFTER_DEPLOY_S after its bad deploy to the next error
    // burst (the next cycle), split in two halves. It always ends within one cycle from now.
    const cycle = cycleStartMs(SCHEDULE, Date.now());
    const calmFrom = cycle + (SCHEDULE.offsetS + SCHEDULE.lengthS + AFTER_DEPLOY_S) * 1000;
    const calmTo = cycle + SCHEDULE.everyS * 1000;
    await waitUntil(page, calmTo, 'The end of the calm stretch after the bad deploy');
    const middle = Math.round((calmFrom + calmTo) / 2);
    await openChanged(page, middle, calmTo);
    await expect(ui.changed.nothing(page)).toContainText('Nothing changed beyond the baseline’s own variation');
    await expect(ui.changed.flaggedRow(page)).toHaveCount(0);
    // Outside the bad phase the deploy is not flagged and nothing is named as a cause.
    await expect(ui.changed.cause(page)).toHaveCount(0);
  });

  test('“What changed?” on a service’s detail opens the comparison of that service over its window', async ({
    page,
  }) => {
    await page.goto(appUrl(ROUTES.Services, `/${SERVICE}`, { from: 'now-30m', to: 'now' }));
    const link = ui.changed.link(page);
    const href = new URL((await link.getAttribute('href'))!, page.url());
    expect(href.pathname).toMatch(/\/changed$/);
    expect(href.searchParams.getAll('var-services')).toEqual([SERVICE]);
    await link.click();
    await expect(ui.changed.page(page)).toContainText(`What changed for ${SERVICE}`, { timeout: 30_000 });
    await expect(ui.changed.windows(page)).toContainText('(30 minutes)');
    await expect(ui.changed.kindLoading(page)).toHaveCount(0, { timeout: 60_000 });
  });
});
