import { ui } from '../../../tests/support/locators';
import { DEMO_DATA_SOURCES, demoErrorLines } from '../../harness/demo/facts';
import { expect, test } from '../support/demo';

/** The demo's error lines (generated/demo.json and the harness-only ones), newest first. */
const ERRORS = demoErrorLines();
/** The most frequent signature: orders' line for each declined payment (and the harness's critical one). */
const NOT_PLACED = ERRORS.filter((l) => /^order ord-\d+ not placed: payment declined$/.test(l.line));
const DECLINES = ERRORS.filter((l) => /^payment declined: insufficient funds for order ord-\d+$/.test(l.line));

/** The Correlated errors panel, mounted as a dashboard mounts it, Loki answering from the demo. */
test.describe('Correlated errors panel (component)', () => {
  test('trend total, top signatures and lines; a line opens its trace, a signature the Errors page', async ({
    demo,
  }) => {
    const range = { fromMs: demo.now - 3_600_000, toMs: demo.now };
    const view = demo.view(await demo.mountPanel({}, { range }));
    await expect(ui.panel.container(view)).toBeVisible();
    await expect(ui.panel.total(view)).toHaveText(`${ERRORS.length} errors`);
    await expect(ui.panel.signature(ui.panel.signatures(view))).toHaveCount(5);
    expect(NOT_PLACED.length).toBeGreaterThan(DECLINES.length);
    // Written as the Errors page and What changed write it; its count beside it.
    await expect(ui.panel.signature(view).first()).toHaveText('order ord-<id> not placed: payment declined');
    await expect(ui.panel.signatures(view).getByRole('listitem').first()).toHaveText(
      new RegExp(`^${NOT_PLACED.length}\\s*order ord-<id> not placed: payment declined$`)
    );
    await expect(ui.panel.lines(view).getByRole('listitem')).toHaveCount(ERRORS.length);
    // Every line with a trace id links to it (the harness-only gateway line has none).
    await expect(ui.panel.line(view)).toHaveCount(ERRORS.filter((l) => l.structuredMetadata.trace_id).length);

    const line = new URL((await ui.panel.line(view).first().getAttribute('href'))!, 'http://grafana');
    expect(line.pathname).toBe(`/a/correlate-investigation-app/trace/${ERRORS[0].structuredMetadata.trace_id}`);
    expect(Object.fromEntries(line.searchParams)).toEqual({
      time: String(Math.round(demo.now - ERRORS[0].msAgo)),
      service: ERRORS[0].labels.service_name,
      traceFrom: String(range.fromMs),
      traceTo: String(range.toMs),
      'var-loki': DEMO_DATA_SOURCES.loki,
    });
    const signature = new URL((await ui.panel.signature(view).first().getAttribute('href'))!, 'http://grafana');
    expect(signature.pathname).toBe('/a/correlate-investigation-app/errors');
    expect(signature.searchParams.get('from')).toBe(String(range.fromMs));
    expect(signature.searchParams.get('signature')).toBe('order ord-<id> not placed: payment declined');

    // In Grafana a click on the line goes through the location service to the trace investigation.
    await ui.panel.line(view).first().click();
    expect((await demo.url()).pathname).toBe(
      `/a/correlate-investigation-app/trace/${ERRORS[0].structuredMetadata.trace_id}`
    );
  });

  test('follows its services variable: one service, All, and a variable the dashboard lacks', async ({ demo }) => {
    const options = { servicesVariable: 'service' };
    const payments = demo.view(await demo.mountPanel(options, { variables: { service: ['payments'] } }));
    await expect(ui.panel.total(payments)).toHaveText(`${demoErrorLines(['payments']).length} errors`);
    for (const text of await ui.panel.lines(payments).getByRole('listitem').allInnerTexts()) {
      expect(text).toContain('payments');
    }
    const all = demo.view(await demo.mountPanel(options, { variables: { service: ['$__all'] } }));
    await expect(ui.panel.total(all)).toHaveText(`${ERRORS.length} errors`);
    const loki = (await demo.dataRequests()).filter((r) => r.type === 'loki').map((r) => r.queries[0]);
    expect(loki).toEqual(
      expect.arrayContaining([
        '{service_name="payments"} | detected_level=~"(?i)error|critical|fatal"',
        // All: the services with errors, counted first, by name (never every stream).
        expect.stringMatching(/^\{service_name=~"[a-z|]+"\} \| detected_level=~/),
      ])
    );

    const unknown = demo.view(await demo.mountPanel({ servicesVariable: 'team' }, { variables: { service: ['x'] } }));
    await expect(ui.panel.message(unknown)).toContainText('This dashboard has no variable "team"');
    await expect(ui.panel.message(unknown)).toContainText('clear "Services variable"');
  });

  test('an empty range and a failing Loki each say so', async ({ demo }) => {
    const old = { fromMs: demo.now - 30 * 86_400_000, toMs: demo.now - 29 * 86_400_000 };
    const empty = demo.view(await demo.mountPanel({ services: ['payments'] }, { range: old }));
    await expect(ui.panel.empty(empty)).toHaveText('No errors from payments in this time range.');
    const failing = demo.view(await demo.mountPanel({ lokiUid: DEMO_DATA_SOURCES.lokiUnreachable }));
    await expect(ui.panel.message(failing)).toContainText('Loki could not answer');
    await expect(ui.panel.message(failing)).toContainText("Check the panel's Loki data source");
  });
});
