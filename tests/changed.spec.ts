import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { testIds } from '../src/testIds';
import { ROUTES } from '../src/constants';
import {
  BAD_DEPLOY_SCHEDULE,
  cycleStartMs,
  secondsIntoDeploy,
  type BadDeploySchedule,
} from '../demo/src/badDeploySchedule';
import { appUrl } from './support/app';

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

async function openChanged(page: Page, fromMs: number, toMs: number) {
  await page.goto(appUrl(ROUTES.Changed, '', { from: String(fromMs), to: String(toMs), 'var-services': SERVICE }));
  await expect(page.getByTestId(testIds.changed.page)).toBeVisible({ timeout: 30_000 });
  // Every kind answered (compared, fell back, or said why not).
  await expect(page.locator(`[data-testid="${testIds.changed.kind}"][data-status="loading"]`)).toHaveCount(0, {
    timeout: 60_000,
  });
}

test.describe('What changed', () => {
  test('during the bad deploy: the new version, the new signature and the error rate are in the top rows', async ({
    page,
  }) => {
    const start = deployStartMs(Date.now());
    await waitUntil(page, start + INTO_DEPLOY_S * 1000, 'Two minutes into the next bad deploy');
    await waitForBadVersion(page, start);
    await openChanged(page, start, Date.now());
    const flagged = page.locator(`[data-testid="${testIds.changed.row}"][data-flagged="true"]`);
    await expect(flagged.first()).toBeVisible();
    const top = (await flagged.allInnerTexts()).slice(0, 6).join('\n');
    expect(top).toContain(`service.version ${VERSION}`);
    expect(top).toMatch(/error signature.*TypeError/i);
    expect(top).toContain(`Error fraction of ${SERVICE} rose`);
    await expect(page.getByTestId(testIds.changed.copy)).toBeVisible();
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
    await expect(page.getByTestId(testIds.changed.nothing)).toBeVisible();
    await expect(page.locator(`[data-testid="${testIds.changed.row}"][data-flagged="true"]`)).toHaveCount(0);
  });
});
