import { ui } from '../../tests/support/locators';
import { DEMO_TRACES } from '../harness/demo/facts';
import { expect, test, type Demo } from './support/demo';
import { DIST, waitForQuiet, type Host } from './support/host';
import { MODULE_BUDGET, gzipOf, kb, overBudget, requestedChunks, weightTable, type Chunk } from './support/weight';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * How much of the plugin's JavaScript each page and each exposed component makes the browser fetch
 * (issue 26): each opened in a fresh page of the harness (no cache), with its content shown and the
 * network quiet; the files requested from the plugin's folder are weighed from dist/ (gzip -9).
 * The demo loads both plugins' module.js first, as Grafana does; a page counts its own plugin's.
 * Fails above a page's budget (support/weight.ts), naming the page and its largest files.
 */

const APP = '/a/correlate-investigation-app';
const OUT_DIR = path.resolve(__dirname, '../../test-results');
// Playwright starts a new worker after a failed test, so each page's row is kept in a file of its own
// (overwritten by every run) and the table is read back from them all.
const ROWS_DIR = path.join(OUT_DIR, 'weight');
const ORDER = [
  'Errors',
  'Trace investigation',
  'Services',
  'Service detail',
  'What changed',
  'Health',
  'Config page',
  'Panel',
  'Exposed: trace-investigation/v1',
  'Exposed: service-red/v1',
  'Exposed: health/v1',
];
const rowFile = (page: string) => path.join(ROWS_DIR, `${page.replace(/[^\w-]+/g, '_')}.json`);

async function weigh(demo: Demo, host: Host, page: string, plugin: 'app' | 'panel' = 'app') {
  await waitForQuiet(demo.record, 1000, 30_000);
  const own = plugin === 'app' ? host.layout.app : host.layout.nested.find((p) => p.type === 'panel')!;
  const all = [host.layout.app, ...host.layout.nested];
  const chunks = requestedChunks(demo.record.requests, own, all);
  mkdirSync(ROWS_DIR, { recursive: true });
  writeFileSync(rowFile(page), JSON.stringify({ page, chunks }));
  expect(
    chunks.map((c) => c.file),
    `${page} loads the plugin's module.js`
  ).toContain('module.js');
  expect(overBudget(page, chunks)).toBeUndefined();
}

test.describe('per-page weight of the plugin’s JavaScript', () => {
  test.afterAll(() => {
    const rows = ORDER.filter((page) => existsSync(rowFile(page))).map(
      (page) => JSON.parse(readFileSync(rowFile(page), 'utf8')) as { page: string; chunks: Chunk[] }
    );
    const table = `Plugin JavaScript per page (gzip, from dist/):\n${weightTable(rows)}\n`;
    console.log(`\n${table}`);
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(path.join(OUT_DIR, 'weight.txt'), table);
  });

  test('module.js, which Grafana fetches on every page', () => {
    const size = gzipOf(path.join(DIST, 'module.js'));
    expect(size, `module.js is ${kb(size)} gzip, over its ${kb(MODULE_BUDGET)}`).toBeLessThanOrEqual(MODULE_BUDGET);
  });

  test('Errors', async ({ demo, host }) => {
    await demo.open(`${APP}/errors?from=now-1h&to=now`);
    await expect(ui.errors.logRow(demo.page).first()).toBeVisible();
    await weigh(demo, host, 'Errors');
  });

  test('Trace investigation', async ({ demo, host }) => {
    await demo.open(`${APP}/trace/${DEMO_TRACES.declined}?time=${Math.round(demo.now - 60_000)}&service=payments`);
    await expect(ui.trace.summary(demo.page)).toBeVisible();
    await expect(ui.trace.summaryLoading(demo.page)).toHaveCount(0);
    await weigh(demo, host, 'Trace investigation');
  });

  test('Services', async ({ demo, host }) => {
    await demo.open(`${APP}/services?from=now-1h&to=now`);
    await expect(ui.services.row(demo.page).first()).toBeVisible();
    await weigh(demo, host, 'Services');
  });

  test('Service detail', async ({ demo, host }) => {
    await demo.open(`${APP}/services/orders?from=now-1h&to=now`);
    await expect(ui.serviceMap.neighbour(demo.page, 'callers', 'gateway')).toBeVisible();
    await weigh(demo, host, 'Service detail');
  });

  test('What changed', async ({ demo, host }) => {
    const to = Math.round(demo.now);
    await demo.open(`${APP}/changed?from=${to - 15 * 60_000}&to=${to}`);
    await expect(ui.changed.page(demo.page)).toBeVisible();
    await expect(ui.changed.kindLoading(demo.page)).toHaveCount(0);
    await weigh(demo, host, 'What changed');
  });

  test('Health', async ({ demo, host }) => {
    await demo.open(`${APP}/health?from=now-1h&to=now`);
    await expect(ui.health.complete(demo.page)).toBeVisible();
    await weigh(demo, host, 'Health');
  });

  test('Config page', async ({ demo, host }) => {
    const view = demo.view(await demo.mountConfigPage());
    await expect(ui.appConfig.container(view)).toBeVisible();
    await weigh(demo, host, 'Config page');
  });

  test('Panel', async ({ demo, host }) => {
    const view = demo.view(await demo.mountPanel({}, { range: { fromMs: demo.now - 3_600_000, toMs: demo.now } }));
    await expect(ui.panel.total(view)).toBeVisible();
    await weigh(demo, host, 'Panel', 'panel');
  });

  test('Exposed: trace-investigation/v1', async ({ demo, host }) => {
    const props = { traceId: DEMO_TRACES.stockLock, timeMs: Math.round(demo.now - 4 * 60_000), service: 'inventory' };
    const view = demo.view(
      await demo.mountExposedComponent('correlate-investigation-app/trace-investigation/v1', props)
    );
    await expect(ui.trace.rootCause(ui.embed.trace(view))).toBeVisible();
    await weigh(demo, host, 'Exposed: trace-investigation/v1');
  });

  test('Exposed: service-red/v1', async ({ demo, host }) => {
    const props = { service: 'payments', from: 'now-6h', to: 'now' };
    const view = demo.view(await demo.mountExposedComponent('correlate-investigation-app/service-red/v1', props));
    await expect(ui.red.services(ui.embed.serviceRed(view))).toHaveText(['payments']);
    await weigh(demo, host, 'Exposed: service-red/v1');
  });

  test('Exposed: health/v1', async ({ demo, host }) => {
    const props = { from: 'now-1h', to: 'now' };
    const view = demo.view(await demo.mountExposedComponent('correlate-investigation-app/health/v1', props));
    await expect(ui.health.complete(ui.embed.health(view))).toBeVisible();
    await weigh(demo, host, 'Exposed: health/v1');
  });
});
