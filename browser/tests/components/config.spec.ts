import { ui } from '../../../tests/support/locators';
import { DEMO_DATA_SOURCES, demoErrorTraceIds } from '../../harness/demo/facts';
import { expect, test } from '../support/demo';

/** The config page, as Grafana's plugin page mounts it, with the demo's data sources and backend. */
test.describe('config page (component)', () => {
  test('the old locator getByLabel("Pattern 1") matches two elements; the shared one matches the field only', async ({
    demo,
  }) => {
    const view = demo.view(await demo.mountConfigPage());
    await ui.appConfig.addPattern(view).click();
    // Appconfig.spec.ts used this: it also matches the "Remove pattern 1" button, a strict-mode violation.
    await expect(view.getByLabel('Pattern 1')).toHaveCount(2);
    const strict = await view
      .getByLabel('Pattern 1')
      .fill('x', { timeout: 2_000 })
      .then(
        () => 'filled',
        (e: Error) => e.message
      );
    expect(strict).toContain('strict mode violation');
    await expect(ui.appConfig.pattern(view, 1)).toHaveCount(1);
    await expect(ui.appConfig.removePattern(view, 1)).toHaveCount(1);
  });

  test('shows the provisioned settings, and an invalid pattern blocks Save until it is fixed or removed', async ({
    demo,
  }) => {
    const view = demo.view(await demo.mountConfigPage());
    await expect(ui.appConfig.container(view)).toBeVisible();
    await expect(ui.appConfig.padding(view)).toHaveValue('15');
    await expect(ui.appConfig.maxLines(view)).toHaveValue('1000');
    await expect(ui.appConfig.submit(view)).toBeEnabled();

    await ui.appConfig.addPattern(view).click();
    await ui.appConfig.pattern(view, 1).fill('corr=([0-9a-f');
    await expect(ui.appConfig.traceIdPatterns(view)).toContainText('Not a valid regular expression');
    await expect(ui.appConfig.submit(view)).toBeDisabled();
    await expect(view.getByText('Fix the fields marked in red to save.')).toBeVisible();

    await ui.appConfig.pattern(view, 1).fill('corr=\\[([0-9a-f]{32})\\]');
    await expect(ui.appConfig.submit(view)).toBeEnabled();
    await ui.appConfig.tryLine(view).fill('level=error corr=[4bf92f3577b34da6a3ce929d0e0e4736] msg="declined"');
    await expect(ui.appConfig.tryLineResult(view)).toHaveText('Trace id: 4bf92f3577b34da6a3ce929d0e0e4736');

    await ui.appConfig.pattern(view, 1).fill('(a+)+$');
    await expect(ui.appConfig.submit(view)).toBeDisabled();
    await ui.appConfig.removePattern(view, 1).click();
    await expect(ui.appConfig.pattern(view, 1)).toHaveCount(0);
    await expect(ui.appConfig.submit(view)).toBeEnabled();
  });

  test('an extra trace-id field is read from a pasted line', async ({ demo }) => {
    const view = demo.view(await demo.mountConfigPage());
    await ui.appConfig.tryLine(view).fill('level=error x_correlation_id=0af7651916cd43dd8448eb211c80319c');
    await expect(ui.appConfig.tryLineResult(view)).toHaveText('No trace id found in this line.');
    await ui.appConfig.addField(view).click();
    await ui.appConfig.field(view, 1).fill('x_correlation_id');
    await expect(ui.appConfig.field(ui.appConfig.traceIdFields(view), 1)).toHaveValue('x_correlation_id');
    await expect(ui.appConfig.tryLineResult(view)).toHaveText('Trace id: 0af7651916cd43dd8448eb211c80319c');
  });

  test('data sources: the pickers show the provisioned ones; RED detection runs again for another metrics data source', async ({
    demo,
  }) => {
    const view = demo.view(await demo.mountConfigPage());
    await expect(ui.appConfig.dataSource(view, 'loki')).toContainText('Loki');
    await expect(ui.appConfig.dataSource(view, 'tempo')).toContainText('Tempo');
    await expect(ui.appConfig.dataSource(view, 'metrics')).toContainText('Mimir');
    await expect(ui.appConfig.redDetection(view)).toHaveText('Found: Tempo metrics-generator span metrics');

    await ui.appConfig.dataSourceInput(view, 'metrics').click();
    await ui.controls.option(demo.page, 'Prometheus (no span metrics)').click();
    await expect(ui.appConfig.dataSource(view, 'metrics')).toContainText('Prometheus (no span metrics)');
    await expect(ui.appConfig.redDetection(view)).toContainText('No RED metrics found');
    await expect(ui.appConfig.redDetection(view)).toContainText('traces_spanmetrics_calls_total');
    // Metric names asked of the provisioned Mimir (RED detection, and the settings' health summary), then of
    // the data source picked, last.
    const lookups = (await demo.backendRequests())
      .filter((r) => r.url.includes('/label/__name__/values'))
      .map((r) => decodeURIComponent(r.url.split('/')[4]));
    expect([...new Set(lookups)]).toEqual([DEMO_DATA_SOURCES.mimir, DEMO_DATA_SOURCES.prometheusWithoutRed]);
    expect(lookups.at(-1)).toBe(DEMO_DATA_SOURCES.prometheusWithoutRed);

    // A fixed family needs no detection.
    await ui.appConfig.redFamily(view, 'Tempo metrics-generator span metrics').check();
    await expect(ui.appConfig.redDetection(view)).toHaveCount(0);
  });

  test('Save sends the draft to Grafana; a refused save says why and what to do', async ({ demo }) => {
    const view = demo.view(await demo.mountConfigPage());
    await ui.appConfig.maxLines(view).fill('750');
    await ui.appConfig.submit(view).click();
    await expect
      .poll(async () => (await demo.backendRequests()).filter((r) => r.method === 'POST').map((r) => r.data))
      .toEqual([expect.objectContaining({ jsonData: expect.objectContaining({ maxLines: 750, paddingMinutes: 15 }) })]);

    await demo.page.evaluate(() => window.harness.failNextSave(403, 'Permission denied'));
    await ui.appConfig.submit(view).click();
    await expect(ui.appConfig.saveError(view)).toContainText('Permission denied');
    await expect(ui.appConfig.saveError(view)).toContainText('Check that you are an admin of this organization');
  });

  test('levels and limits: a value out of range is named and blocks Save', async ({ demo }) => {
    const view = demo.view(await demo.mountConfigPage());
    await expect(ui.appConfig.errorLevels(view)).toContainText('error');
    await ui.appConfig.padding(view).fill('0');
    await expect(view.getByText('Time padding must be a number from 1 to 1440.')).toBeVisible();
    await expect(ui.appConfig.submit(view)).toBeDisabled();
    await ui.appConfig.padding(view).fill('30');
    await expect(ui.appConfig.submit(view)).toBeEnabled();
  });

  test('the saved configuration’s health, one line per check, links to the Health page', async ({ demo }) => {
    const summary = ui.appConfig.healthSummary(demo.view(await demo.mountConfigPage()));
    await expect(ui.health.complete(summary)).toBeVisible();
    await expect(ui.health.check(summary)).toHaveCount(10);
    await expect(ui.health.summary(summary)).toHaveText('2 degraded · 8 ok');
    await expect(ui.health.checkOf(summary, 'tempo-traces')).toHaveAttribute('data-state', 'degraded');
    const { ids, found } = demoErrorTraceIds();
    await expect(ui.health.figure(ui.health.checkOf(summary, 'tempo-traces'))).toHaveText(
      `${found.length} of ${ids.length} sampled trace ids found in Tempo (${Math.round((100 * found.length) / ids.length)}%)`
    );
    // Compact: causes, fixes and details are the Health page's.
    await expect(ui.health.cause(summary)).toHaveCount(0);
    await expect(ui.health.fix(summary)).toHaveCount(0);
    await expect(ui.health.detailLink(summary)).toHaveCount(0);
    await expect(ui.health.pageLink(summary)).toHaveAttribute('href', '/a/correlate-investigation-app/health');
  });

  test('health sampling: the defaults, a value out of range blocks Save, a valid one is saved', async ({ demo }) => {
    const view = demo.view(await demo.mountConfigPage());
    await expect(ui.appConfig.healthTraceSample(view)).toHaveValue('20');
    await expect(ui.appConfig.healthLinesPerService(view)).toHaveValue('20');
    await expect(ui.appConfig.healthServices(view)).toHaveValue('20');
    await ui.appConfig.healthTraceSample(view).fill('101');
    await expect(view.getByText('Trace ids looked up in Tempo must be a number from 1 to 100.')).toBeVisible();
    await expect(ui.appConfig.submit(view)).toBeDisabled();
    await ui.appConfig.healthTraceSample(view).fill('5');
    await ui.appConfig.healthLinesPerService(view).fill('50');
    await ui.appConfig.healthServices(view).fill('8');
    await ui.appConfig.submit(view).click();
    await expect
      .poll(async () => (await demo.backendRequests()).filter((r) => r.method === 'POST').map((r) => r.data))
      .toEqual([
        expect.objectContaining({
          jsonData: expect.objectContaining({ healthTraceSample: 5, healthLinesPerService: 50, healthServices: 8 }),
        }),
      ]);
  });
});
