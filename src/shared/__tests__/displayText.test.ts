import { nameList, shortServiceName, shorten } from '../displayText';
import { checkUrlTimeRange } from '../urlTimeRange';

describe('shorten', () => {
  it('keeps short text and cuts long text with an ellipsis, never inside a surrogate pair', () => {
    expect(shorten('abc', 3)).toBe('abc');
    expect(shorten('abcdef', 4)).toBe('abc…');
    const cut = shorten(`ab😀cd`, 4);
    expect(cut).toBe('ab…');
    expect(shortServiceName('s'.repeat(10_000))).toHaveLength(80);
  });

  it('lists the first names and counts the rest', () => {
    expect(nameList(['a', 'b'])).toBe('a, b');
    expect(nameList(Array.from({ length: 3000 }, (_, i) => `s${i}`))).toBe('s0, s1, s2, s3, s4 and 2995 more');
  });
});

describe('checkUrlTimeRange', () => {
  const defaults = { from: 'now-1h', to: 'now' };
  it.each([
    [{ from: '9999999999999999', to: 'now' }, 'from'],
    [{ from: 'now-1h', to: '8000000000000000' }, 'to'],
    [{ from: 'now-100000y', to: 'now' }, 'from'],
  ])('uses the default for a time outside 1970 to 9999 and says so (%p)', (search, key) => {
    const checked = checkUrlTimeRange(search, defaults);
    expect(checked[key as 'from' | 'to']).toBe(defaults[key as 'from' | 'to']);
    expect(checked.problems).toEqual([expect.stringContaining(`"${key}"`)]);
    expect(checked.problems[0]).toMatch(/is not a time from 1970 to 9999/);
  });

  it('keeps a range in the future that Grafana’s pickers give (this year)', () => {
    expect(checkUrlTimeRange({ from: 'now/y', to: 'now/y' }, defaults).problems).toEqual([]);
  });
});
