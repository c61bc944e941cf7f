import { expect, test } from './fixtures';
import { grafanaApi } from './support/grafanaApi';
import { ui } from './support/locators';
import { readinessTimeoutMs, redOf, tracedErrorLine, waitFor, type TracedLine } from './support/readiness';

/**
 * Correlate's two exposed components, rendered by another plugin through usePluginComponent: the
 * test-only app of tests/embed-host, mounted into Grafana by tests/stack/compose.e2e.yaml and enabled
 * here. Its page renders the component its URL names, with the props its URL gives.
 */
const HOST = 'correlate-embedtest-app';
let traced: TracedLine;

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(readinessTimeoutMs() + 30_000);
  const api = await grafanaApi(playwright);
  const enabled = await api.post(`/api/plugins/${HOST}/settings`, { data: { enabled: true, pinned: false } });
  expect(enabled.ok(), `enable ${HOST} (is tests/stack/compose.e2e.yaml part of the stack?)`).toBe(true);
  [traced] = await waitFor(tracedErrorLine(), redOf(['orders']));
});

const host = (props: Record<string, string>) => `/a/${HOST}?${new URLSearchParams(props)}`;

test.describe('Exposed components in another plugin', () => {
  test('the trace investigation: summary, failing span and the RED graphs of its services', async ({ page }) => {
    await page.goto(
      host({ component: 'trace', traceId: traced.traceId, timeMs: String(traced.timeMs), service: traced.service })
    );
    const embed = ui.embed.trace(page);
    await expect(ui.trace.summary(embed)).toContainText(traced.service);
    await expect(ui.trace.rootCause(embed)).toContainText('Failed first in ');
    await expect(ui.red.services(embed).filter({ hasText: traced.service })).toHaveCount(1);
    await expect(ui.red.message(embed)).toHaveCount(0);
  });

  test('the service RED summary: its service’s graphs, drawn', async ({ page }) => {
    await page.goto(host({ component: 'red', service: 'orders', from: 'now-30m', to: 'now' }));
    const embed = ui.embed.serviceRed(page);
    await expect(ui.red.services(embed)).toHaveText(['orders']);
    // Grafana's time series draw on a canvas (uPlot), one per graph.
    await expect(embed.locator('canvas').first()).toBeVisible();
    await expect(ui.red.message(embed)).toHaveCount(0);
  });

  test('bad props are explained in the host’s page, not thrown', async ({ page }) => {
    await page.goto(host({ component: 'trace', traceId: 'not-hex' }));
    await expect(ui.embed.trace(page)).toContainText('"not-hex" is not a trace id');
    await page.goto(host({ component: 'red' }));
    await expect(ui.embed.serviceRed(page)).toContainText('Pass the service name');
  });

  test('the health checks: the report, compact, and the same report handed to the host’s code', async ({ page }) => {
    await page.goto(host({ component: 'health', from: 'now-30m', to: 'now' }));
    const embed = ui.embed.health(page);
    await expect(ui.health.complete(embed)).toBeVisible({ timeout: 90_000 });
    await expect(ui.health.check(embed)).toHaveCount(10);
    await expect(ui.health.fix(embed)).toHaveCount(0);
    // tests/embed-host shows what the component's onReport received.
    await expect(page.getByTestId('data-testid embed-host-report')).toHaveText('onReport: 10 checks, complete: true');
    await expect(ui.health.pageLink(embed)).toHaveAttribute('href', /\/a\/correlate-investigation-app\/health$/);
  });
});
