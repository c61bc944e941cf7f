import { lokiPatternsBody } from '../../../test/mocks/lokiPatterns';
import { compareSeries, tempoMetricsFrames } from '../../../test/mocks/tempoMetrics';
import { patternSearchText, patternsAtLevels, readPatternsResponse } from '../patternsResponse';
import { spanCountsFromCompare, spanCountsFromSearch } from '../spanCounts';

describe('Loki patterns answer', () => {
  it('merges a pattern’s levels and samples, keeps error levels, in ms', () => {
    const { series } = readPatternsResponse({
      status: 'success',
      data: [
        { pattern: 'a <_>', level: 'error', samples: [[100, 2]] },
        { pattern: 'a <_>', level: 'warn', samples: [[110, 3]] },
        { pattern: 'b <_>', level: 'info', samples: [[100, 9]] },
      ],
    });
    expect(series).toEqual([
      {
        pattern: 'a <_>',
        levels: ['error', 'warn'],
        samples: [
          [100_000, 2],
          [110_000, 3],
        ],
      },
      { pattern: 'b <_>', levels: ['info'], samples: [[100_000, 9]] },
    ]);
    expect(patternsAtLevels(series, ['ERROR']).map((s) => s.pattern)).toEqual(['a <_>']);
  });

  it('reports what is not a patterns answer and skips what is broken inside one', () => {
    for (const body of [undefined, null, '<html>', 42, { data: 'x' }, { status: 'error', data: [] }]) {
      expect(readPatternsResponse(body).error).toBeDefined();
    }
    const { series, error } = readPatternsResponse({
      status: 'success',
      data: [
        null,
        { pattern: '' },
        { pattern: 'p', samples: [[1, 'x'], 'y', [NaN, 1], [2, -1], [3, 4]] },
        { pattern: 7, samples: [] },
      ],
    });
    expect(error).toBeUndefined();
    expect(series).toEqual([{ pattern: 'p', levels: [], samples: [[3000, 4]] }]);
  });

  it('bounds a hostile answer', () => {
    const data = Array.from({ length: 5000 }, (_x, i) => ({
      pattern: `p${i}`.padEnd(10_000, 'x'),
      level: 'error',
      samples: [[1, 1]],
    }));
    const { series } = readPatternsResponse({ status: 'success', data });
    expect(series).toHaveLength(1000);
    expect(series[0].pattern).toHaveLength(2000);
  });

  it('drops patterns under 30 lines, as Loki does, and searches a pattern by its longest literal part', () => {
    const body = lokiPatternsBody(
      [
        { timeMs: 0, pattern: 'small <_>', level: 'error', count: 29 },
        { timeMs: 0, pattern: 'big <_>', level: 'error', count: 30 },
      ],
      0,
      60_000,
      10_000
    );
    expect(body.data.map((d) => d.pattern)).toEqual(['big <_>']);
    expect(patternSearchText('<_> payment declined for order <_> at <_>')).toBe('payment declined for order');
    expect(patternSearchText('<_> <_>')).toBeUndefined();
  });
});

describe('span counts', () => {
  const frames = tempoMetricsFrames(
    compareSeries(
      [
        ...Array.from({ length: 12 }, (_x, i) => ({
          timeMs: i,
          selected: i < 3,
          attributes: {
            status: i < 3 ? 'error' : 'unset',
            'span.http.route': `/r${i}`,
            'span.http.response.status_code': i < 3 ? 500 : 200,
          },
        })),
      ],
      { fromMs: 0, toMs: 100, stepMs: 10, topN: 5 }
    )
  );

  it('reads compare(): failing and all spans per value, types, and attributes Tempo cut short', () => {
    const counts = spanCountsFromCompare(frames);
    expect([counts.spans, counts.failed]).toEqual([12, 3]);
    expect(counts.attributes.get('span.http.response.status_code')?.values.get('500')).toEqual({
      failed: 3,
      total: 3,
      type: 'number',
    });
    expect(counts.attributes.get('span.http.route')?.truncated).toBe(true);
    expect(counts.attributes.get('span.http.route')?.values.get('/r0')).toEqual({
      failed: 1,
      total: 1,
      type: 'string',
    });
  });

  it('reads nothing from frames that are not compare() series', () => {
    const odd = [
      { fields: [] },
      { fields: [{ name: 'x', type: 'number', values: [1], labels: { a: '1', b: '2' } }] },
      null as never,
    ];
    expect(spanCountsFromCompare(odd)).toEqual({ attributes: new Map(), spans: 0, failed: 0 });
    expect(
      spanCountsFromSearch([{ fields: [{ name: 'nested', values: ['x', [null, { fields: 'no' }]] }] }] as never)
    ).toEqual({
      attributes: new Map(),
      spans: 0,
      failed: 0,
    });
  });
});
