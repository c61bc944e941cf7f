import type { Page } from '@playwright/test';
import { PLUGIN_BASE_URL, ROUTES } from '../../src/constants';
import { testIds } from '../../src/testIds';
import { SCHEMES } from '../server/grafanaLayout';
import { recordPage, startHost, toLoad, waitForQuiet, type Host, type PageRecord } from './support/host';
import { expect, test } from './support/line';
import { checkLoaded } from './support/pluginFiles';

/**
 * The built plugin (dist/), loaded in Chromium as Grafana loads it: module.js through SystemJS with
 * the AMD `module` dependency and Grafana's shared modules, under each URL scheme Grafana serves an
 * app and its nested plugins with. Every view that loads code lazily is rendered. Fails on any
 * request that is not answered 2xx or that leaves the served layout, on any uncaught error or
 * unhandled rejection (a ChunkLoadError is one) and on any JS file of a plugin holding code of
 * ours (src/) that was never loaded from that plugin's own folder.
 */

const byTestId = (id: string) => `[data-testid="${id}"]`;
const inView = (view: string, selector: string) =>
  selector
    .split(',')
    .map((s) => `[data-harness-view="${view}"] ${s}`)
    .join(',');

// Props a host gives each exposed component (see their prop types in src/exposed/).
const EXPOSED_PROPS: Record<string, { props: Record<string, unknown>; shows: string }> = {
  'correlate-investigation-app/trace-investigation/v1': {
    props: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', timeMs: Date.now() - 60_000, service: 'gateway' },
    shows: byTestId(testIds.embed.trace),
  },
  'correlate-investigation-app/service-red/v1': {
    props: { service: 'gateway', from: 'now-1h', to: 'now' },
    shows: byTestId(testIds.embed.serviceRed),
  },
  'correlate-investigation-app/health/v1': {
    props: { from: 'now-1h', to: 'now' },
    shows: byTestId(testIds.embed.health),
  },
};

// What each page of the app shows once its code has loaded.
const PAGES: Record<ROUTES, string> = {
  [ROUTES.Errors]: byTestId(testIds.errors.page),
  // Without a trace id in the URL, the trace page asks for one.
  [ROUTES.Trace]: [testIds.trace.page, testIds.trace.idInput].map(byTestId).join(','),
  // The host's metrics data source has no RED metrics: the page says so.
  [ROUTES.Services]: [testIds.services.table, testIds.services.empty, testIds.services.error, testIds.red.message]
    .map(byTestId)
    .join(','),
  // With data sources that answer nothing, every kind says what it could not compare.
  [ROUTES.Changed]: byTestId(testIds.changed.page),
  // The host's data sources answer nothing: every check says so, in a complete report.
  [ROUTES.Health]: `${byTestId(testIds.health.report)}[data-complete="true"]`,
};

const pageErrors = async (page: Page, record: PageRecord) => [
  ...record.pageErrors,
  ...(await page.evaluate(() => window.harness.errors())),
];

/** Waits for a view's content, or stops at the first error in the page; then says what went wrong. */
async function visible(page: Page, record: PageRecord, selector: string, what: string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await page.locator(selector).first().isVisible()) {
      return;
    }
    if ((await pageErrors(page, record)).length > 0) {
      break;
    }
    await page.waitForTimeout(200);
  }
  const html = await page.evaluate(() => document.getElementById('root')?.innerHTML.slice(-1000));
  throw new Error(
    `${what} did not render (${selector}).\n` +
      `Errors in the page:\n${(await pageErrors(page, record)).join('\n') || '(none)'}\n` +
      `Failed requests:\n${record.failures.join('\n') || '(none)'}\nEnd of the page:\n${html}`
  );
}

for (const scheme of SCHEMES) {
  test.describe(`built plugin, served as Grafana's "${scheme}" scheme`, () => {
    let host: Host;

    test.beforeAll(async ({ grafanaLine }) => {
      host = await startHost(scheme, { line: grafanaLine });
    });

    test.afterAll(async () => {
      await host?.server.close();
    });

    test('loads every module and lazy chunk from its own plugin folder, without errors', async ({ page }) => {
      const { layout, server } = host;
      const record = recordPage(page);
      const panel = layout.nested.find((p) => p.type === 'panel');
      expect(panel, 'the app has a nested panel').toBeDefined();

      await page.goto(`${server.origin}/harness/index.html`);
      await page.waitForSelector('body[data-harness-ready="true"]', { state: 'attached', timeout: 30_000 });

      for (const plugin of [layout.app, ...layout.nested]) {
        const exports = await page.evaluate((p) => window.harness.load(p), toLoad(plugin));
        expect(exports, `${plugin.module} exports its plugin`).toContain('plugin');
      }

      // The app's pages, through its root page.
      const app = layout.app.id;
      await page.evaluate(
        ([id, url]) => window.harness.mountAppRoot(id, url),
        [app, `${PLUGIN_BASE_URL}/${ROUTES.Errors}`]
      );
      for (const route of Object.values(ROUTES)) {
        await page.evaluate((url) => window.harness.navigate(url), `${PLUGIN_BASE_URL}/${route}`);
        await visible(page, record, inView('app-root', PAGES[route]), `the ${route} page`);
      }

      // "Add to dashboard" loads its builder on the click (src/shared/addToDashboard/lazy.ts): the
      // whole investigation of a service, from its detail page.
      await page.evaluate((url) => window.harness.navigate(url), `${PLUGIN_BASE_URL}/${ROUTES.Services}/gateway`);
      const addInvestigation = inView('app-root', byTestId(testIds.addToDashboard.investigation));
      await visible(page, record, addInvestigation, 'Add to dashboard on the service detail');
      await page.locator(addInvestigation).click();
      await waitForQuiet(record);

      const appParts = await page.evaluate((id) => window.harness.describe(id), app);
      expect(appParts.configPages.length, 'the app has a config page').toBeGreaterThan(0);
      for (const pageId of appParts.configPages) {
        const view = await page.evaluate(([id, p]) => window.harness.mountConfigPage(id, p), [app, pageId]);
        await visible(page, record, inView(view, byTestId(testIds.appConfig.container)), `config page ${pageId}`);
      }

      expect(appParts.exposedComponents.sort()).toEqual(Object.keys(EXPOSED_PROPS).sort());
      for (const [id, { props, shows }] of Object.entries(EXPOSED_PROPS)) {
        const view = await page.evaluate(
          ([appId, componentId, p]) => window.harness.mountExposedComponent(appId, componentId, p),
          [app, id, props] as const
        );
        await visible(page, record, inView(view, shows), `exposed component ${id}`);
      }

      const panelView = await page.evaluate((id) => window.harness.mountPanel(id, {}), panel!.id);
      const panelShows = [testIds.panel.container, testIds.panel.empty, testIds.panel.message].map(byTestId).join(',');
      await visible(page, record, inView(panelView, panelShows), 'the panel');

      const panelParts = await page.evaluate((id) => window.harness.describe(id), panel!.id);
      expect(panelParts.customOptionEditors, 'the panel has its own option editors').not.toHaveLength(0);
      for (const option of panelParts.customOptionEditors) {
        const view = await page.evaluate(
          ([id, p]) => window.harness.mountPanelOptionEditor(id, p, undefined),
          [panel!.id, option]
        );
        await visible(page, record, inView(view, 'input'), `the panel's ${option} editor`);
      }

      await waitForQuiet(record);
      const errors = await pageErrors(page, record);
      const paths = record.requests.map((url) => new URL(url));
      const outside = paths.filter(
        (u) => u.origin !== server.origin || !host.prefixes.some((prefix) => u.pathname.startsWith(prefix))
      );

      console.log(`\n${scheme}: ${record.requests.length} requests`);
      const missing = [layout.app, ...layout.nested].flatMap((plugin) =>
        checkLoaded(plugin, server.origin, record.requests, (line) => console.log(line))
      );
      if (record.cancelled.length > 0) {
        console.log(`  cancelled by the page: ${record.cancelled.join(', ')}`);
      }
      if (host.standInIcons.size > 0) {
        console.log(`  Grafana icons answered with a stand-in: ${[...host.standInIcons].join(', ')}`);
      }
      const calls = await page.evaluate(() => window.harness.serviceCalls());
      const shortCalls = [...new Set(calls.map((c) => c.split('?')[0]))];
      console.log(`  runtime service calls: ${calls.length}: ${shortCalls.join('; ')}`);

      expect(record.failures, 'requests not answered 2xx').toEqual([]);
      expect(outside.map(String), 'requests outside the served layout').toEqual([]);
      expect(errors, 'uncaught errors, unhandled rejections and render errors').toEqual([]);
      expect(missing, 'plugin JS files with code of ours never loaded from their own folder').toEqual([]);
    });
  });
}
