import { test, expect, type Browser } from '@playwright/test';
import { DEMO_JSON_DATA } from '../../browser/harness/demo/facts';
import type { DataRequest } from '../../browser/harness/harness';
import { BIG_TRACE_ID, SCALE } from '../../browser/harness/scale/facts';
import type { ScaleMeasures } from '../../browser/harness/scale/runtime';
import { startHost, toLoad, type Host } from '../../browser/tests/support/host';
import { startProfile, stopProfile } from './profile';
import { prometheusInstalled, startScalePrometheus } from './prometheus';
import { replayRequest, type ReplayFigure } from './replay';
import { isLogQLMetric, LIMITS, verdict, type PageFigures, type QueryFigure } from './verdict';

/**
 * `npm run bench:scale`: every page, the dashboard panel and the Health runner in Chromium against
 * the scale doubles (browser/harness/scale/), then every PromQL they sent replayed on a real
 * Prometheus holding span metrics and service-graph series for 3,000 services. One line per page,
 * the reasons for each page not within limits, a summary; the test fails when any page is not within.
 */
const APP = '/a/correlate-investigation-app';
const SETTLE_QUIET_MS = 2500;
const SETTLE_MAX_MS = 60_000;
const BENCH_TIMEOUT_MS = 1_200_000;
/**
 * Each page is opened this many times in a fresh context and judged by the run whose longest task is
 * the median: one run's longest task moves by tens of ms with the machine's own noise (a collection,
 * a timer), which is not the page's. Every run's figure is printed.
 */
const RUNS = Number(process.env.SCALE_RUNS ?? 3);

interface Measured {
  page: string;
  now: number;
  requests: DataRequest[];
  resourceCalls: number;
  measures: ScaleMeasures;
  failure?: string;
  /** The longest task of every run of this page (the figures judge the median run). */
  runsTaskMs?: number[];
}

const PAGES: Array<
  [string, (h: { now: number }) => { open?: string; panel?: boolean; embed?: [string, Record<string, unknown>] }]
> = [
  ['errors', () => ({ open: `${APP}/errors?from=now-1h&to=now` })],
  [
    'trace',
    ({ now }) => ({ open: `${APP}/trace/${BIG_TRACE_ID}?time=${Math.round(now)}&service=${SCALE.serviceName(0)}` }),
  ],
  ['services', () => ({ open: `${APP}/services?from=now-1h&to=now` })],
  ['service-detail', () => ({ open: `${APP}/services/${SCALE.serviceName(7)}?from=now-1h&to=now` })],
  ['changed', ({ now }) => ({ open: `${APP}/changed?from=${Math.round(now) - 15 * 60_000}&to=${Math.round(now)}` })],
  ['health', () => ({ open: `${APP}/health?from=now-1h&to=now` })],
  ['panel', () => ({ panel: true })],
  ['health-runner', () => ({ embed: ['correlate-investigation-app/health/v1', { from: 'now-1h', to: 'now' }] })],
];

async function measurePage(
  browser: Browser,
  host: Host,
  name: string,
  how: (typeof PAGES)[number][1]
): Promise<Measured> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  try {
    await page.goto(`${host.server.origin}/harness/index.html?runtime=scale`);
    await page.waitForSelector('body[data-harness-ready="true"]', { state: 'attached', timeout: 60_000 });
    for (const p of [host.layout.app, ...host.layout.nested]) {
      await page.evaluate((x) => window.harness.load(x), toLoad(p, p.type === 'app' ? DEMO_JSON_DATA : undefined));
    }
    const app = host.layout.app.id;
    const panel = host.layout.nested.find((p) => p.type === 'panel')!.id;
    const { now } = (await page.evaluate(() => window.harness.demo()))!;
    const step = how({ now });
    const profiling = await startProfile(page);
    await page.evaluate(() => window.harness.scaleMarkStart());
    // The mount runs in a task of the page's own (a timer), as a click in Grafana would start it: work
    // done inside a DevTools evaluation is not reported by the Long Tasks API, so it went unmeasured.
    if (step.open) {
      await page.evaluate(
        ([id, u]) => new Promise((done) => setTimeout(() => done(window.harness.mountAppRoot(id, u)), 0)),
        [app, step.open]
      );
    } else if (step.panel) {
      const range = { fromMs: now - 3_600_000, toMs: now };
      await page.evaluate(([id, r]) => window.harness.mountPanel(id, {}, { range: r }), [panel, range] as const);
    } else if (step.embed) {
      await page.evaluate(([a, c, p]) => window.harness.mountExposedComponent(a, c, p), [app, ...step.embed] as const);
    }
    // Settled: no new request for SETTLE_QUIET_MS.
    const started = Date.now();
    let failure: string | undefined;
    let seen = -1;
    let quietSince = Date.now();
    for (;;) {
      const count = await page.evaluate(
        () => window.harness.dataRequests().length + window.harness.backendRequests().length
      );
      if (count !== seen) {
        seen = count;
        quietSince = Date.now();
      } else if (Date.now() - quietSince >= SETTLE_QUIET_MS && count > 0) {
        break;
      }
      if (Date.now() - started > SETTLE_MAX_MS) {
        failure = `still loading after ${SETTLE_MAX_MS / 1000} s`;
        break;
      }
      await page.waitForTimeout(250);
    }
    const requests = await page.evaluate(() => window.harness.dataRequests());
    const resourceCalls = (await page.evaluate(() => window.harness.backendRequests())).filter((r) =>
      r.url.startsWith('/api/datasources/')
    ).length;
    const measures = (await page.evaluate(() => window.harness.scale()))!;
    await stopProfile(profiling, page, name, measures.longestTask);
    const errors = [...pageErrors, ...(await page.evaluate(() => window.harness.errors()))];
    if (errors.length) {
      failure = [failure, `errors in the page: ${errors.join('; ').slice(0, 300)}`].filter(Boolean).join('; ');
    }
    return { page: name, now, requests, resourceCalls, measures, failure };
  } finally {
    await context.close();
  }
}

test('scale: every page within the default limits of Loki, Tempo and Mimir', async ({ browser }) => {
  test.setTimeout(BENCH_TIMEOUT_MS);
  if (!prometheusInstalled()) {
    throw new Error('prometheus and promtool are required: apt-get install prometheus');
  }
  const t0 = Date.now();
  const progress = (what: string) =>
    process.stderr.write(`scale: ${what} (${Math.round((Date.now() - t0) / 1000)} s)\n`);
  // SCALE_SKIP_PROM=1 skips the replay on Prometheus (while working on the browser side).
  const skipProm = process.env.SCALE_SKIP_PROM === '1';
  const dataEnd = Math.floor(Date.now() / 60_000) * 60;
  const host = await startHost('nested-id');
  const measured: Measured[] = [];
  // SCALE_PAGES=errors,panel measures only those pages (while working on one); CI measures all.
  const only = (process.env.SCALE_PAGES ?? '').split(',').filter(Boolean);
  try {
    for (const [name, how] of PAGES.filter(([n]) => only.length === 0 || only.includes(n))) {
      const runs: Measured[] = [];
      for (let i = 0; i < Math.max(1, RUNS); i++) {
        runs.push(await measurePage(browser, host, name, how));
      }
      const sorted = [...runs].sort((a, b) => a.measures.longestTaskMs - b.measures.longestTaskMs);
      const median = sorted[Math.floor((sorted.length - 1) / 2)];
      median.runsTaskMs = runs.map((r) => r.measures.longestTaskMs);
      // A run that failed (never settled, threw) fails the page, whichever run is the median.
      median.failure = runs.find((r) => r.failure)?.failure ?? median.failure;
      measured.push(median);
      progress(`measured ${name}`);
    }
  } finally {
    await host.server.close();
  }

  // The PromQL of every page, on a real Prometheus.
  const replayed = new Map<string, ReplayFigure[]>();
  // Backfilled once the pages are measured: promtool's two cores of work would otherwise land in the
  // pages' tasks. Each page's queries are moved so its "now" is the data's end.
  const prom = skipProm ? undefined : await startScalePrometheus(dataEnd);
  if (prom) {
    progress('Prometheus ready');
    try {
      console.log(
        `scale: Prometheus ${prom.stats.series} series, ${prom.stats.samples} samples, backfilled in ${Math.round(prom.backfillMs / 1000)} s`
      );
      for (const m of measured) {
        const figures: ReplayFigure[] = [];
        for (const r of m.requests.filter((r) => r.type === 'prometheus')) {
          figures.push(...(await replayRequest(prom, r, m.now)));
        }
        replayed.set(m.page, figures);
        progress(`replayed ${figures.length} PromQL queries of ${m.page}`);
      }
    } finally {
      await prom.stop();
    }
  }

  let within = 0;
  const out: string[] = [];
  const overLimits: string[] = [];
  for (const m of measured) {
    const browserFigures: QueryFigure[] = m.measures.observations
      .filter((o) => o.backend !== 'prometheus')
      .map((o) => ({ ...o, metric: o.backend === 'loki' ? isLogQLMetric(o.query) : undefined }));
    const figures: PageFigures = {
      page: m.page,
      requests: m.requests.length + m.resourceCalls,
      queries: [...browserFigures, ...(replayed.get(m.page) ?? [])],
      longestTaskMs: m.measures.longestTaskMs,
      failure: m.failure,
    };
    const v = verdict(figures);
    within += v.within ? 1 : 0;
    overLimits.push(
      ...figures.queries
        .filter((q) => q.refused || (q.backend === 'loki' && q.series > LIMITS.lokiSeries))
        .map((q) => `${m.page}: ${q.refused ?? `${q.series} Loki series`} (${q.query.slice(0, 140)})`),
      ...(m.failure ? [`${m.page}: not measured: ${m.failure}`] : [])
    );
    out.push(v.line, ...v.reasons.map((r) => `  not within: ${r}`));
    out.push(`  longest task of each run: ${(m.runsTaskMs ?? []).join(', ')} ms (the median run is judged)`);
    out.push(`  longest task with the doubles' own time: ${m.measures.longestRawTaskMs} ms`);
    out.push(...m.measures.notes.map((n) => `  note: ${n}`));
    const slowest = (replayed.get(m.page) ?? []).reduce(
      (a, f) => (f.ms > (a?.ms ?? -1) ? f : a),
      undefined as ReplayFigure | undefined
    );
    if (slowest) {
      out.push(
        `  prometheus: slowest ${slowest.ms} ms, peak ${slowest.peakSamples} samples, ${slowest.promBytes} bytes from Prometheus`
      );
    }
  }
  out.push(`scale: ${within} pages within limits, ${measured.length - within} not`);
  // What a backend's default limits refuse, or a Loki answer over its series limit, always fails the
  // run; so does any page over a browser budget (tasks, bytes, line queries over every stream), unless
  // SCALE_REPORT_ONLY=1 (while working on a page) or only some pages were measured.
  if (process.env.SCALE_REPORT_ONLY === '1') {
    out.push('scale: report only (SCALE_REPORT_ONLY=1): the browser budgets are printed, not enforced');
  }
  console.log(out.join('\n'));
  expect(overLimits, 'queries the backends refuse at their default limits').toEqual([]);
  if (process.env.SCALE_REPORT_ONLY !== '1' && only.length === 0 && !skipProm) {
    expect(measured.length - within, 'pages not within limits').toBe(0);
  }
});
