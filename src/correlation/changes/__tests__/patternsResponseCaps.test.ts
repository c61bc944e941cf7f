import { MAX_SAMPLES, MAX_TOTAL_SAMPLES, readPatternsResponse } from '../patternsResponse';

describe('patterns API reader caps (security review F16)', () => {
  it('keeps at most 1,000 samples per pattern and 200,000 in all, however many Loki (or a proxy) sends', () => {
    const samples = Array.from({ length: 5000 }, (_, i) => [1_700_000_000 + i, 1]);
    const data = Array.from({ length: 300 }, (_, i) => ({ pattern: `p${i} <_>`, level: 'error', samples }));
    // The same pattern again at another level: merged, and still within the per-pattern cap.
    data.push({ pattern: 'p0 <_>', level: 'warn', samples });
    const { series, error } = readPatternsResponse({ status: 'success', data });
    expect(error).toBeUndefined();
    expect(Math.max(...series.map((s) => s.samples.length))).toBe(MAX_SAMPLES);
    expect(series.reduce((n, s) => n + s.samples.length, 0)).toBe(MAX_TOTAL_SAMPLES);
    expect(series[0].levels).toEqual(['error']);
  });
});
