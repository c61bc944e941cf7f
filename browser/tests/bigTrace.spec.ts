import type { Page } from '@playwright/test';
import { testIds } from '../../src/testIds';
import { DEMO_DATA_SOURCES, DEMO_JSON_DATA } from '../harness/demo/facts';
import { BIG_TRACE_ID, SCALE } from '../harness/scale/facts';
import { startHost, toLoad, type Host } from './support/host';
import { expect, test } from './support/line';

/**
 * The 50,000-span trace of the scale doubles (browser/harness/scale/traces.ts, 40 services) in the
 * browser: issue 24's "the 50k-span trace renders in the harness in under 3 s". With the node-graph
 * double (src/test/mocks/tempoFrame.ts tempoNodeGraphFrames) O(n²), the trace took 40 s in the harness
 * (review scale.md #21). Each test on a fresh page; Tempo holds the trace before the page asks (the
 * scale responder builds it with the runtime, as Loki's lines), so what is timed is answering, not
 * generating it.
 */
// One budget for both, timed in the page from a task of its own, in the development build of React the
// browser tests run, with the doubles' answers (search, cut at max_bytes_per_trace, Loki, Mimir) inside:
// - Tempo's answer to the trace-id query, the whole trace with the node-graph frames Grafana's Tempo
//   adds (jsonData.nodeGraph on, as in our stack): what Explore's trace view gets when the engineer
//   opens the trace there (Tempo's max_bytes_per_trace raised, so all 50,000 spans come);
// - Correlate's trace page on that trace at Tempo's defaults, from its mount to its summary (a trace
//   this size is summarised from its failing spans, not loaded whole) and the note that says so.
const BUDGET_MS = 3000;

let host: Host;
test.beforeAll(async ({ grafanaLine }) => {
  host = await startHost('nested-id', { line: grafanaLine });
});
test.afterAll(async () => {
  await host?.server.close();
});

async function openScale(page: Page, errors: string[], params = '') {
  page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
  await page.goto(`${host.server.origin}/harness/index.html?runtime=scale${params}`);
  await page.waitForSelector('body[data-harness-ready="true"]', { state: 'attached', timeout: 60_000 });
  await page.evaluate((p) => window.harness.load(p), toLoad(host.layout.app, DEMO_JSON_DATA));
  return (await page.evaluate(() => window.harness.demo()))!.now;
}

test('a 50,000-span trace: Tempo’s answer with its node graph in under 3 s', async ({ page }) => {
  const errors: string[] = [];
  // Tempo cuts a trace at max_bytes_per_trace (5 MB by default: 16,666 of these spans, a partial
  // trace); a team that raised it to 50 MB gets all 50,000.
  const now = await openScale(page, errors, `&tempoMaxBytesPerTrace=${50_000_000}`);
  // As Grafana's Tempo query() is called for a trace id (the data source service plugins and
  // panels share, @grafana/runtime getDataSourceSrv), from a task of the page's own.
  const answer = await page.evaluate(
    ([uid, traceId, nowMs]) =>
      new Promise<{ ms: number; frames: Array<{ length: number; visual?: string }>; state: string }>(
        (resolve, reject) =>
          setTimeout(async () => {
            const runtime = (await window.System.import('@grafana/runtime')) as typeof import('@grafana/runtime');
            const data = (await window.System.import('@grafana/data')) as typeof import('@grafana/data');
            const ds = await runtime.getDataSourceSrv().get({ uid, type: 'tempo' });
            const range = { from: data.dateTime(nowMs - 3_600_000), to: data.dateTime(nowMs) };
            const t0 = performance.now();
            type Frame = { length: number; meta?: { preferredVisualisationType?: string } };
            // Grafana's Tempo query() returns an Observable.
            const answer$ = ds.query({
              targets: [{ refId: 'A', queryType: 'traceql', query: traceId }],
              range: { ...range, raw: range },
              requestId: 'big-trace',
              interval: '1s',
              intervalMs: 1000,
              scopedVars: {},
              timezone: 'utc',
              app: 'explore',
              startTime: Date.now(),
            } as never) as unknown as {
              subscribe(o: { next(r: { data: Frame[]; state: string }): void; error(e: unknown): void }): void;
            };
            answer$.subscribe({
              next: (r) =>
                resolve({
                  ms: performance.now() - t0,
                  state: r.state,
                  frames: r.data.map((f) => ({ length: f.length, visual: f.meta?.preferredVisualisationType })),
                }),
              error: reject,
            });
          }, 0)
      ),
    [DEMO_DATA_SOURCES.tempo, BIG_TRACE_ID, now] as const
  );
  console.log(`50,000-span trace with its node graph answered in ${Math.round(answer.ms)} ms`);
  expect(answer.state).toBe('Done');
  // The trace frame, then the node graph's nodes (one per span) and edges (every span but the root).
  expect(answer.frames).toEqual([
    { length: SCALE.traceSpans, visual: 'trace' },
    { length: SCALE.traceSpans, visual: 'nodeGraph' },
    { length: SCALE.traceSpans - 1, visual: 'nodeGraph' },
  ]);
  expect(answer.ms).toBeLessThan(BUDGET_MS);
  expect([...errors, ...(await page.evaluate(() => window.harness.errors()))]).toEqual([]);
});

test('a 50,000-span trace: the trace page summarises it in under 3 s', async ({ page }) => {
  const errors: string[] = [];
  const now = await openScale(page, errors);
  const url = `/a/${host.layout.app.id}/trace/${BIG_TRACE_ID}?time=${Math.round(now)}&service=${SCALE.serviceName(0)}`;
  // Mounted from a task of the page's own, as a click would start it; polled every 10 ms.
  const elapsedMs = await page.evaluate(
    ([app, path, ids]) =>
      new Promise<number>((resolve, reject) =>
        setTimeout(() => {
          const t0 = performance.now();
          window.harness.mountAppRoot(app, path);
          const q = (id: string) => document.querySelector(`[data-testid="${id}"]`);
          const poll = () => {
            if (q(ids.summary)?.querySelector('h2') && q(ids.large) && !q(ids.loading)) {
              resolve(performance.now() - t0);
            } else if (performance.now() - t0 > 60_000) {
              reject(
                new Error(`the trace page did not render within 60 s: ${document.body.textContent?.slice(0, 300)}`)
              );
            } else {
              setTimeout(poll, 10);
            }
          };
          poll();
        }, 0)
      ),
    [
      host.layout.app.id,
      url,
      { summary: testIds.trace.summary, loading: testIds.trace.summaryLoading, large: testIds.trace.large },
    ] as const
  );
  console.log(`50,000-span trace summarised on the trace page in ${Math.round(elapsedMs)} ms`);
  const summary = page.getByTestId(testIds.trace.summary);
  await expect(summary.getByRole('heading', { level: 2 })).toHaveText(`${SCALE.serviceName(0)}: POST /checkout`);
  await expect(page.getByTestId(testIds.trace.large)).toContainText('the trace view is not loaded');
  expect(elapsedMs).toBeLessThan(BUDGET_MS);
  expect([...errors, ...(await page.evaluate(() => window.harness.errors()))]).toEqual([]);
});
