import { comparisonWindows, parseBaselineMode, stepMsFor, windowOf } from '../windows';

const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);
const MIN = 60_000;

describe('comparison windows', () => {
  it('puts the baseline just before, or one day earlier, with the same length', () => {
    const incident = { fromMs: T0, toMs: T0 + 15 * MIN };
    expect(comparisonWindows(incident, 'previous').windows.baseline).toEqual({ fromMs: T0 - 15 * MIN, toMs: T0 });
    expect(comparisonWindows(incident, 'day').windows.baseline).toEqual({
      fromMs: T0 - 24 * 60 * MIN,
      toMs: T0 + 15 * MIN - 24 * 60 * MIN,
    });
  });

  it('repairs windows too short or too long, and says so', () => {
    const short = comparisonWindows({ fromMs: T0, toMs: T0 + 10_000 }, 'previous');
    expect(short.windows.incident).toEqual({ fromMs: T0 + 10_000 - MIN, toMs: T0 + 10_000 });
    expect(short.problems).toHaveLength(1);
    const long = comparisonWindows({ fromMs: T0, toMs: T0 + 48 * 60 * MIN }, 'previous');
    expect(long.windows.incident.toMs - long.windows.incident.fromMs).toBe(6 * 60 * MIN);
    expect(long.problems[0]).toMatch(/last 6 hours/);
    expect(() => comparisonWindows({ fromMs: NaN, toMs: T0 }, 'previous')).toThrow();
  });

  it('reads the baseline mode from a link, refusing anything else', () => {
    expect(parseBaselineMode('day')).toEqual({ mode: 'day' });
    expect(parseBaselineMode(undefined)).toEqual({ mode: 'previous' });
    expect(parseBaselineMode(['previous'])).toEqual({ mode: 'previous' });
    expect(parseBaselineMode('<script>').problem).toMatch(/not "previous" or "day"/);
  });

  it('steps in whole 10 s, about 30 per window, and places samples in their window', () => {
    expect(stepMsFor({ fromMs: 0, toMs: 15 * MIN })).toBe(30_000);
    expect(stepMsFor({ fromMs: 0, toMs: MIN })).toBe(10_000);
    expect(stepMsFor({ fromMs: 0, toMs: 6 * 60 * MIN })).toBe(720_000);
    const { windows } = comparisonWindows({ fromMs: T0, toMs: T0 + 15 * MIN }, 'previous');
    expect(
      [T0 - 15 * MIN, T0 - 1, T0, T0 + 15 * MIN, T0 + 15 * MIN + 1, T0 - 16 * MIN].map((t) => windowOf(t, windows))
    ).toEqual(['baseline', 'baseline', 'incident', 'incident', undefined, undefined]);
  });
});
