import { act, renderHook } from '@testing-library/react';
import { usePatternSafety } from '../usePatternSafety';

// The detector stands in: each call records which pattern it checked (the real one takes up to ~2 s).
const checked: string[] = [];
jest.mock('../../settings/patternBacktracking', () => ({
  backtrackingProblem: (source: string) => {
    checked.push(source);
    return source.includes('+)+') ? 'This pattern can backtrack catastrophically.' : undefined;
  },
}));

/** Review F15: the config page checks patterns one per task, never all of them in one. */
describe('usePatternSafety', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    checked.length = 0;
  });
  afterEach(() => jest.useRealTimers());

  it('checks one pattern per task, yielding between, and keeps Save waiting until the last', async () => {
    const patterns = ['(a+)+(x)', 'corr=([0-9a-f]{32})', '(b+)+(y)', 'id=(\\w{32})', '(broken'];
    const errors = [undefined, undefined, undefined, undefined, 'Invalid group'];
    const { result } = renderHook(() => usePatternSafety(patterns, errors));
    // The detector loads (a dynamic import), then typing has settled.
    await act(async () => {
      await Promise.resolve();
    });
    // Every timer task from here on: the settle delay's, then the checks'.
    const perTask: number[] = [];
    for (let task = 0; task < 8 && result.current.pending; task++) {
      const before = checked.length;
      await act(async () => {
        jest.advanceTimersToNextTimer();
      });
      perTask.push(checked.length - before);
    }
    // One pattern per task (the old hook checked all four in one); the one with another error never.
    expect(perTask.filter((n) => n > 0)).toEqual([1, 1, 1, 1]);
    expect(Math.max(...perTask)).toBe(1);
    expect(checked).toEqual(patterns.slice(0, 4));
    expect(result.current.pending).toBe(false);
    expect(result.current.errors).toEqual([
      'This pattern can backtrack catastrophically.',
      undefined,
      'This pattern can backtrack catastrophically.',
      undefined,
      undefined,
    ]);
  });
});
