import { CHECK_IDS } from '../checks';
import { check, devStack, runScenario } from './scenarios';

describe('health checks against the development stack', () => {
  it('finds every check ok', async () => {
    const { report } = await runScenario(devStack(Date.now()));
    const states = Object.fromEntries(report.checks.map((c) => [c.id, `${c.state}: ${c.figure} ${c.cause ?? ''}`]));
    expect(report.complete).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual(CHECK_IDS);
    for (const id of CHECK_IDS) {
      expect([id, states[id]]).toEqual([id, expect.stringMatching(/^ok: /)]);
    }
    expect(check(report, 'trace-ids').figure).toBe(
      '80 of 80 sampled error lines carry a trace id (100%) in 4 services; by structured metadata or labels 100%'
    );
  });
});
