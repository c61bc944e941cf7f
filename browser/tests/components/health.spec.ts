import { ui } from '../../../tests/support/locators';
import { DEMO_DATA_SOURCES, DEMO_SERVICES, demoErrorLines, demoErrorTraceIds } from '../../harness/demo/facts';
import { HEALTH_CHECKS as CHECK_IDS } from '../../../tests/support/healthChecks';
import { expect, test } from '../support/demo';

/**
 * The Health page against the demo shop (browser/harness/demo/health.ts): its settings are those of a
 * correct setup and the demo's lines carry trace ids, but two harness-only lines (facts.ts) break it: a
 * gateway line without a trace id, and an orders line whose trace never reached Tempo. So two checks
 * are degraded and say why and what to do.
 */
const HEALTH = '/a/correlate-investigation-app/health';

test.describe('Health (component)', () => {
  test('the report: checking first, then every check with its state and figure, the degraded ones with cause and fix', async ({
    demo,
  }) => {
    // Grafana's API answering slowly: the page says it is checking until the first wave is in.
    await demo.page.evaluate(() => window.harness.delayBackend(1_500));
    await demo.open(`${HEALTH}?from=now-1h&to=now`);
    await expect(ui.health.loading(demo.page)).toContainText('Checking the wiring');
    await expect(ui.health.report(demo.page)).toHaveCount(0);
    await expect(ui.health.complete(demo.page)).toBeVisible();
    await expect(ui.health.loading(demo.page)).toHaveCount(0);
    await expect(ui.health.error(demo.page)).toHaveCount(0);

    const rows = ui.health.check(demo.page);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-check-id')))).toEqual(CHECK_IDS);
    await expect(ui.health.summary(demo.page)).toHaveText('2 degraded · 8 ok');
    await expect(ui.health.requests(demo.page)).toHaveText(/^\d+ requests in 2 waves$/);
    await expect(ui.health.state(demo.page)).toHaveText([
      'OK',
      'Degraded',
      'Degraded',
      'OK',
      'OK',
      'OK',
      'OK',
      'OK',
      'OK',
      'OK',
    ]);
    // The figures are those of the demo's data (generated/demo.json and the harness-only lines).
    const n = DEMO_SERVICES.length;
    await expect(ui.health.figure(ui.health.checkOf(demo.page, 'loki'))).toHaveText(
      `${n} services with logs; ${demoErrorLines().length} error lines from ${n} services`
    );
    const traceIds = ui.health.checkOf(demo.page, 'trace-ids');
    await expect(traceIds).toHaveAttribute('data-state', 'degraded');
    const errors = demoErrorLines();
    const withId = errors.filter((l) => l.structuredMetadata.trace_id);
    await expect(ui.health.figure(traceIds)).toContainText(
      `${withId.length} of ${errors.length} sampled error lines carry a trace id`
    );
    // gateway's lines come over OpenTelemetry (the demo's), one without a trace id (harness-only): its SDK setup is named.
    await expect(ui.health.cause(traceIds)).toContainText('gateway logs over OpenTelemetry without trace context');
    await expect(ui.health.fix(traceIds)).toContainText('log while the request’s span is active');
    const tempo = ui.health.checkOf(demo.page, 'tempo-traces');
    // Every trace id of the error lines is sampled (at most 20); Tempo has all but the harness-only missing one.
    const { ids, found } = demoErrorTraceIds();
    await expect(ui.health.figure(tempo)).toHaveText(
      `${found.length} of ${ids.length} sampled trace ids found in Tempo (${Math.round((100 * found.length) / ids.length)}%)`
    );
    // One trace missing among the found ones of the same services: sampling, not a service's exporter.
    await expect(ui.health.cause(tempo)).toContainText('sampling keeps only some traces');
    await expect(ui.health.fix(tempo)).toContainText('OTEL_TRACES_SAMPLER');
    // A check that passes says so, with no fix.
    await expect(ui.health.fix(ui.health.checkOf(demo.page, 'red-metrics'))).toHaveCount(0);
    await expect(ui.health.figure(ui.health.checkOf(demo.page, 'exemplars'))).toContainText(
      '2 of 2 looked up found in Tempo (100%)'
    );
  });

  test('a check’s details open in place and are a URL of their own', async ({ demo }) => {
    await demo.open(`${HEALTH}?from=now-1h&to=now`);
    await expect(ui.health.complete(demo.page)).toBeVisible();
    const traceIds = ui.health.checkOf(demo.page, 'trace-ids');
    const link = ui.health.detailLink(traceIds);
    await expect(link).toHaveText('Details');
    await expect(link).toHaveAttribute('href', /\/a\/correlate-investigation-app\/health\?.*check=trace-ids/);
    await expect(ui.health.detail(demo.page)).toHaveCount(0);
    await link.click();
    await expect(link).toHaveAttribute('aria-expanded', 'true');
    await expect(link).toHaveText('Hide details');
    expect((await demo.url()).searchParams.get('check')).toBe('trace-ids');
    // One row per service: gateway carries no trace id.
    const gateway = ui.health.detailRow(ui.health.detail(traceIds)).filter({ hasText: 'gateway' });
    await expect(gateway).toHaveCount(1);
    await expect(gateway).toHaveAttribute('data-state', 'degraded');
    await expect(ui.health.detailRow(traceIds).filter({ hasText: 'payments' })).toHaveAttribute('data-state', 'ok');
    await link.click();
    await expect(ui.health.detail(demo.page)).toHaveCount(0);
    expect((await demo.url()).searchParams.get('check')).toBeNull();

    // Opened from its URL, the check is expanded; the checks asked each data source's settings once.
    await demo.navigate(`${HEALTH}?from=now-1h&to=now&check=tempo-traces`);
    await expect(ui.health.detail(ui.health.checkOf(demo.page, 'tempo-traces'))).toBeVisible();
    const settings = (await demo.backendRequests())
      .map((r) => r.url)
      .filter((u) => /^\/api\/datasources\/uid\/[^/]+$/.test(u));
    expect(new Set(settings)).toEqual(
      new Set(
        [DEMO_DATA_SOURCES.loki, DEMO_DATA_SOURCES.tempo, DEMO_DATA_SOURCES.mimir].map(
          (u) => `/api/datasources/uid/${u}`
        )
      )
    );
  });
});
