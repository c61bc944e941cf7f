import { parseTimeParam, windowAroundTime, windowAroundTrace } from '../timeWindow';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('windowAroundTime', () => {
  it('pads each side', () => {
    const t = NOW - 60 * MIN;
    expect(windowAroundTime(t, { paddingMs: 15 * MIN, nowMs: NOW })).toEqual({
      fromMs: t - 15 * MIN,
      toMs: t + 15 * MIN,
    });
  });

  it('aligns outward to the step', () => {
    const t = NOW - 60 * MIN + 7_000;
    const w = windowAroundTime(t, { paddingMs: 5 * MIN, stepMs: 60_000, nowMs: NOW });
    expect(w.fromMs % 60_000).toBe(0);
    expect(w.toMs % 60_000).toBe(0);
    expect(w.fromMs).toBeLessThanOrEqual(t - 5 * MIN);
    expect(w.toMs).toBeGreaterThanOrEqual(t + 5 * MIN);
  });

  it('never reaches into the future', () => {
    const w = windowAroundTime(NOW - 1000, { paddingMs: 15 * MIN, stepMs: 30_000, nowMs: NOW + 10_000 });
    expect(w.toMs).toBeLessThanOrEqual(NOW + 10_000);
    expect(w.fromMs).toBeLessThan(w.toMs);
  });

  it('clamps a time in the future to now and keeps a width', () => {
    const w = windowAroundTime(NOW + 60 * MIN, { paddingMs: 0, nowMs: NOW });
    expect(w.toMs).toBe(NOW);
    expect(w.toMs - w.fromMs).toBe(1000);
  });

  it('is never zero-width', () => {
    const w = windowAroundTime(NOW - MIN, { paddingMs: 0, nowMs: NOW });
    expect(w.toMs - w.fromMs).toBeGreaterThanOrEqual(1000);
    const stepped = windowAroundTime(NOW - MIN, { paddingMs: 0, stepMs: 15_000, nowMs: NOW });
    expect(stepped.toMs - stepped.fromMs).toBeGreaterThanOrEqual(15_000);
  });

  it.each([NaN, Infinity, undefined, '123'])('throws a RangeError on %p', (bad) => {
    expect(() => windowAroundTime(bad as any, { paddingMs: MIN, nowMs: NOW })).toThrow(RangeError);
  });

  it('treats a bad padding or step as none', () => {
    const t = NOW - 60 * MIN;
    const w = windowAroundTime(t, { paddingMs: NaN, stepMs: -5, nowMs: NOW });
    expect(w).toEqual({ fromMs: t - 1000, toMs: t });
  });
});

describe('windowAroundTrace', () => {
  it('covers the trace plus padding', () => {
    const start = NOW - 30 * MIN;
    expect(windowAroundTrace(start, start + 2_000, { paddingMs: MIN, nowMs: NOW })).toEqual({
      fromMs: start - MIN,
      toMs: start + 2_000 + MIN,
    });
  });

  it('swaps an end before its start', () => {
    const start = NOW - 30 * MIN;
    expect(windowAroundTrace(start + 2_000, start, { paddingMs: 0, nowMs: NOW })).toEqual({
      fromMs: start,
      toMs: start + 2_000,
    });
  });
});

describe('parseTimeParam', () => {
  it.each([
    ['1795528487000', 1795528487000],
    [' 42 ', 42],
    ['2026-11-24T12:00:00Z', NOW],
    [NOW, NOW],
  ])('reads %p', (input, expected) => {
    expect(parseTimeParam(input)).toBe(expected);
  });

  it.each(['now-1h', '', 'abc', '12e3', '-5', '2026-99-99', NaN, null, {}, '1'.repeat(40)])('rejects %p', (bad) => {
    expect(parseTimeParam(bad)).toBeUndefined();
  });
});
