import { ui } from '../../../tests/support/locators';
import { DEMO_TRACES } from '../../harness/demo/facts';
import { expect, test } from '../support/demo';

/**
 * The test-only app of tests/embed-host (what tests/embeds.spec.ts opens in a running Grafana),
 * loaded here as Grafana loads a plugin: its page asks Grafana for Correlate's exposed components
 * through usePluginComponent and renders them with the props of its URL.
 */
test.describe('another plugin embedding Correlate (component)', () => {
  test('its page renders the trace investigation with the props of its URL', async ({ demo }) => {
    await demo.openEmbedHost(
      new URLSearchParams({
        component: 'trace',
        traceId: DEMO_TRACES.declined,
        timeMs: String(Math.round(demo.now - 60_000)),
        service: 'payments',
      })
    );
    const embed = ui.embed.trace(demo.page);
    await expect(ui.trace.rootCause(embed)).toContainText('Failed first in payments: POST /charge');
    await expect(ui.red.services(embed).first()).toHaveText('payments');
  });

  test('its page renders the service RED summary, and Correlate’s message for a bad prop', async ({ demo }) => {
    await demo.openEmbedHost(new URLSearchParams({ component: 'red', service: 'orders', from: 'now-1h', to: 'now' }));
    await expect(ui.red.services(ui.embed.serviceRed(demo.page))).toHaveText(['orders']);
    await demo.navigate('/a/correlate-embedtest-app?component=trace&traceId=not-hex');
    // The host's page follows its URL: a navigation renders the component with the new props.
    await expect(ui.embed.trace(demo.page)).toContainText('"not-hex" is not a trace id');
  });

  test('its page renders the health checks and receives the whole report through onReport', async ({ demo }) => {
    await demo.openEmbedHost(new URLSearchParams({ component: 'health', from: 'now-1h', to: 'now' }));
    const embed = ui.embed.health(demo.page);
    await expect(ui.health.complete(embed)).toBeVisible();
    await expect(ui.health.check(embed)).toHaveCount(10);
    await expect(demo.page.getByTestId('data-testid embed-host-report')).toHaveText(
      'onReport: 10 checks, complete: true'
    );
  });
});
