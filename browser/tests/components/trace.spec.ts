import { ui } from '../../../tests/support/locators';
import { DEMO_DATA_SOURCES, DEMO_TRACE_SPANS, DEMO_TRACES, demoErrorLines, lineOf } from '../../harness/demo/facts';
import { expect, test } from '../support/demo';

/** The trace investigation of the built app, Tempo, Loki and Mimir answering from the demo. */
const TRACE = '/a/correlate-investigation-app/trace';
const PADDING_MS = 15 * 60_000;
/** The newest error line (the Errors page's first row): a payments decline, as the demo logs it. */
const NEWEST = demoErrorLines()[0];
const DECLINED = DEMO_TRACE_SPANS[DEMO_TRACES.declined];
/** A trace's services in the order it reaches them (the summary's order). */
const servicesOf = (spans: typeof DECLINED) => [...new Set(spans.map((s) => s.service))];
/** A decline fails payments' server span only (orders answers 402 with its status unset: demo/src/shop.ts). */
const FAILING = DECLINED.filter((s) => s.error);

test.describe('Trace investigation (component)', () => {
  test('from an error line: summary, failing span, the window around the line, its logs and RED graphs', async ({
    demo,
  }) => {
    await demo.open('/a/correlate-investigation-app/errors?from=now-1h&to=now');
    await ui.errors.traceLink(ui.errors.logRow(demo.page).nth(0)).click();
    const summary = ui.trace.summary(demo.page);
    await expect(summary).toBeVisible();
    await expect(ui.trace.summaryLoading(demo.page)).toHaveCount(0);
    await expect(summary.getByRole('heading', { level: 2 })).toHaveText('gateway: POST /checkout');
    expect(NEWEST.structuredMetadata.trace_id).toBe(DEMO_TRACES.declined);
    await expect(summary).toContainText(`Services: ${servicesOf(DECLINED).join(', ')}`);
    expect(FAILING.map((s) => `${s.service}: ${s.name}`)).toEqual(['payments: POST /charge']);
    await expect(summary).toContainText('1 failing span');
    await expect(ui.trace.rootCause(demo.page)).toContainText('Failed first in payments: POST /charge');
    await expect(ui.trace.rootCause(demo.page)).toContainText(FAILING[0].statusMessage!);
    await expect(ui.trace.errorSpanRows(demo.page)).toHaveCount(FAILING.length);
    await expect(ui.trace.errorSpans(demo.page)).toContainText('POST /charge');

    const lineTime = Math.round(demo.now - NEWEST.msAgo);
    const windowText = await ui.trace.window(demo.page).innerText();
    const [from, to] = windowText
      .replace('Window for every panel: ', '')
      .split(' to ')
      // Grafana's date format in the harness user's zone (UTC).
      .map((t) => Date.parse(`${t.replace(' ', 'T')}Z`));
    expect(from).toBeLessThanOrEqual(lineTime - PADDING_MS);
    expect(to).toBeGreaterThanOrEqual(Math.min(lineTime + PADDING_MS, demo.now) - 60_000);

    // Grafana's trace view cannot draw here; its panel is in place.
    await expect(ui.trace.view(demo.page).getByRole('region', { name: 'Trace', exact: true })).toBeVisible();
    await expect(
      ui.trace.logs(demo.page).getByRole('region', { name: 'Logs of this trace', exact: true })
    ).toBeVisible();
    // RED graphs of every service of the trace, the failing one first.
    const red = ui.red.services(ui.trace.red(demo.page));
    await expect(red).toHaveCount(servicesOf(DECLINED).length);
    await expect(red.first()).toHaveText('payments');
    expect((await red.allInnerTexts()).sort()).toEqual(servicesOf(DECLINED).sort());
    await expect(ui.trace.errorLogsOf(demo.page, 'payments')).toBeVisible();
    // The trace's path through its services, the root cause marked on the failing one.
    await expect(ui.tracePath.section(demo.page)).toBeVisible();
    await expect(ui.tracePath.graph(demo.page)).toBeVisible();
    await expect(ui.tracePath.row(demo.page)).toHaveCount(servicesOf(DECLINED).length);
    await expect(ui.tracePath.rootCause(ui.tracePath.rowOf(demo.page, 'payments'))).toHaveText('likely root cause');
    await expect(ui.tracePath.rootCause(demo.page)).toHaveCount(1);

    // Every Loki request of the page asked for the window, not for the Errors page's hour.
    const requests = (await demo.dataRequests()).filter((r) => r.at >= 0);
    const traceLogs = requests.filter(
      (r) => r.type === 'loki' && r.queries.some((q) => q.includes(DEMO_TRACES.declined))
    );
    // First the line's service over the window, then (once the trace is in) the trace's services over
    // its own span and a minute each side: never every stream.
    expect(traceLogs.length).toBeGreaterThanOrEqual(1);
    expect([traceLogs[0].fromMs, traceLogs[0].toMs]).toEqual([from, to]);
    expect(traceLogs.flatMap((r) => r.queries).filter((q) => q.startsWith('{service_name=~".+"}'))).toEqual([]);
    const last = traceLogs.at(-1)!;
    expect(last.queries[0]).toMatch(/^\{service_name=~"[^"]*payments[^"]*"\} \| trace_id=/);
    expect(last.fromMs).toBeGreaterThanOrEqual(from);
    expect(last.toMs - last.fromMs).toBeLessThan(10 * 60_000);
  });

  test('a link from a dashboard: the dashboard’s range is the trace query’s range, never the page’s window', async ({
    demo,
  }) => {
    const lineTime = Math.round(demo.now - lineOf(DEMO_TRACES.declinedEarlier, 'payments')!.msAgo);
    const dashFrom = demo.now - 6 * 3_600_000;
    const dashTo = demo.now - 5 * 3_600_000;
    await demo.open(
      `${TRACE}/${DEMO_TRACES.declinedEarlier}?time=${lineTime}&service=payments&traceFrom=${dashFrom}&traceTo=${dashTo}`
    );
    await expect(ui.trace.summary(demo.page)).toBeVisible();
    const requests = await demo.dataRequests();
    const tempo = requests.filter((r) => r.type === 'tempo');
    // The trace by id over the dashboard's range; before it, its size check ten minutes around the line.
    const byId = tempo.filter((r) => r.queries.includes(DEMO_TRACES.declinedEarlier));
    expect(byId.map((r) => [r.fromMs, r.toMs])).toEqual([[dashFrom, dashTo]]);
    expect(tempo.filter((r) => !byId.includes(r)).map((r) => [r.fromMs, r.toMs])).toEqual([
      [lineTime - 600_000, lineTime + 600_000],
    ]);
    const loki = requests.filter((r) => r.type === 'loki');
    expect(loki.length).toBeGreaterThan(0);
    // The trace's own logs look at its span and a minute each side, inside the window.
    const isTraceLogs = (r: (typeof loki)[number]) => r.queries.some((q) => q.includes(DEMO_TRACES.declinedEarlier));
    for (const r of loki.filter(isTraceLogs)) {
      expect(r.fromMs).toBeGreaterThan(lineTime - PADDING_MS - 60_000);
      expect(r.toMs).toBeLessThanOrEqual(lineTime + PADDING_MS + 60_000);
    }
    for (const r of loki.filter((x) => !isTraceLogs(x))) {
      expect(r.fromMs).toBeLessThanOrEqual(lineTime - PADDING_MS);
      expect(r.fromMs).toBeGreaterThan(lineTime - PADDING_MS - 60_000);
    }
    const url = await demo.url();
    expect([...url.searchParams.keys()].filter((k) => /^(from|to)(-\d+)?$/.test(k))).toEqual([]);
  });

  test('a trace over Tempo’s 5 MB: not loaded, summarised from its failing spans, Explore offered', async ({
    demo,
  }) => {
    await demo.open(`${TRACE}/${DEMO_TRACES.oversized}`);
    const large = ui.trace.large(demo.page);
    await expect(large).toContainText('spans; the trace view is not loaded');
    await expect(large).toContainText('Open it in Explore');
    await expect(large).toContainText('max_bytes_per_trace');
    await expect(large.getByRole('link', { name: /Open in Explore/ })).toHaveAttribute('href', /\/explore\?/);
    await expect(ui.trace.rootCause(demo.page)).toContainText('(from its failing spans only)');
    await expect(ui.trace.view(demo.page)).toHaveCount(0);
    // Only searches reached Tempo: never the trace by id.
    const tempo = (await demo.dataRequests()).filter((r) => r.type === 'tempo');
    expect(tempo.flatMap((r) => r.queries).every((q) => q.startsWith('{ trace:id = '))).toBe(true);
    await ui.trace.summary(demo.page).screenshot({ path: 'test-results/browser/trace-large.png' });
  });

  test('a trace Tempo does not have: said so, with the logs and the log service’s errors still shown', async ({
    demo,
  }) => {
    await demo.open(`${TRACE}/${DEMO_TRACES.missing}?time=${Math.round(demo.now - 9 * 60_000)}&service=orders`);
    await expect(ui.trace.summaryMessage(demo.page)).toContainText('Tempo does not have this trace');
    await expect(ui.trace.summaryMessage(demo.page)).toContainText('sampled out');
    await expect(ui.trace.summaryMessage(demo.page)).toContainText('still shown below');
    await expect(ui.trace.view(demo.page)).toHaveCount(0);
    await expect(
      ui.trace.logs(demo.page).getByRole('region', { name: 'Logs of this trace', exact: true })
    ).toBeVisible();
    await expect(ui.trace.errorLogsOf(demo.page, 'orders')).toBeVisible();
    await expect(ui.red.services(ui.trace.red(demo.page))).toHaveText(['orders']);
  });

  test('the failing service first: a line from gateway shows payments’ RED and errors before gateway’s', async ({
    demo,
  }) => {
    // Gateway logs nothing for a declined order (it answers 402); a link from a gateway line of that moment.
    const time = Math.round(demo.now - lineOf(DEMO_TRACES.declined, 'payments')!.msAgo);
    await demo.open(`${TRACE}/${DEMO_TRACES.declined}?time=${time}&service=gateway`);
    await expect(ui.trace.rootCause(demo.page)).toContainText('Failed first in payments');
    const red = ui.red.services(ui.trace.red(demo.page));
    await expect(red).toHaveCount(servicesOf(DECLINED).length);
    await expect(red.first()).toHaveText('payments');
    await expect(ui.trace.errorLogs(demo.page).getByRole('heading', { level: 4 })).toHaveText([
      'Errors of gateway',
      'Errors of payments',
    ]);
  });

  test('a link with parts that are not usable: the ignored part is named and the rest still opens', async ({
    demo,
  }) => {
    await demo.open(`${TRACE}/${DEMO_TRACES.stockLock}?time=yesterday&traceFrom=now-1h&traceTo=later`);
    await expect(ui.page.ignoredPart(demo.page)).toHaveCount(2);
    await expect(ui.page.ignoredPart(demo.page).nth(0)).toContainText('"time" ("yesterday") is not a time');
    await expect(ui.page.ignoredPart(demo.page).nth(1)).toContainText('"traceTo" ("later") is not a time');
    await expect(ui.trace.rootCause(demo.page)).toContainText('Failed first in inventory: POST /reserve');
  });

  test('a malformed trace id gets a clear message and a way on; the form opens a pasted id', async ({ demo }) => {
    await demo.open(`${TRACE}/not-a-trace-id`);
    await expect(ui.page.message(demo.page)).toContainText('"not-a-trace-id" is not a trace id');
    await expect(ui.page.message(demo.page)).toContainText('32 (or 16) hexadecimal characters');
    await expect(ui.page.message(demo.page).getByRole('link', { name: 'Go to Errors' })).toHaveAttribute(
      'href',
      '/a/correlate-investigation-app/errors'
    );
    await expect(ui.trace.view(demo.page)).toHaveCount(0);

    await demo.navigate(TRACE);
    await ui.trace.idInput(demo.page).fill('not hex');
    await ui.trace.idOpen(demo.page).click();
    await expect(demo.page.getByText('This is not a trace id: use 32 (or 16) hexadecimal characters.')).toBeVisible();
    await ui.trace.idInput(demo.page).fill(`  ${DEMO_TRACES.stockLock.toUpperCase()} `);
    await ui.trace.idInput(demo.page).press('Enter');
    await expect(ui.trace.rootCause(demo.page)).toContainText('Failed first in inventory');
    expect((await demo.url()).pathname).toBe(`${TRACE}/${DEMO_TRACES.stockLock}`);
    // Without a log time the window is the trace's span, known once the trace arrived.
    await expect(ui.trace.window(demo.page)).toContainText('Window for every panel');
    // Its size check, then the trace.
    expect((await demo.dataRequests()).filter((r) => r.type === 'tempo').map((r) => r.uid)).toEqual([
      DEMO_DATA_SOURCES.tempo,
      DEMO_DATA_SOURCES.tempo,
    ]);
  });
});
