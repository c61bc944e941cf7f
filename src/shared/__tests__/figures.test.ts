import { createTheme } from '@grafana/data';
import {
  countText,
  errorRateColor,
  errorRateLevel,
  msText,
  percentText,
  plural,
  rateText,
  secondsText,
} from '../figures';

describe('figures through Grafana value formats', () => {
  it('writes durations as Grafana does: milliseconds under a second', () => {
    expect(secondsText(0.09)).toBe('90 ms');
    expect(secondsText(1.4)).toBe('1.40 s');
    expect(msText(90)).toBe('90 ms');
    expect(msText(1400)).toBe('1.40 s');
  });

  it('writes percentages with their unit and rates as requests per second', () => {
    expect(percentText(0.125)).toBe('12.5%');
    expect(percentText(0.03)).toBe('3%');
    expect(percentText(1)).toBe('100%');
    expect(rateText(4.8)).toBe('4.80 req/s');
    expect(rateText(12345)).toBe('12.3K req/s');
    expect(countText(12345)).toBe('12,345');
    // Float noise from a division does not change the decimals shown.
    expect(percentText(0.02 + 1e-12)).toBe('2%');
    expect(percentText(0.6896)).toBe('69%');
    expect(percentText(0.0004)).toBe('0.0400%');
  });

  it.each([undefined, null, NaN, Infinity, -Infinity])('writes %p as a dash', (bad) => {
    for (const f of [secondsText, msText, percentText, rateText, countText]) {
      expect(f(bad)).toBe('–');
    }
  });

  it('counts with the plural the number needs', () => {
    expect(plural(0, 'line')).toBe('0 lines');
    expect(plural(1, 'line')).toBe('1 line');
    expect(plural(2, 'line')).toBe('2 lines');
    expect(plural(1200, 'service')).toBe('1,200 services');
    expect(plural(1, 'more', 'more')).toBe('1 more');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});

describe('error-rate colours follow thresholds', () => {
  const theme = createTheme();
  it('keeps low error rates in the base colour, orange from 5%, red from 20%', () => {
    expect(errorRateLevel(0.03)).toBe('normal');
    expect(errorRateLevel(0.05)).toBe('warning');
    expect(errorRateLevel(0.125)).toBe('warning');
    expect(errorRateLevel(0.2)).toBe('critical');
    expect(errorRateColor(theme, 0.03)).toBeUndefined();
    expect(errorRateColor(theme, 0.125)).toBe(theme.visualization.getColorByName('orange'));
    expect(errorRateColor(theme, 0.5)).toBe(theme.visualization.getColorByName('red'));
  });

  it('treats an unknown rate as normal, not as an alarm', () => {
    expect(errorRateColor(theme, undefined)).toBeUndefined();
    expect(errorRateColor(theme, NaN)).toBeUndefined();
  });
});
