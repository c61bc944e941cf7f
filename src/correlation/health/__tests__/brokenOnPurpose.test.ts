import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The broken-on-purpose run of the health spec is wired where no Docker engine runs here: the
 * development stack can restart payments without trace context in its logs, and CI does so after
 * every other spec, then runs only the @broken spec over the time since.
 */
const ROOT = join(__dirname, '../../../..');
const read = (path: string) => parse(readFileSync(join(ROOT, path), 'utf8'), { merge: true });

describe('health: broken on purpose', () => {
  it('the development stack starts payments with trace context unless DEMO_PAYMENTS_LOG_TRACE_CONTEXT says off', () => {
    const payments = read('docker-compose.yaml').services.payments;
    expect(payments.environment.LOG_TRACE_CONTEXT).toBe('${DEMO_PAYMENTS_LOG_TRACE_CONTEXT:-on}');
    // The other demo settings stay (the anchor's environment is merged in).
    expect(payments.environment.OTLP_ENDPOINT).toBe('http://otel-collector:4318');
  });

  it('CI breaks payments after every other spec, then runs only the @broken health spec since then', () => {
    const steps: Array<Record<string, any>> = read('.github/workflows/ci.yml').jobs.e2e.steps;
    const names = steps.map((s) => s.name);
    const e2e = names.indexOf('Run the e2e specs');
    const breakIt = steps.findIndex((s) => s.env?.DEMO_PAYMENTS_LOG_TRACE_CONTEXT === 'off');
    const broken = steps.findIndex((s) => String(s.run).includes('--grep @broken'));
    expect(e2e).toBeGreaterThanOrEqual(0);
    expect(breakIt).toBeGreaterThan(e2e);
    expect(broken).toBe(breakIt + 1);
    const run = String(steps[breakIt].run);
    expect(run).toMatch(/docker compose up -d --wait .*--no-deps payments/);
    // The window starts once the new payments is up, so no line from before the restart counts.
    expect(run.indexOf('E2E_BROKEN_SINCE_MS')).toBeGreaterThan(run.indexOf('docker compose up'));
    expect(String(steps[broken].run)).toBe(
      'npx playwright test tests/health.spec.ts --grep @broken --no-deps --output test-results-broken'
    );
    const spec = readFileSync(join(ROOT, 'tests/health.spec.ts'), 'utf8');
    expect(spec).toContain('test.skip(!since, ');
    expect(spec).toContain('process.env.E2E_BROKEN_SINCE_MS');
  });
});
