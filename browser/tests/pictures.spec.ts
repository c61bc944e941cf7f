import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ui } from '../../tests/support/locators';
import { DEMO_TRACES } from '../harness/demo/facts';
import { expect, test, type Demo } from './support/demo';
import { geometryProblems } from './support/geometry';

/**
 * Every page, the panel, the config page and each exposed component photographed at a desktop and a
 * phone size, full page, with the demo's data (issue 22), and their layout checked (support/geometry.ts).
 * Pictures go to test-results/pictures/ (CI keeps test-results/); `npm run pictures` writes the
 * reference subset to docs/pictures/ instead (PICTURES_REFERENCE=1).
 * One page load per page and size, so the spec stays fast.
 */
const APP = '/a/correlate-investigation-app';
const REFERENCE = process.env.PICTURES_REFERENCE === '1';
const OUT = path.resolve(__dirname, '../..', REFERENCE ? 'docs/pictures' : 'test-results/pictures');
/** The reference pictures: those the catalogue shows, listed in plugin.json as img/pictures/<target>-<size>.png. */
const PLUGIN_JSON = JSON.parse(readFileSync(path.resolve(__dirname, '../../src/plugin.json'), 'utf8'));
const REFERENCE_FILES: string[] = PLUGIN_JSON.info.screenshots.map((s: { path: string }) => path.basename(s.path));

const SIZES = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
type Size = keyof typeof SIZES;

interface Target {
  name: string;
  /** Opens the view and waits until its data is drawn; returns the selector of the part to check. */
  show(demo: Demo): Promise<string | undefined>;
}

const view = (name: string) => `[data-harness-view="${name}"]`;

const TARGETS: Target[] = [
  {
    name: 'errors',
    async show(demo) {
      await demo.open(`${APP}/errors?from=now-1h&to=now`);
      await expect(ui.errors.logRow(demo.page).first()).toBeVisible();
      return undefined;
    },
  },
  {
    name: 'trace',
    async show(demo) {
      await demo.open(`${APP}/trace/${DEMO_TRACES.declined}?time=${Math.round(demo.now - 96_000)}&service=gateway`);
      await expect(ui.trace.rootCause(demo.page)).toContainText('Failed first in payments');
      await expect(ui.trace.summaryLoading(demo.page)).toHaveCount(0);
      await expect(ui.tracePath.row(demo.page).first()).toBeVisible();
      return undefined;
    },
  },
  {
    name: 'services',
    async show(demo) {
      await demo.open(`${APP}/services?from=now-1h&to=now`);
      await expect(ui.services.row(demo.page)).toHaveCount(4);
      return undefined;
    },
  },
  {
    name: 'service-detail',
    async show(demo) {
      await demo.open(`${APP}/services/orders?from=now-1h&to=now`);
      await expect(ui.serviceMap.neighbour(demo.page, 'callers', 'gateway')).toBeVisible();
      await expect(ui.serviceMap.row(ui.serviceMap.callees(demo.page))).toHaveCount(2);
      await expect(ui.services.errorLogs(demo.page)).toBeVisible();
      return undefined;
    },
  },
  {
    name: 'what-changed',
    async show(demo) {
      const toMs = Math.round(demo.now);
      await demo.open(`${APP}/changed?from=${toMs - 15 * 60_000}&to=${toMs}`);
      await expect(ui.changed.page(demo.page)).toBeVisible();
      await expect(ui.changed.kindLoading(demo.page)).toHaveCount(0);
      await ui.changed.showAll(demo.page).click();
      await expect(ui.changed.table(demo.page)).toBeVisible();
      return undefined;
    },
  },
  {
    name: 'health',
    async show(demo) {
      await demo.open(`${APP}/health?from=now-1h&to=now`);
      await expect(ui.health.complete(demo.page)).toBeVisible();
      return undefined;
    },
  },
  {
    name: 'panel',
    async show(demo) {
      const name = await demo.mountPanel({}, { range: { fromMs: demo.now - 3_600_000, toMs: demo.now } });
      await expect(ui.panel.total(demo.view(name))).toHaveText(/^\d+ errors$/);
      return view(name);
    },
  },
  {
    name: 'config',
    async show(demo) {
      const name = await demo.mountConfigPage();
      await expect(ui.appConfig.container(demo.view(name))).toBeVisible();
      await expect(ui.health.complete(ui.appConfig.healthSummary(demo.view(name)))).toBeVisible();
      return view(name);
    },
  },
  {
    name: 'embed-service-red',
    async show(demo) {
      const name = await demo.mountExposedComponent('correlate-investigation-app/service-red/v1', {
        service: 'payments',
        from: 'now-6h',
        to: 'now',
      });
      await expect(ui.red.services(ui.embed.serviceRed(demo.view(name)))).toHaveText(['payments']);
      return view(name);
    },
  },
  {
    name: 'embed-trace',
    async show(demo) {
      const name = await demo.mountExposedComponent('correlate-investigation-app/trace-investigation/v1', {
        traceId: DEMO_TRACES.stockLock,
        timeMs: Math.round(demo.now - 4 * 60_000),
        service: 'inventory',
      });
      await expect(ui.trace.rootCause(ui.embed.trace(demo.view(name)))).toContainText('Failed first in inventory');
      return view(name);
    },
  },
  {
    name: 'embed-health',
    async show(demo) {
      const name = await demo.mountExposedComponent('correlate-investigation-app/health/v1', { compact: false });
      await expect(ui.health.complete(ui.embed.health(demo.view(name)))).toBeVisible();
      return view(name);
    },
  },
];

mkdirSync(OUT, { recursive: true });

test('every screenshot plugin.json lists is one this spec draws', () => {
  const drawn = TARGETS.flatMap((t) => Object.keys(SIZES).map((size) => `${t.name}-${size}.png`));
  expect(REFERENCE_FILES.filter((f) => !drawn.includes(f))).toEqual([]);
  expect(REFERENCE_FILES.length).toBeGreaterThan(0);
});

for (const size of Object.keys(SIZES) as Size[]) {
  test.describe(`pictures at ${SIZES[size].width}x${SIZES[size].height}`, () => {
    test.use({ viewport: SIZES[size] });
    for (const target of TARGETS) {
      if (REFERENCE && !REFERENCE_FILES.includes(`${target.name}-${size}.png`)) {
        continue;
      }
      test(`${target.name}: photographed, and its layout holds`, async ({ demo }) => {
        const root = await target.show(demo);
        // Fonts and the pickers drawn a task after the page (see the Errors page) before the picture.
        await demo.page.evaluate(() => document.fonts.ready);
        await demo.page.waitForTimeout(300);
        // The reference pictures are the first screen only (small files); CI's are the full page.
        await demo.page.screenshot({ path: path.join(OUT, `${target.name}-${size}.png`), fullPage: !REFERENCE });
        if (REFERENCE) {
          return; // `npm run pictures` only draws; the layout is checked in test:browser
        }
        const problems = await geometryProblems(demo.page, { root, noHorizontalScroll: size === 'phone' });
        expect(problems, `layout of ${target.name} at ${size}`).toEqual([]);
      });
    }
  });
}
