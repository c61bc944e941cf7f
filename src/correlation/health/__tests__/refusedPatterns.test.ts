import { loadRe2 } from '../../re2';
import { loadSettings } from '../../../settings/loadSettings';
import { check, devStack, runScenario, SETTINGS } from './scenarios';

/** Review F1: a provisioned pattern the app refuses is a Health finding, not a silent drop. */
describe('Health: configured trace-id patterns the app refuses', () => {
  beforeAll(() => loadRe2());

  const provisioned = (patterns: string[]) => ({
    ...loadSettings({ traceIdPatterns: patterns }),
    lokiUid: SETTINGS.lokiUid,
    tempoUid: SETTINGS.tempoUid,
    metricsUid: SETTINGS.metricsUid,
  });

  it('makes the trace-id check degraded, naming the pattern, why and what to do', async () => {
    const hostile = `(?:${Array(60).fill('(a)').join('|')})*([0-9a-f]{32})`;
    const settings = provisioned(['corr=([0-9a-f]{32})', hostile, '.*traceID=(\\w+)']);
    expect(settings.traceIdPatterns).toEqual(['corr=([0-9a-f]{32})']);
    const { report } = await runScenario(devStack(Date.now()), { settings });
    const traceIds = check(report, 'trace-ids');
    expect(traceIds.state).toBe('degraded');
    // Every line of the stack carries an id: the figure is unchanged, the finding is the pattern.
    expect(traceIds.figure).toMatch(/^80 of 80 sampled error lines carry a trace id/);
    expect(traceIds.cause).toContain('Correlate does not run the configured trace-id pattern `(?:(a)|(a)|(a)');
    expect(traceIds.cause).toContain('61 capture groups');
    expect(traceIds.cause).toContain('and 1 more');
    expect(traceIds.fix).toContain('jsonData.traceIdPatterns');
    const rows = traceIds.details.find((d) => d.title === 'Trace-id patterns not run')!.rows;
    expect(rows.map((r) => r.name)).toEqual([expect.stringMatching(/^\(\?:\(a\)\|.*…$/), '.*traceID=(\\w+)']);
    expect(rows[1].figure).toContain('Starts with ".*"');
    expect(traceIds.links.map((l) => l.text)).toContain('How to fix this');
  });

  it('leaves the check as it was when every pattern runs', async () => {
    const settings = provisioned(['corr=([0-9a-f]{32})']);
    expect(settings.refusedTraceIdPatterns).toBeUndefined();
    const { report } = await runScenario(devStack(Date.now()), { settings });
    expect(check(report, 'trace-ids').state).toBe('ok');
    expect(check(report, 'trace-ids').details.map((d) => d.title)).not.toContain('Trace-id patterns not run');
  });
});
