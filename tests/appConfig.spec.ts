import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { PLUGIN_ID } from '../src/constants';
import { grafanaApi } from './support/grafanaApi';
import { ui } from './support/locators';

/**
 * The config page. It saves Correlate's settings, which every other spec reads, so it runs in its
 * own project after them (playwright.config.ts), its tests one after another, and it puts the
 * settings it found back when it is done.
 */
test.describe.configure({ mode: 'serial' });

const SETTINGS_URL = `/api/plugins/${PLUGIN_ID}/settings`;
let provisioned: { enabled: boolean; pinned: boolean; jsonData: Record<string, unknown> } | undefined;

async function readSettings(request: APIRequestContext) {
  const res = await request.get(SETTINGS_URL);
  expect(res.ok(), `GET ${SETTINGS_URL}`).toBe(true);
  const body = await res.json();
  return { enabled: body.enabled, pinned: body.pinned, jsonData: body.jsonData ?? {} };
}

test.beforeAll(async ({ playwright }) => {
  provisioned = await readSettings(await grafanaApi(playwright));
});

test.afterAll(async ({ playwright }) => {
  if (!provisioned) {
    return;
  }
  const api = await grafanaApi(playwright);
  const res = await api.post(SETTINGS_URL, { data: provisioned });
  expect(res.ok(), 'the provisioned settings are put back').toBe(true);
  expect((await readSettings(api)).jsonData).toEqual(provisioned.jsonData);
});

test.describe('app configuration', () => {
  test('shows the provisioned data sources and settings, and finds the span metrics', async ({ appConfigPage }) => {
    const page = appConfigPage.ctx.page;
    await expect(ui.appConfig.container(page)).toBeVisible();
    await expect(ui.appConfig.dataSource(page, 'loki')).toContainText('Loki');
    await expect(ui.appConfig.dataSource(page, 'tempo')).toContainText('Tempo');
    await expect(ui.appConfig.dataSource(page, 'metrics')).toContainText('Mimir');
    await expect(ui.appConfig.redDetection(page)).toHaveText('Found: Tempo metrics-generator span metrics');
    await expect(ui.appConfig.errorLevels(page)).toContainText('critical');
    await expect(ui.appConfig.padding(page)).toHaveValue('15');
    await expect(ui.appConfig.maxLines(page)).toHaveValue('1000');
    await expect(ui.appConfig.submit(page)).toBeEnabled();
  });

  test('an invalid trace-id pattern is shown inline and blocks Save; a valid one reads a pasted line', async ({
    appConfigPage,
  }) => {
    const page = appConfigPage.ctx.page;
    await ui.appConfig.addPattern(page).click();
    await ui.appConfig.pattern(page, 1).fill('corr=([0-9a-f');
    await expect(ui.appConfig.traceIdPatterns(page)).toContainText('Not a valid regular expression');
    await expect(ui.appConfig.submit(page)).toBeDisabled();
    await ui.appConfig.pattern(page, 1).fill('corr=\\[([0-9a-f]{32})\\]');
    await expect(ui.appConfig.submit(page)).toBeEnabled();
    await ui.appConfig.tryLine(page).fill('level=error corr=[4bf92f3577b34da6a3ce929d0e0e4736] msg="declined"');
    await expect(ui.appConfig.tryLineResult(page)).toHaveText('Trace id: 4bf92f3577b34da6a3ce929d0e0e4736');
    await ui.appConfig.removePattern(page, 1).click();
    await expect(ui.appConfig.pattern(page, 1)).toHaveCount(0);
  });

  test('an extra trace-id field is read from a pasted line', async ({ appConfigPage }) => {
    const page = appConfigPage.ctx.page;
    await ui.appConfig.tryLine(page).fill('level=error x_correlation_id=0af7651916cd43dd8448eb211c80319c');
    await expect(ui.appConfig.tryLineResult(page)).toHaveText('No trace id found in this line.');
    await ui.appConfig.addField(page).click();
    await ui.appConfig.field(page, 1).fill('x_correlation_id');
    await expect(ui.appConfig.field(ui.appConfig.traceIdFields(page), 1)).toHaveValue('x_correlation_id');
    await expect(ui.appConfig.tryLineResult(page)).toHaveText('Trace id: 0af7651916cd43dd8448eb211c80319c');
  });

  test('a save Grafana refuses says why and what to do, and changes nothing', async ({ appConfigPage }) => {
    const page = appConfigPage.ctx.page;
    // Grafana answering as it does to an editor who is not an admin of the organization.
    await page.route(`**${SETTINGS_URL}`, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 403, contentType: 'application/json', body: '{"message":"Permission denied"}' })
        : route.continue()
    );
    await ui.appConfig.maxLines(page).fill('600');
    await ui.appConfig.submit(page).click();
    await expect(ui.appConfig.saveError(page)).toContainText('Permission denied');
    await expect(ui.appConfig.saveError(page)).toContainText('Check that you are an admin of this organization');
    await page.unrouteAll();
    expect((await readSettings(page.request)).jsonData.maxLines).toBe(provisioned?.jsonData.maxLines);
  });

  test('RED detection follows the chosen family: a fixed family needs none', async ({ appConfigPage }) => {
    const page = appConfigPage.ctx.page;
    await expect(ui.appConfig.redDetection(page)).toBeVisible();
    await ui.appConfig.redFamily(page, 'Tempo metrics-generator span metrics').check();
    await expect(ui.appConfig.redDetection(page)).toHaveCount(0);
  });

  test('the saved configuration’s health: every check in one line, over the provisioned data sources', async ({
    appConfigPage,
  }) => {
    const summary = ui.appConfig.healthSummary(appConfigPage.ctx.page);
    await expect(ui.health.complete(summary)).toBeVisible({ timeout: 90_000 });
    await expect(ui.health.check(summary)).toHaveCount(10);
    await expect(ui.health.figure(ui.health.checkOf(summary, 'loki'))).toContainText('services with logs');
    await expect(ui.health.summary(summary)).toHaveText(/\d+ ok/);
    // Compact: the causes and fixes are on the Health page, one link away.
    await expect(ui.health.fix(summary)).toHaveCount(0);
    await expect(ui.health.pageLink(summary)).toHaveAttribute('href', /\/a\/correlate-investigation-app\/health$/);
  });

  test('health sampling: a value out of range blocks Save; valid ones are saved', async ({ appConfigPage }) => {
    const page = appConfigPage.ctx.page;
    await expect(ui.appConfig.healthTraceSample(page)).toHaveValue('20');
    await ui.appConfig.healthTraceSample(page).fill('0');
    await expect(page.getByText('Trace ids looked up in Tempo must be a number from 1 to 100.')).toBeVisible();
    await expect(ui.appConfig.submit(page)).toBeDisabled();
    await ui.appConfig.healthTraceSample(page).fill('10');
    await ui.appConfig.healthLinesPerService(page).fill('30');
    await ui.appConfig.healthServices(page).fill('12');
    const saved = page.waitForResponse((r) => r.url().includes(SETTINGS_URL) && r.request().method() === 'POST');
    await ui.appConfig.submit(page).click();
    const response = await saved;
    expect(response.ok()).toBe(true);
    expect(response.request().postDataJSON()).toMatchObject({
      jsonData: { healthTraceSample: 10, healthLinesPerService: 30, healthServices: 12 },
    });
  });

  test('a saved value survives a reload', async ({ appConfigPage }) => {
    const page = appConfigPage.ctx.page;
    await ui.appConfig.maxLines(page).fill('750');
    const saved = page.waitForResponse((r) => r.url().includes(SETTINGS_URL) && r.request().method() === 'POST');
    await ui.appConfig.submit(page).click();
    const response = await saved;
    expect(response.ok()).toBe(true);
    expect(response.request().postDataJSON()).toMatchObject({ jsonData: { maxLines: 750, paddingMinutes: 15 } });
    await page.reload();
    await expect(ui.appConfig.maxLines(page)).toHaveValue('750');
  });
});
