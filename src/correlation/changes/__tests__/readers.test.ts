import { lokiPatternsBody } from '../../../test/mocks/lokiPatterns';
import { tempoSearchBackendFrame, tempoSearchStreamFrame, type TraceSearchHit } from '../../../test/mocks/tempoFrame';
import { compareAnswer, compareSeries, tempoMetricsFrames } from '../../../test/mocks/tempoMetrics';
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
      slow: 0,
      total: 3,
      type: 'number',
    });
    expect(counts.attributes.get('span.http.route')?.truncated).toBe(true);
    expect(counts.attributes.get('span.http.route')?.values.get('/r0')).toEqual({
      failed: 1,
      slow: 0,
      total: 1,
      type: 'string',
    });
  });

  it('reads compare({ duration >= 1000ms }): slow and all spans per value; the duration is no attribute', () => {
    const spans = Array.from({ length: 10 }, (_x, i) => ({
      timeMs: i,
      durationMs: i < 4 ? 1000 + i : 999,
      attributes: { status: i === 9 ? 'error' : 'unset', 'resource.service.version': i < 4 ? '1.1.0' : '1.0.0' },
    }));
    const slowFrames = tempoMetricsFrames(
      compareAnswer('{ kind = server } | compare({ duration >= 1000ms }, 20)', spans, {
        fromMs: 0,
        toMs: 100,
        stepMs: 10,
      })
    );
    const counts = spanCountsFromCompare(slowFrames, 'slow');
    expect([counts.spans, counts.failed, counts.slow]).toEqual([10, 0, 4]);
    expect(Object.fromEntries(counts.attributes.get('resource.service.version')!.values)).toEqual({
      '1.1.0': { failed: 0, slow: 4, total: 4, type: 'string' },
      '1.0.0': { failed: 0, slow: 0, total: 6, type: 'string' },
    });
    expect([...counts.attributes.keys()].sort()).toEqual(['resource.service.version', 'status']);
    // The double evaluates only the filters What changed sends, and reads topN from the query.
    expect(() => compareAnswer('{ } | compare({ span.x = 1 })', spans, { fromMs: 0, toMs: 100, stepMs: 10 })).toThrow(
      'does not evaluate'
    );
    const strict = compareAnswer('{ } | compare({ duration > 1s }, 1)', spans, { fromMs: 0, toMs: 100, stepMs: 10 });
    expect(spanCountsFromCompare(tempoMetricsFrames(strict), 'slow').slow).toBe(3);
  });

  it('counts slow spans of a search sample from their durations (ns), in both of Grafana’s table builds', () => {
    const hit = (i: number, durationNanos: string, status: string): TraceSearchHit => ({
      traceID: String(i).padStart(32, '0'),
      rootServiceName: 'payments',
      startTimeUnixNano: '1000000000',
      spanSets: [
        {
          matched: 1,
          spans: [
            {
              spanID: String(i).padStart(16, '0'),
              startTimeUnixNano: '1000000000',
              durationNanos,
              attributes: [
                { key: 'status', value: { stringValue: status } },
                { key: 'http.route', value: { stringValue: i < 2 ? '/slow' : '/fast' } },
              ],
            },
          ],
        },
      ],
    });
    const hits = [hit(0, '1000000000', 'unset'), hit(1, '2500000000', 'error'), hit(2, '999999999', 'error')];
    for (const frame of [tempoSearchBackendFrame('sample', hits), tempoSearchStreamFrame(hits)]) {
      const counts = spanCountsFromSearch([frame], 1000);
      expect([counts.spans, counts.failed, counts.slow]).toEqual([3, 2, 2]);
      expect(counts.attributes.get('http.route')?.values.get('/slow')).toEqual({
        failed: 1,
        slow: 2,
        total: 2,
        type: 'string',
      });
    }
    // A threshold that is not one counts nothing slow.
    for (const bad of [NaN, 0, -1]) {
      expect(spanCountsFromSearch([tempoSearchBackendFrame('sample', hits)], bad).slow).toBe(0);
    }
  });

  it('a span without a readable duration is not slow', () => {
    const spanSet = {
      fields: [
        { name: 'spanID', values: ['a', 'b', 'c', 'd'] },
        { name: 'status', values: ['unset', 'unset', 'unset', 'unset'] },
        { name: 'duration', values: [null, '<1ms', NaN, 5e9] },
      ],
    };
    const counts = spanCountsFromSearch([{ fields: [{ name: 'nested', values: [[spanSet]] }] }] as never, 1000);
    expect([counts.spans, counts.slow]).toEqual([4, 1]);
  });

  it('reads nothing from frames that are not compare() series', () => {
    const odd = [
      { fields: [] },
      { fields: [{ name: 'x', type: 'number', values: [1], labels: { a: '1', b: '2' } }] },
      null as never,
    ];
    expect(spanCountsFromCompare(odd)).toEqual({ attributes: new Map(), spans: 0, failed: 0, slow: 0 });
    expect(spanCountsFromCompare(odd, 'slow')).toEqual({ attributes: new Map(), spans: 0, failed: 0, slow: 0 });
    expect(
      spanCountsFromSearch([{ fields: [{ name: 'nested', values: ['x', [null, { fields: 'no' }]] }] }] as never, 1000)
    ).toEqual({
      attributes: new Map(),
      spans: 0,
      failed: 0,
      slow: 0,
    });
  });
});
