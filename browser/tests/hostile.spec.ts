import { expect, test, type Browser, type Page } from '@playwright/test';
import { ui } from '../../tests/support/locators';
import { testIds } from '../../src/testIds';
import { BIG_TRACE_ID } from '../harness/scale/facts';
import { HOSTILE_JSON_DATA, HOSTILE_SERVICES } from '../harness/hostile/catalogue';
import { startProfile, stopProfile } from '../../bench/scale/profile';
import { startHost, toLoad, type Host } from './support/host';

/**
 * Issue 25, "done when": every page, the config page, the panel and the exposed components run in
 * Chromium on the hostile catalogue (browser/harness/hostile/): provisioned backtracking patterns,
 * Loki's `.*traceID=(\w+)` derived field, deeply nested JSON, 25,000 escaped quotes, 5,005-character
 * and path-like service names, 10,000 versions, a patterns answer far over Loki's bounds, bidi
 * controls. For each: the longest main-thread task of the plugin, from a PerformanceObserver for long
 * tasks (browser/harness/scale/measure.ts subtracts the doubles' own time), printed, and over 200 ms a
 * failure with HOSTILE_ENFORCE_TASKS=1, which browser/playwright.hostile.config.ts sets: it runs this
 * file on the production host page, as Grafana ships React (the development build's checks inflate
 * renders); a page over the bound is opened up to HOSTILE_RUNS (3) times and its median run judged;
 * a key pressed once it has loaded is handled within 200 ms; no uncaught or render error; the page
 * shows something and says what it skipped; no link built from data leaves the app or runs script.
 * SCALE_PROFILE=1 prints where the longest task's time went (bench/scale/profile.ts, source-mapped).
 */
const APP = '/a/correlate-investigation-app';
const TASK_BOUND_MS = 200;
const QUIET_MS = 1_000;
const MAX_SETTLE_MS = 40_000;

type Mount = { open?: string; panel?: boolean; embed?: [string, Record<string, unknown>]; config?: boolean };

interface Case {
  name: string;
  mount: (now: number) => Mount;
  /** What the page must show once settled: its content and what it skipped. */
  check?: (page: Page) => Promise<void>;
}

const CASES: Case[] = [
  {
    name: 'Errors',
    mount: () => ({ open: `${APP}/errors?from=now-1h&to=now` }),
    check: async (page) => {
      await expect(ui.errors.page(page)).toBeVisible();
      // It says what it did not read: the lines its time budget left out, or the newest N of Loki's count.
      await expect(
        page.getByTestId(testIds.errors.partial).or(page.getByTestId(testIds.errors.sampleNote)).first()
      ).toBeVisible();
    },
  },
  {
    name: 'trace',
    mount: (now) => ({ open: `${APP}/trace/${BIG_TRACE_ID}?time=${Math.round(now)}&service=${HOSTILE_SERVICES[1]}` }),
  },
  { name: 'Services', mount: () => ({ open: `${APP}/services?from=now-1h&to=now` }) },
  {
    name: 'service detail (5,005-character name)',
    mount: () => ({ open: `${APP}/services/${encodeURIComponent(HOSTILE_SERVICES[0])}?from=now-1h&to=now` }),
  },
  {
    name: 'What changed',
    mount: (now) => ({ open: `${APP}/changed?from=${Math.round(now) - 15 * 60_000}&to=${Math.round(now)}` }),
    check: async (page) => {
      await expect(ui.changed.page(page)).toBeVisible();
    },
  },
  {
    // A day earlier: Loki has no patterns that old, so Correlate fingerprints the hostile lines itself
    // (deep JSON, 25,000 escaped quotes, 50 KB lines), over the hostile services' lines (200-character names).
    name: 'What changed, a day earlier (own fingerprints)',
    mount: (now) => ({
      open: `${APP}/changed?from=${Math.round(now) - 15 * 60_000}&to=${Math.round(now)}&baseline=day&${HOSTILE_SERVICES.slice(
        1
      )
        .map((s) => `var-services=${encodeURIComponent(s)}`)
        .join('&')}`,
    }),
    check: async (page) => {
      await expect(ui.changed.page(page)).toBeVisible();
      // It says what it compared: its own fingerprints over a sample of the lines.
      await expect(ui.changed.page(page)).toContainText('fingerprints over the newest error lines');
    },
  },
  {
    name: 'Health',
    mount: () => ({ open: `${APP}/health?from=now-1h&to=now` }),
    check: async (page) => {
      await expect(ui.health.complete(page)).toBeVisible();
      // F1: the provisioned patterns the app refuses are a finding.
      await expect(ui.health.cause(ui.health.checkOf(page, 'trace-ids'))).toContainText(
        'Correlate does not run the configured trace-id pattern'
      );
    },
  },
  {
    name: 'config page',
    mount: () => ({ config: true }),
    check: async (page) => {
      const patterns = ui.appConfig.traceIdPatterns(page);
      await expect(patterns).toContainText('capture groups');
      // The backtracking check reaches the kept patterns too (F15), one at a time.
      await expect(patterns).toContainText('backtrack', { timeout: 30_000 });
    },
  },
  { name: 'panel', mount: () => ({ panel: true }) },
  {
    name: 'Health (exposed)',
    mount: () => ({ embed: ['correlate-investigation-app/health/v1', { from: 'now-1h', to: 'now', compact: false }] }),
  },
  {
    name: 'trace investigation (exposed)',
    mount: () => ({ embed: ['correlate-investigation-app/trace-investigation/v1', { traceId: BIG_TRACE_ID }] }),
  },
  {
    name: 'service RED (exposed)',
    mount: () => ({
      embed: [
        'correlate-investigation-app/service-red/v1',
        { service: HOSTILE_SERVICES[0], from: 'now-1h', to: 'now' },
      ],
    }),
  },
];

/** Records each key's delay: its handler's time less the event's (the doubles' time is in it too). */
async function installInputProbe(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { inputDelays: number[] };
    w.inputDelays = [];
    window.addEventListener('keydown', (e) => w.inputDelays.push(performance.now() - e.timeStamp), true);
  });
}

async function mountAndSettle(browser: Browser, host: Host, c: Case) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  await page.goto(`${host.server.origin}/harness/index.html?runtime=hostile`);
  await page.waitForSelector('body[data-harness-ready="true"]', { state: 'attached', timeout: 60_000 });
  for (const p of [host.layout.app, ...host.layout.nested]) {
    await page.evaluate((x) => window.harness.load(x), toLoad(p, p.type === 'app' ? HOSTILE_JSON_DATA : undefined));
  }
  const app = host.layout.app.id;
  const panel = host.layout.nested.find((p) => p.type === 'panel')!.id;
  const { now } = (await page.evaluate(() => window.harness.demo()))!;
  const how = c.mount(now);
  await installInputProbe(page);
  const profiler = await startProfile(page);
  await page.evaluate(() => window.harness.scaleMarkStart());
  if (how.open) {
    await page.evaluate(([id, u]) => window.harness.mountAppRoot(id, u), [app, how.open]);
  } else if (how.panel) {
    const range = { fromMs: now - 3_600_000, toMs: now };
    await page.evaluate(([id, r]) => window.harness.mountPanel(id, {}, { range: r }), [panel, range] as const);
  } else if (how.embed) {
    await page.evaluate(([a, e, p]) => window.harness.mountExposedComponent(a, e, p), [app, ...how.embed] as const);
  } else if (how.config) {
    await page.evaluate((id) => window.harness.mountConfigPage(id, 'configuration'), app);
  }
  // Settled: no new request for QUIET_MS; keys pressed meanwhile measure the input delay.
  const started = Date.now();
  let seen = -1;
  let quietSince = Date.now();
  for (;;) {
    await page.keyboard.press('Shift');
    const count = await page.evaluate(
      () => window.harness.dataRequests().length + window.harness.backendRequests().length
    );
    if (count !== seen) {
      seen = count;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= QUIET_MS) {
      break;
    }
    expect(Date.now() - started, `${c.name} still loading`).toBeLessThan(MAX_SETTLE_MS);
    await page.waitForTimeout(250);
  }
  return { context, page, pageErrors, profiler };
}

const RUNS = Number(process.env.HOSTILE_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Opens the case once: what it shows, its links, its errors and its keys checked; its longest task returned. */
async function openOnce(browser: Browser, host: Host, c: Case): Promise<number> {
  const { context, page, pageErrors, profiler } = await mountAndSettle(browser, host, c);
  try {
    await c.check?.(page);
    const measures = (await page.evaluate(() => window.harness.scale()))!;
    await stopProfile(profiler, page, `hostile-${c.name.replace(/\W+/g, '-')}`, measures.longestTask);
    const delays = await page.evaluate(() => (window as unknown as { inputDelays: number[] }).inputDelays);
    // Usable once loaded: a key is handled at once.
    const loading = delays.length;
    await page.keyboard.press('Shift');
    const settled = await page.evaluate(() => (window as unknown as { inputDelays: number[] }).inputDelays.at(-1)!);
    const figures = `longest task ${measures.longestTaskMs} ms (${measures.longestRawTaskMs} ms with the doubles); ${loading} keys while loading, slowest handled after ${Math.round(Math.max(0, ...delays.slice(0, loading)))} ms (doubles included); one after, ${Math.round(settled)} ms`;
    console.log(`hostile: ${c.name}: ${figures}`);
    expect(settled, figures).toBeLessThanOrEqual(TASK_BOUND_MS);
    // Something is shown, and no link built from data leaves the app or runs script.
    const text = await page.locator('[data-harness-view]').last().innerText();
    expect(text.trim().length).toBeGreaterThan(0);
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);
    expect(hrefs.filter((h) => /(^|\/)admin(\/|\?|$)/.test(new URL(h, 'http://g/').pathname))).toEqual([]);
    const errors = [...pageErrors, ...(await page.evaluate(() => window.harness.errors()))];
    expect(errors, 'uncaught errors and render errors in the page').toEqual([]);
    return measures.longestTaskMs;
  } finally {
    await context.close();
  }
}

test.describe('hostile catalogue (issue 25)', () => {
  let host: Host;
  test.beforeAll(async () => {
    host = await startHost('nested-id');
  });
  test.afterAll(async () => {
    await host?.server.close();
  });

  for (const c of CASES) {
    test(`${c.name}: no error, usable, says what it skipped, links stay in the app, no task over ${TASK_BOUND_MS} ms`, async ({
      browser,
    }) => {
      // One run's longest task moves by tens of ms with the machine's own noise (a collection, another
      // process): a page over the bound is opened again, up to RUNS times, and the median run is judged.
      const tasks: number[] = [];
      tasks.push(await openOnce(browser, host, c));
      while (tasks[0] > TASK_BOUND_MS && tasks.length < RUNS) {
        tasks.push(await openOnce(browser, host, c));
      }
      const figures = `longest task of each run: ${tasks.join(', ')} ms (the median is judged)`;
      console.log(`hostile: ${c.name}: ${figures}`);
      if (process.env.HOSTILE_ENFORCE_TASKS === '1') {
        expect(median(tasks), figures).toBeLessThanOrEqual(TASK_BOUND_MS);
      } else if (median(tasks) > TASK_BOUND_MS) {
        test.info().annotations.push({ type: 'over the task bound', description: figures });
      }
    });
  }
});
