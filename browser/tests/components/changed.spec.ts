import { ui } from '../../../tests/support/locators';
import { demoErrorLines } from '../../harness/demo/facts';
import { expect, test } from '../support/demo';

/**
 * What changed against the demo shop: the last 15 minutes (the demo's failing traces and the
 * harness-only lines of the last 9 minutes) against the 15 before (one out-of-memory line). The demo's Loki has no pattern ingester and its
 * Tempo no local-blocks processor, so two kinds fall back and say so; nothing is above the threshold,
 * the differences are one click away.
 */
const CHANGED = '/a/correlate-investigation-app/changed';
// Grafana's date format in the harness user's zone (UTC).
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

test.describe('What changed (component)', () => {
  test('windows, each kind’s method, the smaller differences ranked with a link to their evidence', async ({
    demo,
  }) => {
    const toMs = Math.round(demo.now);
    const fromMs = toMs - 15 * 60_000;
    await demo.open(`${CHANGED}?from=${fromMs}&to=${toMs}`);
    await expect(ui.changed.page(demo.page)).toBeVisible();
    await expect(ui.changed.kindLoading(demo.page)).toHaveCount(0);
    await expect(ui.changed.windows(demo.page)).toHaveText(
      `Incident ${utc(fromMs)} to ${utc(toMs)} (15 minutes), against ${utc(fromMs - 15 * 60_000)} to ${utc(fromMs)}.`
    );
    await expect(ui.changed.kindOf(demo.page, 'signatures')).toHaveAttribute('data-fallback', 'true');
    const incident = demoErrorLines().filter((l) => l.msAgo <= 15 * 60_000).length;
    await expect(ui.changed.kindOf(demo.page, 'signatures')).toContainText(
      `${incident} of ${incident} in the incident window`
    );
    await expect(ui.changed.kindOf(demo.page, 'red')).toContainText('Tempo metrics-generator span metrics');
    await expect(ui.changed.kindOf(demo.page, 'spans')).toContainText('localblocks processor not found');
    // Nothing got slower in the demo, so no slow calls were searched, and the page says so.
    await expect(ui.changed.kindOf(demo.page, 'slowCalls')).toContainText('no service got slower');
    await expect(ui.changed.kind(demo.page)).toHaveCount(4);

    // Every kind answered (spans through the search sample, its fallback): nothing rose, so no cause is named.
    await expect(ui.changed.nothing(demo.page)).toContainText('Nothing changed beyond the baseline’s own variation');
    await expect(ui.changed.incomplete(demo.page)).toHaveCount(0);
    await expect(ui.changed.cause(demo.page)).toHaveCount(0);
    await expect(ui.changed.flaggedRow(demo.page)).toHaveCount(0);
    await expect(ui.changed.table(demo.page)).toHaveCount(0);
    await expect(ui.changed.copy(demo.page)).toBeVisible();
    const showAll = ui.changed.showAll(demo.page);
    const hidden = Number(/^Show (\d+) smaller differences$/.exec(await showAll.innerText())?.[1]);
    expect(hidden).toBeGreaterThan(0);
    await showAll.click();
    await expect(ui.changed.row(ui.changed.table(demo.page))).toHaveCount(hidden);
    await expect(showAll).toHaveText('Show only the changes above the threshold');
    // Ranked by score; a new error signature links to its lines on the Errors page, in the incident window.
    const scores = await ui.changed
      .row(demo.page)
      .evaluateAll((rows) => rows.map((r) => Number(r.querySelectorAll('td')[4]?.textContent)));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const declined = ui.changed.row(demo.page).filter({ hasText: 'payment declined: insufficient funds for order' });
    await expect(declined).toHaveAttribute('data-kind', 'signature');
    const href = await ui.changed.rowLink(declined).getAttribute('href');
    const link = new URL(href!, 'http://grafana');
    expect(link.pathname).toBe('/a/correlate-investigation-app/errors');
    expect([link.searchParams.get('from'), link.searchParams.get('to')]).toEqual([String(fromMs), String(toMs)]);
    await showAll.click();
    await expect(ui.changed.table(demo.page)).toHaveCount(0);
  });

  test('the baseline control: a day earlier moves the baseline and the URL', async ({ demo }) => {
    const toMs = Math.round(demo.now);
    const fromMs = toMs - 15 * 60_000;
    await demo.open(`${CHANGED}?from=${fromMs}&to=${toMs}&var-services=payments`);
    await expect(ui.changed.page(demo.page)).toContainText('What changed for payments');
    await expect(ui.changed.baselineOption(demo.page, 'Just before')).toBeChecked();
    await ui.changed.baselineOption(demo.page, 'A day earlier').check();
    await expect(ui.changed.windows(demo.page)).toContainText(
      `against ${utc(fromMs - 86_400_000)} to ${utc(toMs - 86_400_000)}.`
    );
    expect((await demo.url()).searchParams.get('baseline')).toBe('day');
    await expect(ui.changed.kindLoading(demo.page)).toHaveCount(0);
    // Loki's patterns are kept three hours: a day-old baseline is read from samples, and says why.
    await expect(ui.changed.kindOf(demo.page, 'signatures')).toContainText('older than the 3 hours');
  });

  test('“What changed?” on a service’s detail opens the comparison for that service and window', async ({ demo }) => {
    await demo.open('/a/correlate-investigation-app/services/payments?from=now-30m&to=now');
    const href = await ui.changed.link(demo.page).getAttribute('href');
    const link = new URL(href!, 'http://grafana');
    expect(link.pathname).toBe(CHANGED);
    expect(link.searchParams.getAll('var-services')).toEqual(['payments']);
    await demo.navigate(`${link.pathname}${link.search}`);
    await expect(ui.changed.page(demo.page)).toContainText('What changed for payments');
    await expect(ui.changed.kindLoading(demo.page)).toHaveCount(0);
    await expect(ui.changed.windows(demo.page)).toContainText('(30 minutes)');
  });
});
