import { backtrackingProblem } from '../patternBacktracking';
import { traceIdPatternError } from '../traceIdPattern';

describe('backtrackingProblem', () => {
  it.each([
    'corr=([0-9a-f]{32})',
    '\\[corr:([0-9a-fA-F]+)\\]',
    '(?:trace|corr)[=:]\\s*"?([0-9a-f]{32}|[0-9a-f]{16})',
    '^.*corr=([0-9a-f]{32})',
    'trace[_.-]?id[=:]"?([0-9a-f]{32})',
  ])('accepts %p', (pattern) => {
    expect(backtrackingProblem(pattern)).toBeUndefined();
  });

  it('refuses a leading .* and offers the pattern without it', () => {
    const message = backtrackingProblem('.*corr=([0-9a-f]{32})');
    expect(message).toMatch(/^Starts with "\.\*".*square of its length/);
    expect(message).toMatch(/Use corr=\(\[0-9a-f\]\{32\}\) instead\.$/);
  });

  it.each(['.+?corr=([0-9a-f]{32})', '\\s*corr=([0-9a-f]+)', '[^ ]*corr=([0-9a-f]{32})'])(
    'refuses the leading repetition of %p',
    (pattern) => {
      expect(backtrackingProblem(pattern)).toMatch(/^Starts with/);
    }
  );

  it.each(['(a+)+$', '(\\w+\\s?)*$', 'x=(\\w+)(\\w+)y', '([0-9a-f]+)+z'])(
    'refuses %p: it can backtrack catastrophically',
    (pattern) => {
      expect(backtrackingProblem(pattern)).toMatch(/backtrack catastrophically/);
    }
  );

  it('suggests a rewrite that keeps the key and is itself accepted', () => {
    const message = backtrackingProblem('corr=([0-9a-f]+)+z')!;
    const rewrite = /for example (.*)\.$/.exec(message)![1];
    expect(rewrite).toBe('corr=([0-9a-f]{32})');
    expect(traceIdPatternError(rewrite)).toBeUndefined();
    expect(backtrackingProblem(rewrite)).toBeUndefined();
  });

  it('gives the same answer on every machine: limits in steps, not in time', () => {
    const first = backtrackingProblem('(a|aa)+$');
    expect(first).toMatch(/backtrack catastrophically/);
    expect(backtrackingProblem('(a|aa)+$')).toBe(first);
  });
});
