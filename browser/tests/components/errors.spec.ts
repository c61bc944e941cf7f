import { ui } from '../../../tests/support/locators';
import {
  DEMO_DATA_SOURCES,
  DEMO_TRACES,
  demoErrorLines,
  lineOf,
  serviceOf,
  type DemoLine,
} from '../../harness/demo/facts';
import { expect, test } from '../support/demo';

/**
 * The Errors page of the built app, its data from the demo's Loki through the Loki data source double:
 * the lines the demo's code logged (generated/demo.json) and the harness-only ones (facts.ts).
 */
const ERRORS = '/a/correlate-investigation-app/errors';
const ERRORS_ALL = demoErrorLines();
const N = ERRORS_ALL.length;
/** The payments decline lines, one signature ("payment declined: insufficient funds for order ord-…"). */
const DECLINES = ERRORS_ALL.filter((l) => /^payment declined: insufficient funds for order /.test(l.line));
const msg = (l: DemoLine) => (l.line.startsWith('{') ? (JSON.parse(l.line) as { msg: string }).msg : l.line);

test.describe('Errors page (component)', () => {
  test('lists the error lines newest first, each with its trace or its service at that moment', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now`);
    const rows = ui.errors.logRow(demo.page);
    // Every line at error, critical or fatal; the info and warn lines are not errors.
    await expect(ui.errors.logCount(demo.page)).toHaveText(`Error logs (${N})`);
    await expect(rows).toHaveCount(N);
    // Loki's count and the lines agree: the signatures and the list cover every error line of the range.
    await expect(ui.errors.sampleNote(demo.page)).toHaveText(
      `Signatures and lines: all ${N} error lines of the range.`
    );
    await expect(rows.nth(0)).toContainText(ERRORS_ALL[0].line);
    await expect(rows.nth(0)).toContainText(serviceOf(ERRORS_ALL[0]));
    // The JSON line (inventory pushes to Loki directly) shows its message, not the JSON around it.
    const lock = lineOf(DEMO_TRACES.stockLock, 'inventory')!;
    const lockRow = rows.nth(ERRORS_ALL.indexOf(lock));
    await expect(lockRow).toContainText(msg(lock));
    await expect(lockRow).not.toContainText('"level"');
    await expect(rows.nth(N - 1)).toContainText(ERRORS_ALL[N - 1].line);

    const first = new URL((await ui.errors.traceLink(rows.nth(0)).getAttribute('href'))!, 'http://grafana');
    expect(first.pathname).toBe(`/a/correlate-investigation-app/trace/${ERRORS_ALL[0].structuredMetadata.trace_id}`);
    expect(Number(first.searchParams.get('time'))).toBe(Math.round(demo.now - ERRORS_ALL[0].msAgo));
    expect(first.searchParams.get('service')).toBe(serviceOf(ERRORS_ALL[0]));
    expect(first.searchParams.get('var-loki')).toBe(DEMO_DATA_SOURCES.loki);
    // The JSON line's traceId is read from the line itself.
    await expect(ui.errors.traceLink(lockRow)).toHaveAttribute(
      'href',
      new RegExp(`/trace/${DEMO_TRACES.stockLock}\\?`)
    );
    // The gateway line has no trace id: it opens its service around that moment.
    const plain = rows.nth(ERRORS_ALL.findIndex((l) => !l.structuredMetadata.trace_id));
    await expect(ui.errors.traceLink(plain)).toHaveCount(0);
    await expect(ui.errors.serviceLink(plain)).toHaveText('No trace id: gateway at this moment');
    await expect(ui.errors.serviceLink(plain)).toHaveAttribute('href', /\/services\/gateway\?from=\d+&to=\d+/);

    // With no service chosen: the volume per service first (Loki knows 4 for the range, under the 500
    // series it allows), then the lines of the services with errors, by name (never every stream).
    const loki = (await demo.dataRequests()).filter((r) => r.type === 'loki');
    expect(loki.length).toBeGreaterThan(1);
    expect(loki.at(-2)!.queries).toEqual([
      'sum by (service_name) (count_over_time({service_name=~".+"} | detected_level=~"(?i)error|critical|fatal" [$__auto]))',
    ]);
    expect(loki.at(-1)!.queries).toEqual([
      expect.stringMatching(
        /^\{service_name=~"(?:payments|orders|gateway|inventory)(?:\|(?:payments|orders|gateway|inventory)){3}"\} \| detected_level=~"\(\?i\)error\|critical\|fatal"$/
      ),
    ]);
    await expect(ui.errors.volume(demo.page)).toBeVisible();
    await expect(ui.errors.queryError(demo.page)).toHaveCount(0);
    await expect(ui.errors.page(demo.page)).toBeVisible();
    await expect(ui.errors.listbox(ui.errors.logList(demo.page))).toBeVisible();
    // A line found by its trace and service: the declined trace has an error line of payments and one of orders.
    await expect(ui.errors.rowOfTrace(demo.page, DEMO_TRACES.declined, 'payments')).toContainText(
      lineOf(DEMO_TRACES.declined, 'payments')!.line
    );
    await expect(ui.errors.rowOfTrace(demo.page, DEMO_TRACES.declined, 'orders')).toContainText(
      lineOf(DEMO_TRACES.declined, 'orders')!.line
    );
    await expect(ui.errors.rowOfTrace(demo.page, DEMO_TRACES.stockLock, 'inventory')).toHaveCount(1);
  });

  test('a signature filters the list, is kept in the URL and back; "Show all errors" clears it', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now`);
    await expect(ui.errors.signature(ui.errors.signatures(demo.page)).first()).toBeVisible();
    const declined = ui.errors.signatureWith(demo.page, DECLINES[0].line.replace(/ord-\d+/g, 'ord-<id>'));
    await expect(declined).toHaveCount(1);
    await expect(declined.getByRole('cell').nth(1)).toHaveText(String(DECLINES.length));
    await expect(declined.getByRole('cell').nth(4)).toHaveText('payments');
    await expect(declined.getByRole('cell').nth(5)).toHaveText('100%');
    await declined.click();
    await expect(declined).toHaveAttribute('aria-selected', 'true');
    await expect(ui.errors.logCount(demo.page)).toHaveText(`Error logs (${DECLINES.length})`);
    for (const text of await ui.errors.logRow(demo.page).allInnerTexts()) {
      expect(text).toMatch(/payment declined: insufficient funds for order ord-\d+/);
    }
    expect((await demo.url()).searchParams.get('signature')).toMatch(/^payment declined: insufficient funds/);
    await ui.errors.clearSignature(demo.page).click();
    await expect(ui.errors.logCount(demo.page)).toHaveText(`Error logs (${N})`);
    expect((await demo.url()).searchParams.has('signature')).toBe(false);
    // Each choice is a step of the browser's history.
    await demo.page.goBack();
    await expect(ui.errors.logCount(demo.page)).toHaveText(`Error logs (${DECLINES.length})`);
    await expect(declined).toHaveAttribute('aria-selected', 'true');
    await demo.page.goBack();
    await expect(ui.errors.logCount(demo.page)).toHaveText(`Error logs (${N})`);
    expect((await demo.url()).pathname).toBe(ERRORS);
  });

  test('keyboard: j and k move the selection, Enter opens the selected line’s trace', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now`);
    const rows = ui.errors.logRow(demo.page);
    await expect(rows).toHaveCount(N);
    await ui.errors.listbox(demo.page).focus();
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
    await demo.page.keyboard.press('j');
    await demo.page.keyboard.press('j');
    await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true');
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
    await demo.page.keyboard.press('k');
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
    await demo.page.keyboard.press('Enter');
    await expect(ui.trace.page(demo.page)).toBeVisible();
    expect((await demo.url()).pathname).toBe(
      `/a/correlate-investigation-app/trace/${ERRORS_ALL[1].structuredMetadata.trace_id}`
    );
    await demo.page.goBack();
    await expect(ui.errors.logRow(demo.page)).toHaveCount(N);
  });

  test('levels: adding warn asks Loki for it and lists the warn line', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now`);
    await expect(ui.errors.logRow(demo.page)).toHaveCount(N);
    await ui.controls.picker(demo.page, 'Levels').click();
    await ui.controls.option(demo.page, 'warn').click();
    // Scenes applies a multi-value pick when the picker loses focus.
    await ui.controls.picker(demo.page, 'Levels').blur();
    await expect(ui.errors.logCount(demo.page)).toHaveText(`Error logs (${N + 1})`);
    await expect(ui.errors.logRow(demo.page).filter({ hasText: 'stock low for sku-12' })).toHaveCount(1);
    expect((await demo.url()).searchParams.getAll('var-levels')).toEqual(['error', 'critical', 'fatal', 'warn']);
    const last = (await demo.dataRequests()).filter((r) => r.type === 'loki').at(-1)!;
    // The lines of the services with errors (or warnings), by name.
    expect(last.queries[0]).toMatch(
      /^\{service_name=~"[a-z|]+"\} \| detected_level=~"\(\?i\)error\|critical\|fatal\|warn"$/
    );
  });

  test('search: the text is escaped into the query and filters the lines', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now`);
    await expect(ui.errors.logRow(demo.page)).toHaveCount(N);
    // A regex metacharacter is searched for as itself.
    await ui.controls.search(demo.page).fill('502 (BAD');
    await ui.controls.search(demo.page).press('Enter');
    await expect(ui.errors.logCount(demo.page)).toHaveText('Error logs (1)');
    await expect(ui.errors.logRow(demo.page)).toContainText('upstream orders answered HTTP 502 (bad gateway)');
    const last = (await demo.dataRequests()).filter((r) => r.type === 'loki').at(-1)!;
    // Only gateway logged a matching error: its lines alone are read.
    expect(last.queries[0]).toBe(
      '{service_name="gateway"} | detected_level=~"(?i)error|critical|fatal" |~ "(?i)502 \\\\(BAD"'
    );
    expect((await demo.url()).searchParams.get('var-search')).toBe('502 (BAD');
  });

  test('services: picking one asks Loki for that service only', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now&var-services=inventory`);
    await expect(ui.errors.logCount(demo.page)).toHaveText(`Error logs (${demoErrorLines(['inventory']).length})`);
    await expect(ui.errors.logRow(demo.page)).toContainText('inventory');
    const last = (await demo.dataRequests()).filter((r) => r.type === 'loki').at(-1)!;
    expect(last.queries[0]).toBe('{service_name="inventory"} | detected_level=~"(?i)error|critical|fatal"');
    await ui.controls.picker(demo.page, 'Services').click();
    await ui.controls.option(demo.page, 'payments').click();
    await ui.controls.picker(demo.page, 'Services').blur();
    await expect(ui.errors.logCount(demo.page)).toHaveText(
      `Error logs (${demoErrorLines(['inventory', 'payments']).length})`
    );
  });

  test('data source picker: another Loki is asked, and its failure is named with what to do', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now`);
    await expect(ui.errors.logRow(demo.page)).toHaveCount(N);
    await ui.controls.picker(demo.page, 'Loki').click();
    await ui.controls.option(demo.page, 'Loki archive (unreachable)').click();
    await expect(ui.errors.queryError(demo.page)).toContainText('no such host');
    await expect(ui.errors.queryError(demo.page)).toContainText('Check the Loki data source');
    expect((await demo.url()).searchParams.get('var-loki')).toBe(DEMO_DATA_SOURCES.lokiUnreachable);
    const last = (await demo.dataRequests()).filter((r) => r.type === 'loki').at(-1)!;
    expect(last.uid).toBe(DEMO_DATA_SOURCES.lokiUnreachable);
  });

  test('an unknown service and an empty range are each explained', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now&var-services=no-such-service`);
    await expect(ui.errors.unknownService(demo.page)).toContainText('"no-such-service"');
    await expect(ui.errors.unknownService(demo.page)).toContainText('widen the time range');

    await demo.navigate(`${ERRORS}?from=now-30d&to=now-29d`);
    await expect(ui.errors.empty(demo.page)).toContainText('No error logs for these services and levels');
  });

  test('a link with a time that is not one: the part ignored is named above the page', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=banana&to=now`);
    await expect(ui.page.ignoredPart(demo.page)).toContainText('"from" ("banana") is not a time');
    await expect(ui.errors.logRow(demo.page)).toHaveCount(N);
  });
});
