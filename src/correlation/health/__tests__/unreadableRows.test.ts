import { tempoCheck } from '../tempoCheck';
import { fetched } from '../types';
import { check, devStack, runScenario } from './scenarios';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
let throwIn: string | undefined;
// The real checks, one of which can be made to throw as a malformed answer once made it (review F9).
jest.mock('../traceIdsCheck', () => {
  const actual = jest.requireActual('../traceIdsCheck');
  return {
    ...actual,
    traceIdsCheck: (...args: unknown[]) => {
      if (throwIn === 'trace-ids') {
        throw new RangeError('Invalid time value');
      }
      return actual.traceIdsCheck(...args);
    },
  };
});

describe('one unreadable row costs that row, not the Health page (security review F9)', () => {
  it('lists a looked-up trace id whose log line has no readable time', () => {
    const r = tempoCheck({
      lookups: fetched([{ item: { traceId: ID, service: 'orders', timeMs: NaN }, outcome: { found: true } }]),
      nowMs: Date.now(),
    });
    expect(r.state).toBe('ok');
    expect(r.details[0].rows[0].note).toBe('orders, time unreadable');
  });

  it('a check that throws on an answer says "could not check"; the other nine still come back', async () => {
    throwIn = 'trace-ids';
    try {
      const { report } = await runScenario(devStack(Date.now()));
      expect(report.checks).toHaveLength(10);
      expect(check(report, 'trace-ids')).toMatchObject({
        state: 'unknown',
        figure: 'Could not check',
        cause: 'Correlate could not read an answer: Invalid time value',
      });
      expect(report.checks.filter((c) => c.state === 'ok')).toHaveLength(9);
    } finally {
      throwIn = undefined;
    }
  });
});
