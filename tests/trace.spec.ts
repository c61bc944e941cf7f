import type { Request } from '@playwright/test';
import { expect, test } from './fixtures';
import { ROUTES } from '../src/constants';
import { statedWindow } from './support/investigation';
import { ui } from './support/locators';
import { readinessTimeoutMs, tracedErrorLine, waitFor, type TracedLine } from './support/readiness';

/** The trace investigation in a running Grafana, from links of every kind. */
let traced: TracedLine;

test.beforeAll(async () => {
  test.setTimeout(readinessTimeoutMs() + 30_000);
  [traced] = await waitFor(tracedErrorLine());
});

/** The Loki queries the page sent through Grafana's /api/ds/query, with their time range. */
function lokiRanges(requests: Request[]) {
  return requests.flatMap((r) => {
    const body = r.postDataJSON() as {
      from?: string;
      to?: string;
      queries?: Array<{ datasource?: { type?: string } }>;
    };
    return body?.queries?.some((q) => q.datasource?.type === 'loki') ? [[Number(body.from), Number(body.to)]] : [];
  });
}

test.describe('Trace investigation', () => {
  test('a malformed trace id in the URL gets a clear message and a way on', async ({ app, page }) => {
    await app.goto({ path: `${ROUTES.Trace}/not-a-trace-id` });
    const message = ui.page.message(page);
    await expect(message).toContainText('"not-a-trace-id" is not a trace id');
    await expect(message).toContainText('32 (or 16) hexadecimal characters');
    await expect(message.getByRole('link', { name: 'Go to Errors' })).toBeVisible();
    await expect(ui.trace.view(page)).toHaveCount(0);
  });

  test('a trace id typed into the form opens its investigation, the window being the trace’s span', async ({
    app,
    page,
  }) => {
    await app.goto({ path: ROUTES.Trace });
    await ui.trace.idInput(page).fill(`  ${traced.traceId.toUpperCase()} `);
    await ui.trace.idOpen(page).click();
    await expect(page).toHaveURL((url) => url.pathname.endsWith(`/${ROUTES.Trace}/${traced.traceId}`));
    await expect(ui.trace.summary(page)).toContainText(traced.service);
    const window = await statedWindow(page);
    // The trace started around the line's time; the window is its span widened by the padding.
    expect(window.fromMs).toBeLessThan(traced.timeMs);
    expect(window.toMs).toBeGreaterThan(traced.timeMs);
  });

  test('a link from a dashboard: its range goes to the trace query, the panels query the line’s window', async ({
    app,
    page,
  }) => {
    // A dashboard's hour that ended long before the line: it must not become the page's window.
    const dashTo = traced.timeMs - 2 * 3_600_000;
    const queries: Request[] = [];
    page.on('request', (r) => r.url().includes('/api/ds/query') && r.method() === 'POST' && queries.push(r));
    await app.goto({
      path: `${ROUTES.Trace}/${traced.traceId}`,
      queryParams: new URLSearchParams({
        time: String(traced.timeMs),
        service: traced.service,
        traceFrom: String(dashTo - 3_600_000),
        traceTo: String(dashTo),
      }),
    });
    await expect(ui.trace.summary(page)).toBeVisible();
    const window = await statedWindow(page);
    expect(window.fromMs).toBeLessThanOrEqual(traced.timeMs - 15 * 60_000);
    await expect.poll(() => lokiRanges(queries).length).toBeGreaterThan(0);
    for (const [from, to] of lokiRanges(queries)) {
      expect(from).toBeGreaterThanOrEqual(window.fromMs);
      expect(to).toBeLessThanOrEqual(window.toMs);
      expect(from).toBeGreaterThan(dashTo);
    }
    // Nothing wrote a time range into the page's URL.
    expect([...new URL(page.url()).searchParams.keys()].filter((k) => /^(from|to)(-\d+)?$/.test(k))).toEqual([]);
  });

  test('the failing service first: RED graphs and other errors of the failing service before the line’s', async ({
    app,
    page,
  }) => {
    await app.goto({
      path: `${ROUTES.Trace}/${traced.traceId}`,
      queryParams: new URLSearchParams({ time: String(traced.timeMs), service: 'gateway' }),
    });
    const failing = /Failed first in (\S+):/.exec(await ui.trace.rootCause(page).innerText())?.[1];
    expect(failing).toBeTruthy();
    const red = ui.red.services(ui.trace.red(page));
    await expect(red.first()).toHaveText(failing!);
    // The line's service (gateway) and the failing one each get their other errors.
    await expect(ui.trace.errorLogsOf(page, 'gateway')).toBeVisible();
    await expect(ui.trace.errorLogsOf(page, failing!)).toBeVisible();
  });

  test('a trace Tempo does not have: said so, its logs and the line’s service still shown', async ({ app, page }) => {
    // Valid hex that no trace of the demo has.
    await app.goto({
      path: `${ROUTES.Trace}/deadbeefdeadbeefdeadbeefdeadbeef`,
      queryParams: new URLSearchParams({ time: String(traced.timeMs), service: traced.service }),
    });
    await expect(ui.trace.summaryMessage(page)).toContainText('Tempo does not have this trace');
    await expect(ui.trace.summaryMessage(page)).toContainText('still shown below');
    await expect(ui.trace.view(page)).toHaveCount(0);
    await expect(ui.trace.logs(page)).toContainText('No logs carry this trace id in this time window.');
    await expect(ui.trace.errorLogsOf(page, traced.service)).toBeVisible();
    await expect(ui.red.services(ui.trace.red(page))).toHaveText([traced.service]);
  });

  test('a link with a part that is not usable: "Part of this link was ignored" names it, the rest opens', async ({
    app,
    page,
  }) => {
    await app.goto({
      path: `${ROUTES.Trace}/${traced.traceId}`,
      queryParams: new URLSearchParams({ time: 'yesterday', service: traced.service }),
    });
    await expect(ui.page.ignoredPart(page)).toContainText('"time" ("yesterday") is not a time');
    await expect(ui.trace.summary(page)).toBeVisible();
    await expect(ui.trace.summaryLoading(page)).toHaveCount(0);
  });
});
