import { countText, percentText, rateText, secondsText } from '../format';
import { signatureChangesFromSamples } from '../signatureChanges';

describe('What changed figures', () => {
  it('counts with the plural the number needs ("0 lines → 1 line", not "1 lines")', () => {
    expect(countText(0, 'lines')).toBe('0 lines');
    expect(countText(1, 'lines')).toBe('1 line');
    expect(countText(1, 'slow spans')).toBe('1 slow span');
    expect(countText(2, 'failing spans')).toBe('2 failing spans');
    expect(countText(1, 'more')).toBe('1 more');
    expect(countText(12345, 'lines')).toBe('12,345 lines');
  });

  it('writes figures in Grafana’s units, as every other page does', () => {
    expect(percentText(0.125)).toBe('12.5%');
    expect(secondsText(0.09)).toBe('90 ms');
    expect(rateText(4.8)).toBe('4.80 req/s');
    expect(percentText(NaN)).toBe('–');
  });

  it('a signature seen once in the incident reads "1 line"', () => {
    const window = (fromMs: number) => ({ fromMs, toMs: fromMs + 900_000 });
    const line = { timeMs: 1, line: 'stock database lock wait for order ord-1040', labels: {} };
    const rows = signatureChangesFromSamples({
      windows: { incident: window(900_000), baseline: window(0), mode: 'previous' } as never,
      incident: { rows: [line], total: 1 },
      baseline: { rows: [], total: 0 },
      services: [],
    });
    expect(rows.map((r) => [r.title, r.baselineText, r.incidentText])).toEqual([
      ['New error signature: stock database lock wait for order ord-<id>', '0 lines', '1 line'],
    ]);
  });
});
