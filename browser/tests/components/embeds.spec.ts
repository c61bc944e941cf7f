import { ui } from '../../../tests/support/locators';
import { DEMO_TRACE_SPANS, DEMO_TRACES, lineOf } from '../../harness/demo/facts';
import { expect, test } from '../support/demo';

/** The two exposed components, mounted as Grafana renders them for another plugin (in Correlate's context). */
const TRACE_EMBED = 'correlate-investigation-app/trace-investigation/v1';
const RED_EMBED = 'correlate-investigation-app/service-red/v1';
const HEALTH_EMBED = 'correlate-investigation-app/health/v1';

test.describe('exposed components (component)', () => {
  test('the trace investigation: summary, failing span and RED of its services; a bad id is explained', async ({
    demo,
  }) => {
    const embed = ui.embed.trace(
      demo.view(
        await demo.mountExposedComponent(TRACE_EMBED, {
          traceId: DEMO_TRACES.stockLock.toUpperCase(),
          timeMs: Math.round(demo.now - lineOf(DEMO_TRACES.stockLock, 'inventory')!.msAgo),
          service: 'inventory',
        })
      )
    );
    await expect(ui.trace.rootCause(embed)).toContainText('Failed first in inventory: POST /reserve');
    // The services in the order the trace reaches them (generated/demo.json).
    const services = [...new Set(DEMO_TRACE_SPANS[DEMO_TRACES.stockLock].map((s) => s.service))];
    await expect(ui.trace.summary(embed)).toContainText(`Services: ${services.join(', ')}`);
    await expect(ui.red.services(embed).first()).toHaveText('inventory');
    await expect(ui.trace.window(embed)).toContainText('Window for every panel');

    const bad = ui.embed.trace(demo.view(await demo.mountExposedComponent(TRACE_EMBED, { traceId: 'abc' })));
    await expect(bad).toContainText('"abc" is not a trace id: use 32 (or 16) hexadecimal characters.');
  });

  test('the service RED summary: its service’s graphs; a missing service is explained', async ({ demo }) => {
    const embed = ui.embed.serviceRed(
      demo.view(await demo.mountExposedComponent(RED_EMBED, { service: 'payments', from: 'now-6h', to: 'now' }))
    );
    await expect(ui.red.services(embed)).toHaveText(['payments']);
    const metrics = (await demo.dataRequests()).filter((r) => r.type === 'prometheus');
    expect(metrics).toHaveLength(1);
    expect(metrics[0].toMs - metrics[0].fromMs).toBeGreaterThanOrEqual(6 * 3_600_000 - 60_000);
    expect(metrics[0].queries.every((q) => q.includes('service="payments"'))).toBe(true);

    const none = ui.embed.serviceRed(demo.view(await demo.mountExposedComponent(RED_EMBED, { service: ' ' })));
    await expect(none).toContainText('Pass the service name');
    const noRed = ui.embed.serviceRed(demo.view(await demo.mountExposedComponent(RED_EMBED, { service: 'billing' })));
    await expect(ui.red.message(noRed)).toContainText('No RED series for billing');
  });

  test('the health checks: compact by default, in full on request, the report handed to the host', async ({ demo }) => {
    const compact = ui.embed.health(
      demo.view(await demo.mountExposedComponent(HEALTH_EMBED, { from: 'now-1h', to: 'now' }))
    );
    await expect(ui.health.complete(compact)).toBeVisible();
    await expect(ui.health.summary(compact)).toHaveText('2 degraded · 8 ok');
    await expect(ui.health.fix(compact)).toHaveCount(0);
    await expect(ui.health.pageLink(compact)).toHaveAttribute('href', '/a/correlate-investigation-app/health');

    const full = ui.embed.health(demo.view(await demo.mountExposedComponent(HEALTH_EMBED, { compact: false })));
    await expect(ui.health.complete(full)).toBeVisible();
    await expect(ui.health.fix(ui.health.checkOf(full, 'trace-ids'))).toContainText('Fix: ');
    await expect(ui.health.detailLink(ui.health.checkOf(full, 'trace-ids'))).toHaveAttribute(
      'href',
      '/a/correlate-investigation-app/health?check=trace-ids'
    );
  });
});
