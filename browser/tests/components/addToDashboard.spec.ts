import { ui } from '../../../tests/support/locators';
import type { Locator } from '@playwright/test';
import { testIds } from '../../../src/testIds';
import { readBack } from '../../../src/dashboards/__tests__/grafanaImport';
import { DEMO_TRACES } from '../../harness/demo/facts';
import { expect, test, type Demo } from '../support/demo';

/**
 * Every "Add to dashboard" of Correlate, clicked in Chromium: the dashboard JSON it hands Grafana
 * (through Grafana's local-storage path, as Grafana's own form does) is read back, and each panel's
 * query, data source and visualisation are checked against the requests the page itself made.
 */
const PAYMENTS = '/a/correlate-investigation-app/services/payments?from=now-1h&to=now';
const LS_KEY = 'DASHBOARD_FROM_LS_KEY';

interface Dto {
  meta: Record<string, unknown>;
  dashboard: {
    title: string;
    time?: { from: string; to: string };
    panels: Array<{
      type: string;
      title: string;
      datasource?: { uid: string; type: string };
      targets?: Array<Record<string, unknown>>;
      options?: Record<string, unknown>;
    }>;
    templating?: { list: Array<{ name: string; query: string; current: { value: string } }> };
  };
}

/** Grafana's panel menu of the panel titled `title` (PanelChrome's `data-testid Panel menu <title>`), opened. */
async function openMenu(demo: Demo, panel: Locator, title: string) {
  await panel.hover();
  await panel.getByTestId(`data-testid Panel menu ${title}`).click();
}

async function handedOver(demo: Demo): Promise<Dto> {
  await expect.poll(async () => (await demo.url()).pathname).toBe('/dashboard/new');
  const json = await demo.page.evaluate((k) => window.localStorage.getItem(k), LS_KEY);
  expect(json).not.toBeNull();
  await demo.page.evaluate((k) => window.localStorage.removeItem(k), LS_KEY);
  const dto = JSON.parse(json!) as Dto;
  expect(readBack(JSON.stringify(dto.dashboard)).problems).toEqual([]);
  return dto;
}

/** The data source uid each query text the page sent went to. */
async function pageQueries(demo: Demo): Promise<Map<string, string>> {
  return new Map((await demo.dataRequests()).flatMap((r) => r.queries.map((q) => [q, r.uid] as [string, string])));
}

const SERVICE_PANELS: Array<{ title: string; type: string; region: (d: Demo) => Locator }> = [
  ...['Requests', 'Error rate', 'p95 latency'].map((title) => ({
    title,
    type: 'timeseries',
    region: (d: Demo) => d.page.getByTestId(testIds.red.section).getByRole('region', { name: title, exact: true }),
  })),
  { title: 'Error logs', type: 'logs', region: (d) => d.page.getByRole('region', { name: 'Error logs', exact: true }) },
  {
    title: 'Error traces',
    type: 'table',
    region: (d) => d.page.getByRole('region', { name: 'Error traces', exact: true }),
  },
];

test.describe('Add to dashboard (component)', () => {
  test('each panel of a service: a new dashboard with that panel, its query, data source and visualisation', async ({
    demo,
  }) => {
    for (const p of SERVICE_PANELS) {
      await demo.open(PAYMENTS);
      const region = p.region(demo);
      await expect(region).toBeVisible();
      await openMenu(demo, region, p.title);
      await expect(demo.page.getByRole('menuitem', { name: 'Explore' })).toBeVisible();
      await expect(demo.page.getByRole('menuitem', { name: 'Copy link' })).toBeVisible();
      await demo.page.getByRole('menuitem', { name: 'Add to dashboard' }).click();
      // This harness, like a Grafana without the exposed form, gets Correlate's new-dashboard fallback.
      const dialog = ui.addToDashboard.dialog(demo.page);
      await expect(dialog).toContainText('Opens a new dashboard with this panel (1 panel), over the last 1h.');
      const sent = await pageQueries(demo);
      await ui.addToDashboard.openNew(dialog).click();
      const dto = await handedOver(demo);
      expect(dto.dashboard.time).toEqual({ from: 'now-1h', to: 'now' });
      const [panel] = dto.dashboard.panels;
      expect([panel.type, panel.title]).toEqual([p.type, p.title]);
      expect(panel.targets!.length).toBeGreaterThan(0);
      for (const t of panel.targets!) {
        const text = String(t.expr ?? t.query);
        // The page sent this very query, to this data source.
        expect(sent.get(text), `${p.title}: ${text}`).toBe(panel.datasource!.uid);
        expect(t.datasource).toEqual(panel.datasource);
      }
    }
  });

  test('with Grafana’s exposed form (12.4, 13.2): the form gets the panel, a relative range and absolute navigation', async ({
    demo,
  }) => {
    await demo.page.evaluate(() => window.harness.provideAddToDashboardForm());
    await demo.open(PAYMENTS.replace('now-1h', 'now-6h'));
    const region = demo.page.getByTestId(testIds.red.section).getByRole('region', { name: 'p95 latency', exact: true });
    await expect(region).toBeVisible();
    await openMenu(demo, region, 'p95 latency');
    await demo.page.getByRole('menuitem', { name: 'Add to dashboard' }).click();
    const sent = await pageQueries(demo);
    await demo.page
      .getByTestId('grafana-add-to-dashboard-form')
      .getByRole('button', { name: 'Open dashboard' })
      .click();
    const dto = await handedOver(demo);
    expect(dto.dashboard.time).toEqual({ from: 'now-6h', to: 'now' });
    const [panel] = dto.dashboard.panels;
    expect(panel.type).toBe('timeseries');
    expect(sent.get(String(panel.targets![0].expr))).toBe(panel.datasource!.uid);
    expect(panel.targets![0]).toMatchObject({ refId: 'duration', exemplar: true });
  });

  test('the menu’s Explore opens the panel’s query in Explore, with its data source and range', async ({ demo }) => {
    await demo.open(PAYMENTS);
    const region = demo.page.getByRole('region', { name: 'Error logs', exact: true });
    await expect(region).toBeVisible();
    await openMenu(demo, region, 'Error logs');
    const href = await demo.page.getByRole('menuitem', { name: 'Explore' }).getAttribute('href');
    const url = new URL(href!, 'http://grafana');
    expect(url.pathname).toBe('/explore');
    const pane = JSON.parse(url.searchParams.get('panes')!).correlate;
    const sent = await pageQueries(demo);
    expect(sent.get(pane.queries[0].expr)).toBe(pane.datasource);
    expect(pane.range).toEqual({ from: 'now-1h', to: 'now' });
  });

  test('the whole investigation, from the service detail and from the trace page', async ({ demo }) => {
    await demo.open(PAYMENTS);
    await expect(demo.page.getByRole('region', { name: 'Requests', exact: true })).toBeVisible();
    await ui.addToDashboard.investigation(demo.page).click();
    const dialog = ui.addToDashboard.dialog(demo.page);
    await expect(dialog).toContainText('the investigation of this service (7 panels)');
    const sent = await pageQueries(demo);
    await ui.addToDashboard.openNew(dialog).click();
    const dto = await handedOver(demo);
    expect(dto.dashboard.title).toBe('Correlate: payments');
    const vars = Object.fromEntries(dto.dashboard.templating!.list.map((v) => [v.name, v.current.value]));
    expect(dto.dashboard.panels.map((p) => p.type)).toEqual([
      'text',
      'timeseries',
      'timeseries',
      'timeseries',
      'correlate-errors-panel',
      'logs',
      'table',
    ]);
    for (const panel of dto.dashboard.panels.filter((p) => p.targets)) {
      const uid = vars[panel.datasource!.uid.replace(/^\$\{(\w+)\}$/, '$1')];
      for (const t of panel.targets!) {
        // Each query is one the page ran, against the data source the dashboard's variable starts at.
        expect(sent.get(String(t.expr)), `${panel.title}: ${t.expr}`).toBe(uid);
      }
    }
    expect(dto.dashboard.panels[4].options).toMatchObject({ services: ['payments'], lokiUid: vars.loki });

    await demo.navigate(
      `/a/correlate-investigation-app/trace/${DEMO_TRACES.declined}?time=${Math.round(demo.now - 60_000)}&service=gateway`
    );
    await expect(demo.page.getByTestId(testIds.trace.rootCause)).toContainText('Failed first in payments');
    await ui.addToDashboard.investigation(demo.page).click();
    await ui.addToDashboard.openNew(demo.page).click();
    const fromTrace = await handedOver(demo);
    // The service that failed first, with a link back to the trace; never the trace's absolute window.
    expect(fromTrace.dashboard.title).toBe('Correlate: payments');
    expect(JSON.stringify(fromTrace.dashboard.panels[0].options)).toContain(`/trace/${DEMO_TRACES.declined}`);
    expect(fromTrace.dashboard.time!.from).toMatch(/^now-\d+[mhd]$/);
  });

  test('the Errors page’s volume and the trace page’s trace and logs: each as a panel of the same query', async ({
    demo,
  }) => {
    const pages = [
      { url: '/a/correlate-investigation-app/errors?from=now-1h&to=now', regions: [/^Errors /], type: 'timeseries' },
      {
        url: `/a/correlate-investigation-app/trace/${DEMO_TRACES.declined}?time=${Math.round(demo.now - 60_000)}&service=gateway`,
        regions: ['Trace', 'Logs of this trace'],
        type: undefined,
      },
    ];
    for (const p of pages) {
      for (const name of p.regions) {
        await demo.open(p.url);
        const region = demo.page.getByRole('region', { name, exact: typeof name === 'string' }).first();
        await expect(region).toBeVisible();
        await region.hover();
        await region.getByTestId(/^data-testid Panel menu /).click();
        await demo.page.getByRole('menuitem', { name: 'Add to dashboard' }).click();
        const sent = await pageQueries(demo);
        await ui.addToDashboard.openNew(demo.page).click();
        const [panel] = (await handedOver(demo)).dashboard.panels;
        expect(panel.type).toBe(p.type ?? (name === 'Trace' ? 'traces' : 'logs'));
        for (const t of panel.targets!) {
          expect(sent.get(String(t.expr ?? t.query)), `${panel.title}: ${t.expr ?? t.query}`).toBe(
            panel.datasource!.uid
          );
        }
      }
    }
  });
});
