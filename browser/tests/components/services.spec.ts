import { ui } from '../../../tests/support/locators';
import { percentText, rateText, secondsText } from '../../../src/shared/figures';
import { DEMO_RED, DEMO_SERVICES, type DemoService } from '../../harness/demo/facts';
import { expect, test } from '../support/demo';

/** The demo's services, most failed requests per second first (the Services page's order). */
const RANKED = [...DEMO_SERVICES].sort(
  (a, b) => DEMO_RED[b].rate * DEMO_RED[b].errors - DEMO_RED[a].rate * DEMO_RED[a].errors
);
/** A service's row as the page writes it (Grafana's value formats): name, requests, error rate, p95, sparkline. */
const cells = (s: DemoService) => [
  s,
  rateText(DEMO_RED[s].rate),
  percentText(DEMO_RED[s].errors),
  secondsText(DEMO_RED[s].duration),
  '',
];

/** The Services page and a service's detail, RED from the demo's Mimir, traces from its Tempo. */
const SERVICES = '/a/correlate-investigation-app/services';

test.describe('Services (component)', () => {
  test('every service with its RED figures, most failing first; a name opens its detail', async ({ demo }) => {
    await demo.open(`${SERVICES}?from=now-1h&to=now`);
    const rows = ui.services.row(demo.page);
    await expect(rows).toHaveCount(DEMO_SERVICES.length);
    await expect(ui.services.viewport(demo.page)).toBeVisible();
    for (const service of DEMO_SERVICES) {
      await expect(ui.services.link(demo.page, service)).toBeVisible();
    }
    // payments fails most (a decline fails payments' span only: demo/__tests__/failsMost.test.ts); the
    // figures are those of the demo's span metrics (generated/demo.json).
    expect(RANKED[0]).toBe('payments');
    await expect(rows.nth(0).getByRole('cell')).toHaveText(cells('payments'));
    await expect(ui.services.rowOf(demo.page, 'inventory').getByRole('cell')).toHaveText(cells('inventory'));
    await expect(ui.services.summary(demo.page)).toHaveText(
      '4 of 4 services shown, most failing first (failed requests per second, then busiest).'
    );
    // One request for the list (top services, their count), one for the rows on screen (p95, sparklines).
    const metrics = (await demo.dataRequests()).filter((r) => r.type === 'prometheus');
    expect(metrics).toHaveLength(2);
    expect(metrics[0].queries).toHaveLength(3);
    expect(metrics[0].queries[0]).toContain('topk(100, ');
    expect(metrics[1].queries).toHaveLength(2);

    await ui.services.link(demo.page, 'payments').click();
    expect((await demo.url()).pathname).toBe(`${SERVICES}/payments`);
    await expect(ui.red.services(demo.page)).toHaveText(['payments']);
    await expect(ui.services.traces(demo.page, 'error')).toBeVisible();
    await expect(ui.services.traces(demo.page, 'slow')).toHaveAccessibleName('Slow traces (≥ 1000 ms)');
    await expect(ui.services.errorLogs(demo.page)).toBeVisible();
    // Its neighbours from Tempo's service graph: orders calls it, it calls nobody.
    await expect(ui.serviceMap.section(demo.page)).toBeVisible();
    await expect(ui.serviceMap.neighbour(demo.page, 'callers', 'orders')).toBeVisible();
    await expect(ui.serviceMap.row(ui.serviceMap.callers(demo.page))).toHaveCount(1);
    await expect(ui.serviceMap.callees(demo.page)).toContainText('payments calls no other service in this time range.');
    await expect(ui.serviceMap.message(demo.page)).toHaveCount(0);
    const tempo = (await demo.dataRequests()).filter((r) => r.type === 'tempo').flatMap((r) => r.queries);
    expect(tempo.sort()).toEqual([
      '{ resource.service.name = "payments" && kind = server && duration >= 1000ms }',
      '{ resource.service.name = "payments" && status = error }',
    ]);
    await demo.page.goBack();
    await expect(ui.services.table(demo.page)).toBeVisible();
  });

  test('the search reaches every service at the server; screenshots of the page', async ({ demo }) => {
    await demo.page.setViewportSize({ width: 1440, height: 900 });
    await demo.open(`${SERVICES}?from=now-1h&to=now`);
    await expect(ui.services.row(demo.page)).toHaveCount(DEMO_SERVICES.length);
    await expect(ui.services.rowOf(demo.page, 'inventory').getByRole('cell').nth(3)).toHaveText(
      secondsText(DEMO_RED.inventory.duration)
    );
    await demo.page.screenshot({ path: test.info().outputPath('services-1440x900.png') });
    await ui.services.search(demo.page).fill('PAY');
    await expect(ui.services.row(demo.page)).toHaveCount(1);
    await expect(ui.services.summary(demo.page)).toHaveText(
      '1 of 4 services match “PAY”; 1 shown, most failing first.'
    );
    const lists = (await demo.dataRequests()).filter((r) => r.type === 'prometheus' && r.queries.length === 4);
    expect(lists.at(-1)!.queries[0]).toContain('service=~"(?i).*PAY.*"');
    await ui.services.search(demo.page).fill('');
    await expect(ui.services.row(demo.page)).toHaveCount(DEMO_SERVICES.length);
    await demo.page.setViewportSize({ width: 390, height: 844 });
    await demo.page.screenshot({ path: test.info().outputPath('services-390x844.png'), fullPage: true });
  });

  test('service map: orders between gateway and its two callees, drawn as a graph; a callee opens its detail', async ({
    demo,
  }) => {
    await demo.open(`${SERVICES}/orders?from=now-1h&to=now`);
    await expect(ui.serviceMap.neighbour(demo.page, 'callers', 'gateway')).toBeVisible();
    await expect(ui.serviceMap.row(ui.serviceMap.callees(demo.page))).toHaveCount(2);
    await expect(ui.serviceMap.neighbour(demo.page, 'callees', 'inventory')).toBeVisible();
    await expect(ui.serviceMap.graph(demo.page)).toBeVisible();
    await ui.serviceMap.neighbour(demo.page, 'callees', 'payments').click();
    expect((await demo.url()).pathname).toBe(`${SERVICES}/payments`);
    await expect(ui.serviceMap.neighbour(demo.page, 'callers', 'orders')).toBeVisible();
  });

  test('no RED metrics in a metrics data source, none in an old range, a failing one: each explained', async ({
    demo,
  }) => {
    await demo.open(`${SERVICES}?from=now-1h&to=now`);
    await expect(ui.services.row(demo.page)).toHaveCount(DEMO_SERVICES.length);
    await ui.controls.picker(demo.page, 'Metrics').click();
    await ui.controls.option(demo.page, 'Prometheus (no span metrics)').click();
    await expect(ui.red.message(demo.page)).toContainText('No RED metrics found');
    // Detection asked the new data source for its metric names; no PromQL was sent to it.
    const uids = (await demo.dataRequests()).filter((r) => r.type === 'prometheus').map((r) => r.uid);
    // The list and the rows on screen, both to the first data source.
    expect(uids).toEqual(['demo-mimir', 'demo-mimir']);

    await ui.controls.picker(demo.page, 'Metrics').click();
    await ui.controls.option(demo.page, 'Mimir (failing)').click();
    await expect(ui.services.error(demo.page)).toContainText('too many samples');
    await expect(ui.services.error(demo.page)).toContainText('Check the metrics data source');

    await ui.controls.picker(demo.page, 'Metrics').click();
    await ui.controls.option(demo.page, 'Mimir').click();
    await expect(ui.services.row(demo.page)).toHaveCount(DEMO_SERVICES.length);
    await demo.navigate(`${SERVICES}?from=now-30d&to=now-29d&var-metrics=demo-mimir`);
    await expect(ui.services.empty(demo.page)).toContainText('Widen the time range');
  });

  test('a link with a name no service can have gets a clear message', async ({ demo }) => {
    await demo.open(`${SERVICES}/${'x'.repeat(300)}`);
    await expect(ui.page.message(demo.page)).toContainText('does not name a service');
    await expect(ui.page.message(demo.page).getByRole('link', { name: 'Go to Services' })).toBeVisible();
  });
});
