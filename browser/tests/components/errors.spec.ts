import { ui } from '../../../tests/support/locators';
import { DEMO_DATA_SOURCES, DEMO_TRACES } from '../../harness/demo/facts';
import { expect, test } from '../support/demo';

/** The Errors page of the built app, its data from the demo's Loki through the Loki data source double. */
const ERRORS = '/a/correlate-investigation-app/errors';

test.describe('Errors page (component)', () => {
  test('lists the error lines newest first, each with its trace or its service at that moment', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now`);
    const rows = ui.errors.logRow(demo.page);
    // Eight lines at error, critical or fatal; the info and warn lines are not errors.
    await expect(ui.errors.logCount(demo.page)).toHaveText('Error logs (8)');
    await expect(rows).toHaveCount(8);
    // Loki's count and the lines agree: the signatures and the list cover every error line of the range.
    await expect(ui.errors.sampleNote(demo.page)).toHaveText('Signatures and lines: all 8 error lines of the range.');
    await expect(rows.nth(0)).toContainText('payment declined for order ord-1043: insufficient funds');
    await expect(rows.nth(0)).toContainText('payments');
    // The JSON line shows its message, not the JSON around it.
    await expect(rows.nth(2)).toContainText('stock database lock wait for order ord-1040');
    await expect(rows.nth(2)).not.toContainText('"level"');
    await expect(rows.nth(7)).toContainText('payment worker out of memory');

    const first = new URL((await ui.errors.traceLink(rows.nth(0)).getAttribute('href'))!, 'http://grafana');
    expect(first.pathname).toBe(`/a/correlate-investigation-app/trace/${DEMO_TRACES.declined}`);
    expect(Number(first.searchParams.get('time'))).toBe(Math.round(demo.now - 60_000));
    expect(first.searchParams.get('service')).toBe('payments');
    expect(first.searchParams.get('var-loki')).toBe(DEMO_DATA_SOURCES.loki);
    // The JSON line's traceId is read from the line itself.
    await expect(ui.errors.traceLink(rows.nth(2))).toHaveAttribute(
      'href',
      new RegExp(`/trace/${DEMO_TRACES.stockLock}\\?`)
    );
    // The gateway line has no trace id: it opens its service around that moment.
    await expect(ui.errors.traceLink(rows.nth(3))).toHaveCount(0);
    await expect(ui.errors.serviceLink(rows.nth(3))).toHaveText('No trace id: gateway at this moment');
    await expect(ui.errors.serviceLink(rows.nth(3))).toHaveAttribute('href', /\/services\/gateway\?from=\d+&to=\d+/);

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
      'payment declined for order ord-1043'
    );
    await expect(ui.errors.rowOfTrace(demo.page, DEMO_TRACES.declined, 'orders')).toContainText(
      'order ord-1043 not placed'
    );
    await expect(ui.errors.rowOfTrace(demo.page, DEMO_TRACES.stockLock, 'inventory')).toHaveCount(1);
  });

  test('a signature filters the list, is kept in the URL and back; "Show all errors" clears it', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now`);
    await expect(ui.errors.signature(ui.errors.signatures(demo.page)).first()).toBeVisible();
    const declined = ui.errors.signatureWith(demo.page, 'payment declined for order ord-<id>: insufficient funds');
    await expect(declined).toHaveCount(1);
    await expect(declined.getByRole('cell').nth(1)).toHaveText('3');
    await expect(declined.getByRole('cell').nth(4)).toHaveText('payments');
    await expect(declined.getByRole('cell').nth(5)).toHaveText('100%');
    await declined.click();
    await expect(declined).toHaveAttribute('aria-selected', 'true');
    await expect(ui.errors.logCount(demo.page)).toHaveText('Error logs (3)');
    for (const text of await ui.errors.logRow(demo.page).allInnerTexts()) {
      expect(text).toMatch(/payment declined for order ord-\d+: insufficient funds/);
    }
    expect((await demo.url()).searchParams.get('signature')).toMatch(/^payment declined for order/);
    await ui.errors.clearSignature(demo.page).click();
    await expect(ui.errors.logCount(demo.page)).toHaveText('Error logs (8)');
    expect((await demo.url()).searchParams.has('signature')).toBe(false);
    // Each choice is a step of the browser's history.
    await demo.page.goBack();
    await expect(ui.errors.logCount(demo.page)).toHaveText('Error logs (3)');
    await expect(declined).toHaveAttribute('aria-selected', 'true');
    await demo.page.goBack();
    await expect(ui.errors.logCount(demo.page)).toHaveText('Error logs (8)');
    expect((await demo.url()).pathname).toBe(ERRORS);
  });

  test('keyboard: j and k move the selection, Enter opens the selected line’s trace', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now`);
    const rows = ui.errors.logRow(demo.page);
    await expect(rows).toHaveCount(8);
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
    expect((await demo.url()).pathname).toBe(`/a/correlate-investigation-app/trace/${DEMO_TRACES.declined}`);
    await demo.page.goBack();
    await expect(ui.errors.logRow(demo.page)).toHaveCount(8);
  });

  test('levels: adding warn asks Loki for it and lists the warn line', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now`);
    await expect(ui.errors.logRow(demo.page)).toHaveCount(8);
    await ui.controls.picker(demo.page, 'Levels').click();
    await ui.controls.option(demo.page, 'warn').click();
    // Scenes applies a multi-value pick when the picker loses focus.
    await ui.controls.picker(demo.page, 'Levels').blur();
    await expect(ui.errors.logCount(demo.page)).toHaveText('Error logs (9)');
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
    await expect(ui.errors.logRow(demo.page)).toHaveCount(8);
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
    await expect(ui.errors.logCount(demo.page)).toHaveText('Error logs (1)');
    await expect(ui.errors.logRow(demo.page)).toContainText('inventory');
    const last = (await demo.dataRequests()).filter((r) => r.type === 'loki').at(-1)!;
    expect(last.queries[0]).toBe('{service_name="inventory"} | detected_level=~"(?i)error|critical|fatal"');
    await ui.controls.picker(demo.page, 'Services').click();
    await ui.controls.option(demo.page, 'payments').click();
    await ui.controls.picker(demo.page, 'Services').blur();
    await expect(ui.errors.logCount(demo.page)).toHaveText('Error logs (5)');
  });

  test('data source picker: another Loki is asked, and its failure is named with what to do', async ({ demo }) => {
    await demo.open(`${ERRORS}?from=now-1h&to=now`);
    await expect(ui.errors.logRow(demo.page)).toHaveCount(8);
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
    await expect(ui.errors.logRow(demo.page)).toHaveCount(8);
  });
});
