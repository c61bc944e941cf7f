import { expect, type Page } from '@playwright/test';
import { DEMO_JSON_DATA } from '../../harness/demo/facts';
import type { DataRequest } from '../../harness/harness';
import type { PanelHost } from '../../harness/mount';
import { EMBED_HOST, recordPage, startHost, toLoad, type Host, type PageRecord } from './host';
import { test as base } from './line';

/**
 * The component tests' page: the built plugin (dist/) loaded as Grafana loads it, with Grafana's
 * runtime answering from the demo shop (browser/harness/demo/). Each test gets a fresh page; the
 * host server is shared by the worker. Uncaught errors and render errors fail the test.
 */
export interface Demo {
  page: Page;
  /** The demo's moment (epoch ms): its lines are minutes before it. */
  now: number;
  /** Mounts the app's root page at a URL of the app, as Grafana does on /a/<id>/*. */
  open(url: string): Promise<void>;
  /** Navigates inside the mounted app (Grafana's location service). */
  navigate(url: string): Promise<void>;
  mountConfigPage(): Promise<string>;
  mountExposedComponent(id: string, props: Record<string, unknown>): Promise<string>;
  /** Loads the test-only app of tests/embed-host and mounts its page with this query. */
  openEmbedHost(query: URLSearchParams): Promise<void>;
  mountPanel(options: Record<string, unknown>, host?: PanelHost): Promise<string>;
  /** A mounted view, by the name the mount returned. */
  view(name: string): ReturnType<Page['locator']>;
  /** The data source requests Correlate made so far. */
  dataRequests(): Promise<DataRequest[]>;
  backendRequests(): Promise<Array<{ url: string; method?: string; data?: unknown }>>;
  /** The path and query of the page now. */
  url(): Promise<URL>;
  record: PageRecord;
}

export const test = base.extend<{ demo: Demo }, { host: Host }>({
  host: [
    async ({ grafanaLine }, use) => {
      const host = await startHost('nested-id', { embedHost: true, line: grafanaLine });
      await use(host);
      await host.server.close();
    },
    { scope: 'worker' },
  ],
  demo: async ({ page, host }, use) => {
    const record = recordPage(page);
    await page.goto(`${host.server.origin}/harness/index.html?runtime=demo`);
    await page.waitForSelector('body[data-harness-ready="true"]', { state: 'attached', timeout: 30_000 });
    const plugins = [host.layout.app, ...host.layout.nested].map((p) =>
      toLoad(p, p.type === 'app' ? DEMO_JSON_DATA : undefined)
    );
    for (const plugin of plugins) {
      await page.evaluate((p) => window.harness.load(p), plugin);
    }
    const app = host.layout.app.id;
    const panel = host.layout.nested.find((p) => p.type === 'panel')!.id;
    const { now } = (await page.evaluate(() => window.harness.demo()))!;
    let mounted = false;
    const demo: Demo = {
      page,
      now,
      record,
      async open(url) {
        if (mounted) {
          return demo.navigate(url);
        }
        mounted = true;
        await page.evaluate(([id, u]) => window.harness.mountAppRoot(id, u), [app, url]);
      },
      async navigate(url) {
        await page.evaluate((u) => window.harness.navigate(u), url);
      },
      mountConfigPage: () => page.evaluate((id) => window.harness.mountConfigPage(id, 'configuration'), app),
      mountExposedComponent: (id, props) =>
        page.evaluate(([a, c, p]) => window.harness.mountExposedComponent(a, c, p), [app, id, props] as const),
      async openEmbedHost(query) {
        await page.evaluate((p) => window.harness.load(p), EMBED_HOST);
        await page.evaluate(
          ([id, u]) => window.harness.mountAppRoot(id, u),
          [EMBED_HOST.id, `/a/${EMBED_HOST.id}?${query}`]
        );
      },
      mountPanel: (options, panelHost) =>
        page.evaluate(([id, o, h]) => window.harness.mountPanel(id, o, h), [panel, options, panelHost] as const),
      view: (name) => page.locator(`[data-harness-view="${name}"]`),
      dataRequests: () => page.evaluate(() => window.harness.dataRequests()),
      backendRequests: () => page.evaluate(() => window.harness.backendRequests()),
      url: async () => new URL(await page.evaluate(() => window.location.href)),
    };
    await use(demo);
    const errors = [...record.pageErrors, ...(await page.evaluate(() => window.harness.errors()))];
    expect(errors, 'uncaught errors and render errors in the page').toEqual([]);
  },
});

export { expect };
