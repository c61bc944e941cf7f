import { histogramAnswer } from '../../../test/mocks/tempoHistogram';
import { compareSeries, tempoMetricsFrames, type CompareSpan } from '../../../test/mocks/tempoMetrics';
import { versionLatencyQuery } from '../../../queries/traceql';
import { log2Quantile, mergeBuckets, readVersionLatency } from '../versionLatency';
import { spanCountsFromCompare } from '../spanCounts';
import { versionChanges } from '../versionChanges';

const VERSION = 'resource.service.version';
const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);
const W = { fromMs: T0, toMs: T0 + 15 * 60_000, stepMs: 30_000 };
const buckets = (entries: Array<[number, number]>) => new Map(entries);

describe('log2Quantile, as Tempo’s Log2Quantile (pkg/traceql/engine_metrics.go)', () => {
  it('returns a bucket’s bound when the rank ends in it, and interpolates exponentially inside one', () => {
    // engine_metrics_test.go TestLog2Quantile "p100 exact match", and TestQuantileOverTime's first interval.
    expect(
      log2Quantile(
        1,
        buckets([
          [1, 5],
          [2, 5],
        ])
      )
    ).toBe(2);
    const ns = (n: number) => n / 1e9;
    const first = buckets([
      [ns(128), 1],
      [ns(256), 1],
      [ns(512), 1],
    ]);
    expect([0, 0.5, 1].map((p) => log2Quantile(p, first))).toEqual([ns(128), ns(256), ns(512)]);
    // p50 of 2, 4, 2 spans in (…,1], (1,2], (2,4]: the 4th span, halfway into the second bucket, on a log scale.
    expect(
      log2Quantile(
        0.5,
        buckets([
          [1, 2],
          [2, 4],
          [4, 2],
        ])
      )
    ).toBeCloseTo(Math.SQRT2, 12);
    // The lowest bucket is taken to start at half its bound.
    expect(log2Quantile(0.5, buckets([[2, 10]]))).toBeCloseTo(2 ** 0.5, 12);
  });

  it('is NaN without spans or with a bad quantile, never a made-up figure', () => {
    expect(log2Quantile(0.95, new Map())).toBeNaN();
    expect(log2Quantile(0.95, buckets([[1, 0]]))).toBeNaN();
    expect(log2Quantile(NaN, buckets([[1, 3]]))).toBeNaN();
    expect(log2Quantile(1.5, buckets([[1, 3]]))).toBeNaN();
  });
});

describe('readVersionLatency', () => {
  const spans = (version: string, durationMs: number, n: number): CompareSpan[] =>
    Array.from({ length: n }, (_x, i) => ({
      timeMs: W.fromMs + 1 + i * 1000,
      durationMs,
      attributes: { [VERSION]: version },
    }));

  it('sums each version’s buckets over every step of the answer Grafana’s Tempo data source gives', () => {
    const query = versionLatencyQuery({
      services: ['payments'],
      attribute: VERSION,
      versions: [
        { value: '1.4.0', type: 'string' },
        { value: '1.5.0', type: 'string' },
      ],
    })!;
    const frames = tempoMetricsFrames(
      histogramAnswer(
        query,
        [...spans('1.4.0', 20, 95), ...spans('1.4.0', 800, 5), ...spans('1.5.0', 420, 100), ...spans('2.0.0', 9, 50)],
        W
      )
    );
    const read = readVersionLatency(frames, VERSION);
    // 20 ms is in the 2^25 ns bucket (33.6 ms), 800 ms in 2^30 ns (1.07 s), 420 ms in 2^29 ns (537 ms).
    expect([...read.keys()].sort()).toEqual(['1.4.0', '1.5.0']);
    expect(read.get('1.4.0')).toEqual(
      buckets([
        [2 ** 25 / 1e9, 95],
        [2 ** 30 / 1e9, 5],
      ])
    );
    expect(read.get('1.5.0')).toEqual(buckets([[2 ** 29 / 1e9, 100]]));
    expect(log2Quantile(0.95, read.get('1.4.0')!)).toBe(2 ** 25 / 1e9);
    // Both together: the 190th of 200 spans is 95% into the 2^29 bucket, interpolated from the 2^25 one below.
    expect(log2Quantile(0.95, mergeBuckets([read.get('1.4.0'), read.get('1.5.0')]))).toBeCloseTo(
      2 ** (25 + 4 * 0.95) / 1e9,
      12
    );
  });

  it('ignores what is not a histogram series: no version, a bad bucket, bad counts, not frames at all', () => {
    const frame = (labels: Record<string, string>, values: unknown[]) => ({
      fields: [
        { name: 'time', type: 'time', values: values.map((_v, i) => T0 + i) },
        { name: 'v', type: 'number', labels, values },
      ],
    });
    const read = readVersionLatency(
      [
        frame({ [VERSION]: '"1.4.0"', __bucket: '0.5' }, [3, null, NaN, -4, 'x', 2]),
        frame({ __bucket: '0.5' }, [7]),
        frame({ [VERSION]: '"1.4.0"', __bucket: 'nil' }, [7]),
        frame({ [VERSION]: '"1.4.0"', __bucket: '-1' }, [7]),
        frame({ [VERSION]: '42', __bucket: 'Infinity' }, [7]),
        { fields: null },
        null,
        'frame',
      ] as never,
      VERSION
    );
    expect(read).toEqual(new Map([['1.4.0', buckets([[0.5, 5]])]]));
    expect(readVersionLatency(null as never, VERSION)).toEqual(new Map());
    expect(readVersionLatency({} as never, VERSION)).toEqual(new Map());
  });

  it('keeps a hostile answer bounded: at most 100 versions of at most 64 buckets', () => {
    const frames = Array.from({ length: 300 }, (_x, i) => ({
      fields: [
        { name: 'time', type: 'time', values: [T0] },
        {
          name: 'v',
          type: 'number',
          labels: { [VERSION]: `"v${i % 150}"`, __bucket: String(2 ** (i % 90)) },
          values: [1],
        },
      ],
    }));
    const read = readVersionLatency(frames, VERSION);
    expect(read.size).toBe(100);
    expect(Math.max(...[...read.values()].map((b) => b.size))).toBeLessThanOrEqual(64);
  });
});

describe('deploy rows with the versions’ p95', () => {
  const at = (i: number, n: number) => W.fromMs + 1 + (i * (W.toMs - W.fromMs - 2)) / n;
  const side = (versions: Array<[string, number, number]>) =>
    versions.flatMap(([version, n, ms]) =>
      Array.from({ length: n }, (_x, i) => ({
        timeMs: at(i, n),
        durationMs: ms,
        attributes: { [VERSION]: version, status: i % 50 === 0 ? 'error' : 'unset' },
      }))
    );
  const counts = (spans: CompareSpan[]) =>
    spanCountsFromCompare(
      tempoMetricsFrames(
        compareSeries(
          spans.map((s) => ({ ...s, selected: s.attributes.status === 'error' })),
          W
        )
      )
    );
  const latency = (spans: CompareSpan[], query: string) =>
    readVersionLatency(tempoMetricsFrames(histogramAnswer(query, spans, W)), VERSION);

  it('names both versions’ p95 in a harmless deploy’s row, and does not flag it for latency alone', () => {
    const before = side([['1.4.0', 1000, 100]]);
    const after = side([['1.5.0', 1000, 120]]);
    const input = {
      incident: counts(after),
      baseline: counts(before),
      services: ['payments'],
      tracesQuery: () => '{ }',
    };
    const query = versionLatencyQuery({
      services: ['payments'],
      attribute: VERSION,
      versions: [
        { value: '1.5.0', type: 'string' },
        { value: '1.4.0', type: 'string' },
      ],
    })!;
    const [row] = versionChanges({
      ...input,
      latency: { incident: latency(after, query), baseline: latency(before, query) },
    });
    // 100 ms and 120 ms are both in the 2^27 ns bucket (134 ms): Tempo's p95 is 95% of the way into it from
    // half its bound, 2^26.95 ns, for both. Power-of-two buckets are as fine as Tempo's quantiles get.
    expect(row.title).toBe(
      'payments: service.version 1.5.0 deployed (replacing 1.4.0); errors and latency unchanged, p95 130 ms → 130 ms'
    );
    const without = versionChanges(input)[0];
    expect(without.title).toBe(
      'payments: service.version 1.5.0 deployed (replacing 1.4.0); errors and latency unchanged'
    );
    expect(row.score).toBe(without.score);
  });
});
