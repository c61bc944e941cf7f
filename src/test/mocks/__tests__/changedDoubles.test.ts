/* eslint-disable @typescript-eslint/no-deprecated -- Grafana 12.4 and 13.2 still fill the deprecated `error` */
import { dateTime, LoadingState, type DataQueryRequest, type PanelData } from '@grafana/data';
import { getDataSourceSrv, getRunRequest } from '@grafana/runtime';
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { fakeBackendSrv } from '../backendSrv';
import { installFakeRuntime } from '../grafanaRuntime';
import { LOKI_PATTERNS_OFF, lokiPatternsBody } from '../lokiPatterns';
import { compareSeries, tempoMetricsFrames, tempoMetricsResult, type TempoSeries } from '../tempoMetrics';

/**
 * The doubles What changed adds, checked against upstream: grafana-tempo-datasource
 * pkg/tempo/traceql/metrics_test.go (v13.1.5), grafana/tempo pkg/traceql/engine_metrics_compare.go
 * (v2.10.8), grafana/loki pkg/util/marshal/marshal.go and pkg/querier/querier.go (v3.7.6).
 */

const request = (targets: Array<Record<string, unknown>>) =>
  ({
    requestId: 'r',
    targets,
    range: { from: dateTime(0), to: dateTime(60_000), raw: { from: 'now-1m', to: 'now' } },
    scopedVars: {},
  }) as unknown as DataQueryRequest;
const collect = (obs: Observable<PanelData>) => lastValueFrom(obs.pipe(toArray()));

const series = (labels: TempoSeries['labels'], value = 1.23): TempoSeries => ({
  labels,
  samples: [{ timestampMs: 1638316800000, value }],
});

describe('Tempo TraceQL metrics frames', () => {
  it('names and labels series as TransformMetricsResponse does (metrics_test.go)', () => {
    const frames = tempoMetricsFrames([
      series([{ key: 'label1', value: { stringValue: 'value1' } }]),
      series([
        { key: 'label1', value: { stringValue: 'value1' } },
        { key: 'label2', value: { intValue: '123' } },
        { key: 'label3', value: { doubleValue: 123.456 } },
        { key: 'label4', value: { boolValue: true } },
      ]),
      series([{ key: 'label2', value: { intValue: '456' } }], 4.56),
    ]);
    expect(frames.map((f) => [f.refId, f.name, f.fields.map((x) => x.name)])).toEqual([
      ['value1', 'value1', ['time', 'value1']],
      [
        '{label1="value1", label2=123, label3=123.456, label4=true}',
        '{label1="value1", label2=123, label3=123.456, label4=true}',
        ['time', '{label1="value1", label2=123, label3=123.456, label4=true}'],
      ],
      ['456', '456', ['time', '456']],
    ]);
    expect(frames[1].fields[1].labels).toEqual({
      label1: '"value1"',
      label2: '123',
      label3: '123.456',
      label4: 'true',
    });
    expect(frames[0].fields[0].values).toEqual([1638316800000]);
    expect(frames[2].fields[1].values).toEqual([4.56]);
    expect(frames[0].meta).toEqual({ preferredVisualisationType: 'graph', type: 'timeseries-multi' });
    expect(tempoMetricsFrames([])).toEqual([]);
  });

  it('gives compare() series per side, totals per attribute, and marks an attribute over topN on either side', () => {
    const spans = [
      { timeMs: 0, selected: true, attributes: { route: '/a' } },
      { timeMs: 5, selected: false, attributes: { route: '/b' } },
      { timeMs: 15, selected: false, attributes: { route: '/c' } },
    ];
    const out = compareSeries(spans, { fromMs: 0, toMs: 20, stepMs: 10, topN: 1 });
    const text = out.map(
      (s) =>
        `${s.labels.map((l) => `${l.key}=${JSON.stringify(l.value)}`).join(',')}:${s.samples.map((x) => `${x.timestampMs}/${x.value}`).join(' ')}`
    );
    // Right-closed intervals stamped with their end (engine_metrics.go IntervalMapperQueryRange): 0 is in
    // (-10, 0], 5 in (0, 10], 15 in (10, 20].
    expect(text).toEqual([
      '__meta_type={"stringValue":"baseline"},route={"stringValue":"/b"}:10/1',
      '__meta_type={"stringValue":"selection"},route={"stringValue":"/a"}:0/1',
      '__meta_error={"stringValue":"__too_many_values__"},route={"stringValue":"nil"}:',
      '__meta_type={"stringValue":"baseline_total"},route={"stringValue":"nil"}:10/1 20/1',
      '__meta_type={"stringValue":"selection_total"},route={"stringValue":"nil"}:0/1',
    ]);
    // Grafana quotes every string label (metricsValueToString), "nil" too.
    const total = tempoMetricsFrames(out).find((f) => f.name?.includes('selection_total'))!;
    expect(total.fields[1].labels).toEqual({ __meta_type: '"selection_total"', route: '"nil"' });
  });
});

describe('Tempo data source double, TraceQL metrics', () => {
  const respond = (req: { targets: Array<Record<string, unknown>> }) =>
    String(req.targets[0].query).includes('broken')
      ? new Error('localblocks processor not found')
      : tempoMetricsResult([series([{ key: 'q', value: { stringValue: String(req.targets[0].query) } }])]);

  it('streams each target with its own text: the query’s refId, Streaming then Done', async () => {
    const fake = installFakeRuntime({ respond });
    const targets = [
      { refId: 'A', queryType: 'traceql', query: '{ } | rate()', metricsQueryType: 'range' },
      { refId: 'B', queryType: 'traceql', query: '{ } | count_over_time()', metricsQueryType: 'range' },
    ];
    const panels = await collect(
      getRunRequest()((await getDataSourceSrv().get('tempo-uid')) as never, request(targets))
    );
    expect(fake.backendCalls.map((c) => c.targets[0].query)).toEqual(['{ } | rate()', '{ } | count_over_time()']);
    const last = panels[panels.length - 1];
    expect(last.state).toBe(LoadingState.Done);
    expect(last.series.map((f) => [f.refId, f.name])).toEqual([
      ['A', '{ } | rate()'],
      ['B', '{ } | count_over_time()'],
    ]);
    expect(panels.some((p) => p.state === LoadingState.Streaming)).toBe(true);
  });

  it('without streaming, keeps the series name as refId; a failure is the query’s error either way', async () => {
    installFakeRuntime({ respond, tempo: { metricsStreaming: false } });
    const run = async (query: string) =>
      collect(getRunRequest()((await getDataSourceSrv().get('tempo-uid')) as never, request([{ refId: 'A', query }])));
    const [ok] = (await run('{ } | rate()')).slice(-1);
    expect(ok.series.map((f) => f.refId)).toEqual(['{ } | rate()']);
    const [failed] = (await run('{ broken } | rate()')).slice(-1);
    expect([failed.state, failed.error?.message]).toEqual([LoadingState.Error, 'localblocks processor not found']);
    installFakeRuntime({ respond });
    const [streamed] = (await run('{ broken } | rate()')).slice(-1);
    expect([streamed.state, streamed.error?.message]).toEqual([LoadingState.Error, 'localblocks processor not found']);
  });
});

describe('Loki patterns API double', () => {
  it('answers as Loki marshals patterns: unix seconds, the level, most lines first', () => {
    const body = lokiPatternsBody(
      [
        { timeMs: 1_000, pattern: 'a <_>', level: 'error', count: 30 },
        { timeMs: 11_000, pattern: 'b <_>', level: 'warn', count: 40 },
        { timeMs: 12_000, pattern: 'b <_>', level: 'warn', count: 2 },
      ],
      0,
      60_000,
      10_000
    );
    expect(body).toEqual({
      status: 'success',
      data: [
        { pattern: 'b <_>', level: 'warn', samples: [[10, 42]] },
        { pattern: 'a <_>', level: 'error', samples: [[0, 30]] },
      ],
    });
  });

  it('filters the range on the 10-s sample times, as Loki stores them, not on the lines’ own times', () => {
    const at = (timeMs: number) => ({ timeMs, pattern: 'a <_>', level: 'error', count: 30 });
    // Range [12 s, 40 s): the line at 15 s is stored at 10 s, before the start, and left out; the one at
    // 41 s at 40 s, the end, left out too; the one at 39 s at 30 s, kept.
    expect(lokiPatternsBody([at(15_000), at(39_000), at(41_000)], 12_000, 40_000, 10_000).data).toEqual([
      { pattern: 'a <_>', level: 'error', samples: [[30, 30]] },
    ]);
    // A line at 8 s, stored at 0 s, falls in a range that starts at 0 s.
    expect(lokiPatternsBody([at(8_000)], 0, 10_000, 10_000).data).toEqual([
      { pattern: 'a <_>', level: 'error', samples: [[0, 30]] },
    ]);
  });

  it('sums samples into epoch-aligned step buckets, a zero for each empty step, as ForRange does', () => {
    const at = (timeMs: number) => ({ timeMs, pattern: 'a <_>', level: 'error', count: 30 });
    // Range [45 s, 200 s) in 60-s steps: the sample at 50 s opens the bucket at 0 s (before the start),
    // the one at 190 s falls in the bucket at 180 s, with zeros at 60 s and 120 s between them.
    expect(lokiPatternsBody([at(52_000), at(195_000)], 45_000, 200_000, 60_000).data).toEqual([
      {
        pattern: 'a <_>',
        level: 'error',
        samples: [
          [0, 30],
          [60, 0],
          [120, 0],
          [180, 30],
        ],
      },
    ]);
    // Chunks are at most an hour long; two chunks' buckets at the same time are summed into one.
    const hour = 3_600_000;
    expect(lokiPatternsBody([at(0), at(hour + 10_000)], 0, 2 * hour, 2 * hour).data).toEqual([
      { pattern: 'a <_>', level: 'error', samples: [[0, 60]] },
    ]);
  });

  it('answers 404 with an empty message when the pattern ingester is off', async () => {
    const backend = fakeBackendSrv(() => LOKI_PATTERNS_OFF);
    await expect(
      lastValueFrom(backend.fetch({ url: '/api/datasources/uid/l/resources/patterns' }))
    ).rejects.toMatchObject({
      status: 404,
      data: { message: '' },
    });
  });
});
