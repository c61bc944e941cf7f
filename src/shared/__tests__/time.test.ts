import { getTimeZone, setTimeZoneResolver } from '@grafana/data';
import { rangeText, timeAgoText, timeText } from '../time';

// 2026-12-04 16:41:20.264 UTC
const MS = Date.UTC(2026, 11, 4, 16, 41, 20, 264);

describe('timeText', () => {
  const before = getTimeZone();
  afterEach(() => setTimeZoneResolver(() => before));

  it('writes Grafana’s date format in the zone given', () => {
    expect(timeText(MS, 'utc')).toBe('2026-12-04 16:41:20');
    expect(timeText(MS, 'Europe/Berlin')).toBe('2026-12-04 17:41:20');
    expect(timeText(MS, 'America/New_York')).toBe('2026-12-04 11:41:20');
  });

  it('follows the user’s time zone when none is given', () => {
    setTimeZoneResolver(() => 'Asia/Tokyo');
    expect(timeText(MS)).toBe('2026-12-05 01:41:20');
  });

  it.each([NaN, -1, undefined, null, Infinity, 1e20])('writes %p as a dash, never "Invalid date"', (bad) => {
    expect(timeText(bad, 'utc')).toBe('–');
    expect(timeAgoText(bad, 'utc')).toBe('–');
  });

  it('writes a range as Grafana’s time picker does', () => {
    expect(rangeText(MS - 15 * 60_000, MS, 'utc')).toBe('2026-12-04 16:26:20 to 2026-12-04 16:41:20');
    expect(rangeText(NaN, MS, 'utc')).toBe('– to 2026-12-04 16:41:20');
  });

  it('says how long ago', () => {
    expect(timeAgoText(Date.now() - 5 * 60_000, 'utc')).toBe('5 minutes ago');
  });
});
