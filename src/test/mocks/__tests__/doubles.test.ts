import {
  dateTime,
  LoadingState,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type PanelData,
} from '@grafana/data';
import { getDataSourceSrv, getRunRequest } from '@grafana/runtime';
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { fakeBackendSrv } from '../backendSrv';
import { installFakeRuntime, type RecordedRequest } from '../grafanaRuntime';
import { goDuration } from '../goFormat';
import { lokiFrame, lokiMetricFrame } from '../lokiFrame';
import { promEmptyFrame, promSeries } from '../promFrame';
import { promExemplarFrames } from '../promExemplars';
import { checkoutTrace, searchHit, tagsOf, tempoSearchResult, tempoTraceFrame } from '../tempoFrame';

/**
 * The doubles checked against what upstream produces: the expected values come from the upstream
 * repositories' own golden files and code (cited per test), not from the doubles.
 */

const range = (fromMs: number, toMs: number) => ({
  from: dateTime(fromMs),
  to: dateTime(toMs),
  raw: { from: dateTime(fromMs), to: dateTime(toMs) },
});
const request = (targets: Array<Record<string, unknown>>, fromMs = 1_000_000, toMs = 2_000_000) =>
  ({ requestId: 'r', targets, range: range(fromMs, toMs), scopedVars: {} }) as unknown as DataQueryRequest;
const names = (f: { fields: Array<{ name: string }> }) => f.fields.map((x) => x.name);

describe('lokiFrame', () => {
  // grafana-loki-datasource pkg/loki/test_non_dataplane/streams_structured_metadata.golden.jsonc (v13.1.0)
  it('builds the standard layout with Loki’s ids', () => {
    const f = lokiFrame([
      {
        timeMs: 0,
        tsNs: '1645030244810757120',
        line: 'log line error 1',
        labels: { code: 'one",', location: 'moon🌙' },
      },
    ]);
    expect(names(f)).toEqual(['labels', 'Time', 'Line', 'tsNs', 'labelTypes', 'id']);
    expect(f.meta).toMatchObject({ typeVersion: [0, 0], custom: { frameType: 'LabeledTimeValues' } });
    expect(f.fields[5].values).toEqual(['1645030244810757120_1d8c2178']);
    expect(f.fields[4].values).toEqual([{ code: 'I', location: 'I' }]);
  });

  // pkg/loki/testdata_dataplane/streams_structured_metadata_2.golden.jsonc (v13.1.0)
  it('builds the dataplane layout: body, timestamp with nanos, no tsNs, parsed labels merged', () => {
    const row = { timeMs: 0, line: '{"field1":"one"}', labels: { code: '",two', location: 'moon🌙' } };
    const f = lokiFrame(
      [
        { ...row, tsNs: '1704895267503906000', parsed: { field1: 'one' } },
        { ...row, tsNs: '1704895267503906000', parsed: { field1: 'one' } },
      ],
      { layout: 'dataplane' }
    );
    expect(names(f)).toEqual(['labels', 'timestamp', 'body', 'id', 'labelTypes']);
    expect(f.meta).toMatchObject({ type: 'log-lines', typeVersion: [0, 0] });
    expect(f.meta?.custom).toBeUndefined();
    // The same entry twice in one frame: the second id gets `_1` (makeIdField).
    expect(f.fields[3].values).toEqual(['1704895267503906000_90781cdf', '1704895267503906000_90781cdf_1']);
    expect(Object.keys(f.fields[0].values[0])).toEqual(['code', 'field1', 'location']);
    expect(f.fields[1].values).toEqual([1704895267503, 1704895267503]);
    expect(f.fields[1].nanos).toEqual([906000, 906000]);
  });

  // pkg/loki/test_non_dataplane/matrix_simple.golden.jsonc (v13.1.0)
  it('builds metric frames with the series name and the step', () => {
    const f = lokiMetricFrame('A', { level: 'error', location: 'moon' }, [[1639125366989, 0.4]], {
      expr: 'up(ALERTS)',
      stepMs: 42_000,
    });
    expect(f.meta).toMatchObject({ type: 'timeseries-multi', typeVersion: [0, 1] });
    expect(f.meta?.executedQueryString).toBe('Expr: up(ALERTS)\nStep: 42s');
    expect(f.fields[0].config.interval).toBe(42_000);
    expect(f.fields[1].config.displayNameFromDS).toBe('{level="error", location="moon"}');
  });
});

describe('promFrame', () => {
  // grafana-prometheus-datasource pkg/promlib/querydata/response.go getName / addMetadataToMultiFrame (v13.1.7)
  it('names series by legend, by labels, or after __name__', () => {
    expect(promSeries('A', { service: 'a' }, [[1, 1]], { legendFormat: '{{service}}' }).fields[1]).toMatchObject({
      name: 'Value',
      labels: { service: 'a' },
      config: { displayNameFromDS: 'a' },
    });
    expect(promSeries('A', { __name__: 'up', job: 'x' }, [[1, 1]]).fields[1]).toMatchObject({
      name: 'up',
      config: { displayNameFromDS: 'up{job="x"}' },
    });
    expect(promSeries('A', {}, [[1, 1]], { expr: 'sum(rate(x[1m]))' }).fields[1].config.displayNameFromDS).toBe(
      'sum(rate(x[1m]))'
    );
    expect(promEmptyFrame('A', { expr: 'x', stepMs: 60_000 })).toMatchObject({
      fields: [],
      meta: { executedQueryString: 'Expr: x\nStep: 1m0s', custom: { calculatedMinStep: 60_000 } },
    });
  });
});

describe('promExemplarFrames', () => {
  // pkg/promlib/querydata/exemplar/sampler_stddev_test.go with testdata/stddev_sampler.jsonc (v13.1.7): one
  // exemplar a second from 0 to 99,999 s, value = its second, step 600 s: the highest of each step, 167 rows.
  it('samples as Grafana’s standard deviation sampler does', () => {
    const exemplars = Array.from({ length: 100_000 }, (_, s) => ({ labels: {}, value: s, timestampMs: s * 1000 }));
    const [frame] = promExemplarFrames('A', [{ seriesLabels: {}, exemplars }], { stepMs: 600_000 });
    expect(frame.length).toBe(167);
    expect(frame.fields[0].values.slice(0, 3)).toEqual([599_000, 1_199_000, 1_799_000]);
    expect(frame.fields[0].values[166]).toBe(99_999_000);
    expect(frame.fields[1].values.slice(0, 3)).toEqual([599, 1199, 1799]);
  });

  // pkg/promlib/testdata/exemplar.result.golden.jsonc (v13.1.7): one long frame `exemplar`, Time, Value, then
  // every label name sorted, series labels and the exemplar's own alike; meta custom.resultType `exemplar`.
  it('merges every series into one long frame named `exemplar`', () => {
    const series = (service: string, kind: string, t: number, id: string) => ({
      seriesLabels: { __name__: 'traces_spanmetrics_duration_seconds_bucket', le: '0.128', service, span_kind: kind },
      exemplars: [{ labels: { traceID: id }, value: 0.09, timestampMs: t }],
    });
    const frames = promExemplarFrames(
      'A',
      [
        series('mythical-server', 'SPAN_KIND_CLIENT', 1654086516810, '46e15ae41852149068aeb26c64643c29'),
        series('mythical-requester', 'SPAN_KIND_CLIENT', 1654086511809, '94809f37ec6cc984f2eb2b14a9f8036e'),
      ],
      { stepMs: 1000 }
    );
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ name: 'exemplar', refId: 'A', meta: { custom: { resultType: 'exemplar' } } });
    expect(names(frames[0])).toEqual(['Time', 'Value', '__name__', 'le', 'service', 'span_kind', 'traceID']);
    expect(frames[0].fields[4].values).toEqual(['mythical-requester', 'mythical-server']);
    // An exemplar query without exemplars answers with no frame at all (response.go: no empty frame for it).
    expect(promExemplarFrames('A', [{ seriesLabels: { a: 'b' }, exemplars: [] }])).toEqual([]);
  });
});

describe('tempoTraceFrame', () => {
  const ID64 = '0000000000000000a3ce929d0e0e4736';

  // grafana-tempo-datasource pkg/tempo/trace_transform.go, main at the 12.4 branch cut and v13.1.5
  it('has the fields of each Grafana line', () => {
    const common = ['traceID', 'spanID', 'parentSpanID', 'operationName', 'serviceName'];
    const rest = [
      'kind',
      'statusCode',
      'statusMessage',
      'instrumentationLibraryName',
      'instrumentationLibraryVersion',
      'traceState',
      'serviceTags',
      'startTime',
      'duration',
      'logs',
      'references',
      'tags',
    ];
    expect(names(checkoutTrace(ID64, 0, { grafana: '12.4' }))).toEqual([...common, ...rest]);
    expect(names(checkoutTrace(ID64, 0, { grafana: '13.2' }))).toEqual([...common, 'serviceNamespace', ...rest]);
    // 12.4 trims the zeros of a 64-bit id.
    expect(checkoutTrace(ID64, 0, { grafana: '12.4' }).fields[0].values[0]).toBe('a3ce929d0e0e4736');
    expect(checkoutTrace(ID64, 0, { grafana: '13.2' }).fields[0].values[0]).toBe(ID64);
  });

  it('writes span attributes as typed tags, events as logs (null without events), status as a number', () => {
    const f = tempoTraceFrame(ID64, [
      {
        spanId: '00f067aa0ba902b7',
        service: 'payments',
        name: 'charge',
        startMs: 1.5,
        durationMs: 0.25,
        statusCode: 2,
        attributes: { error: true, 'http.status_code': 502, ratio: 0.5, 'http.route': '/charge' },
        kind: 'unspecified',
      },
    ]);
    const col = (name: string) => f.fields.find((x) => x.name === name)!.values[0];
    expect(col('tags')).toEqual([
      { key: 'error', value: true },
      { key: 'http.status_code', value: 502 },
      { key: 'ratio', value: 0.5 },
      { key: 'http.route', value: '/charge' },
    ]);
    expect(col('logs')).toBeNull();
    expect(col('statusCode')).toBe(2);
    expect(col('kind')).toBe('');
    expect(col('parentSpanID')).toBe('');
    expect([col('startTime'), col('duration')]).toEqual([1.5, 0.25]);
  });

  it('writes arrays and maps as JSON text, NaN as a string on 13.2 and as a failure on 12.4', () => {
    const attrs = [
      { key: 'list', value: { arrayValue: [{ stringValue: 'a' }, { intValue: 1 }] } },
      { key: 'map', value: { kvlistValue: { b: { boolValue: false }, a: { doubleValue: NaN } } } },
    ];
    expect(tagsOf(attrs, '13.2')).toEqual([
      { key: 'list', value: '["a",1]' },
      { key: 'map', value: '{"a":"NaN","b":false}' },
    ]);
    const span = { spanId: 'x', service: 's', name: 'n', startMs: 0, durationMs: 1, attributes: attrs };
    expect(() => tempoTraceFrame(ID64, [span], { grafana: '12.4' })).toThrow(/unsupported value: NaN/);
  });
});

describe('Grafana runtime and data source doubles', () => {
  const collect = (obs: Observable<PanelData | DataQueryResponse>) => lastValueFrom(obs.pipe(toArray()));
  const tempoHits = (req: RecordedRequest) =>
    tempoSearchResult([searchHit('abababababababababababababababab', 'svc', String(req.targets[0].query), 0, 5)]);

  // grafana-tempo-datasource src/datasource.ts handleTraceQlQuery (grafana#93453) and src/streaming.ts
  it('Tempo sends the first TraceQL text for every query of a request', async () => {
    const fake = installFakeRuntime({ respond: tempoHits, tempo: { streaming: false } });
    const ds = await getDataSourceSrv().get('tempo-uid');
    const [response] = (await collect(
      ds.query(
        request([
          { refId: 'A', query: '{ status = error }' },
          { refId: 'B', query: '{ duration > 1s }' },
        ])
      ) as never
    )) as DataQueryResponse[];
    expect(fake.backendCalls.map((c) => c.targets[0].query)).toEqual(['{ status = error }', '{ status = error }']);
    expect(response.data.map((f) => f.refId)).toEqual(['A', 'B']);
    expect(names(response.data[0])).toEqual([
      'traceID',
      'startTime',
      'traceService',
      'traceName',
      'traceDuration',
      'nested',
    ]);
  });

  it('Tempo streaming names every search frame `traces`, and the last stream’s answer replaces the others', async () => {
    installFakeRuntime({ respond: tempoHits });
    const targets = [
      { refId: 'A', query: '{ status = error }' },
      { refId: 'B', query: '{ duration > 1s }' },
    ];
    const panels = (await collect(
      getRunRequest()((await getDataSourceSrv().get('tempo-uid')) as never, request(targets))
    )) as PanelData[];
    const last = panels[panels.length - 1];
    expect(last.state).toBe(LoadingState.Done);
    expect(last.series.map((f) => [f.refId, f.name])).toEqual([
      ['traces', 'Traces'],
      ['streaming-progress', 'Streaming Progress'],
    ]);
  });

  it('Tempo looks a trace up over all time unless the data source shifts time, and adds node graph frames', async () => {
    const fake = installFakeRuntime({ respond: () => [checkoutTrace('ab'.repeat(16), 0, 'A')] });
    const ds = await getDataSourceSrv().get('tempo-uid');
    const [response] = (await collect(
      ds.query(request([{ refId: 'A', queryType: 'traceql', query: 'ab'.repeat(16) }])) as never
    )) as DataQueryResponse[];
    expect([fake.backendCalls[0].fromMs, fake.backendCalls[0].toMs]).toEqual([0, 0]);
    expect(response.data.map((f) => f.meta?.preferredVisualisationType)).toEqual(['trace', 'nodeGraph', 'nodeGraph']);
    const shifted = installFakeRuntime({ respond: () => [], tempo: { timeShiftEnabled: true } });
    await collect(
      (await getDataSourceSrv().get('tempo-uid')).query(request([{ refId: 'A', query: 'ab'.repeat(16) }])) as never
    );
    expect([shifted.backendCalls[0].fromMs, shifted.backendCalls[0].toMs]).toEqual([
      1_000_000 - 1_800_000,
      2_000_000 + 1_800_000,
    ]);
  });

  // grafana-prometheus-datasource src/datasource.ts shouldRunExemplarQuery and src/result_transformer.ts
  // transformV2 / getDataLinks (main at the 12.4 branch cut and v13.1.7)
  it('Prometheus asks for exemplars once per histogram and links them to the configured data source', async () => {
    const bucket = 'traces_spanmetrics_latency_bucket';
    const fake = installFakeRuntime({
      respond: (req) =>
        req.targets.flatMap((t) =>
          t.exemplar
            ? promExemplarFrames(t.refId, [
                {
                  seriesLabels: { service: 'a' },
                  exemplars: [{ labels: { traceID: 'ab'.repeat(16) }, value: 1, timestampMs: 5 }],
                },
              ])
            : []
        ),
      prometheus: { histogramMetrics: [bucket] },
    });
    const ds = await getDataSourceSrv().get('metrics-uid');
    const [response] = (await collect(
      ds.query(
        request([
          { refId: 'A', expr: `sum(rate(${bucket}[5m]))`, exemplar: true },
          { refId: 'B', expr: `histogram_quantile(0.9, rate(${bucket}[5m]))`, exemplar: true },
          { refId: 'C', expr: 'up', exemplar: false },
        ])
      ) as never
    )) as DataQueryResponse[];
    expect(fake.backendCalls).toHaveLength(1);
    expect(fake.backendCalls[0].targets.map((t) => t.exemplar)).toEqual([true, false, false]);
    const [frame] = response.data;
    expect(frame.meta.dataTopic).toBe('annotations');
    expect(frame.fields.find((f: { name: string }) => f.name === 'traceID').config.links).toEqual([
      expect.objectContaining({
        title: 'Open trace',
        url: '',
        internal: expect.objectContaining({ datasourceUid: 'tempo-uid' }),
      }),
    ]);
  });

  // grafana-loki-datasource src/querySplitting.ts and src/backendResultTransformer.ts (v13.1.0)
  it('Loki runs logs and metric queries as separate calls, emits Streaming then Done, and adds its meta', async () => {
    const fake = installFakeRuntime({
      respond: (req) =>
        req.targets.map((t) =>
          t.refId === 'logs'
            ? lokiFrame([{ timeMs: 1, line: '{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}' }], { refId: 'logs' })
            : lokiMetricFrame(t.refId, {}, [[1, 1]])
        ),
    });
    const ds = await getDataSourceSrv().get('loki-uid');
    const responses = (await collect(
      ds.query(
        request([
          { refId: 'volume', expr: 'sum(count_over_time({a="b"}[1m]))' },
          { refId: 'logs', expr: '{a="b"}', maxLines: 10 },
        ])
      ) as never
    )) as DataQueryResponse[];
    expect(fake.backendCalls.map((c) => c.targets.map((t) => t.refId))).toEqual([['logs'], ['volume']]);
    expect(responses.map((r) => r.state)).toEqual([LoadingState.Streaming, LoadingState.Streaming, LoadingState.Done]);
    const final = responses[responses.length - 1];
    expect(final.data.map((f) => f.refId)).toEqual(['logs', 'volume']);
    expect(final.data[0].meta).toMatchObject({
      preferredVisualisationType: 'logs',
      limit: 10,
      custom: { frameType: 'LabeledTimeValues', lokiQueryStatKey: 'Summary: total bytes processed' },
    });
    // The stack's derived fields follow the frame's own fields.
    expect(names(final.data[0]).slice(-2)).toEqual(['trace_id', 'traceId']);
    expect((final.data[0] as DataFrame).fields.find((f) => f.name === 'traceId')!.values).toEqual([
      '4bf92f3577b34da6a3ce929d0e0e4736',
    ]);
    expect(final.data[1].meta?.preferredVisualisationType).toBe('graph');
  });

  // grafana/grafana public/app/features/query/state/runRequest.ts
  it('runRequest says Loading after 200 ms without an answer, and gives only `error` for a thrown error', async () => {
    jest.useFakeTimers();
    try {
      installFakeRuntime({ respond: () => new Error('unused'), delayMs: 1000 });
      const seen: PanelData[] = [];
      const ds = await getDataSourceSrv().get('tempo-uid');
      getRunRequest()(ds as never, request([{ refId: 'A', query: '{ }' }])).subscribe((p) => seen.push(p));
      await jest.advanceTimersByTimeAsync(200);
      expect(seen.map((p) => p.state)).toEqual([LoadingState.Loading]);
      await jest.advanceTimersByTimeAsync(800);
      // The streamed search failed: the data source throws, runRequest reports `error` without `errors`.
      expect(seen[seen.length - 1]).toMatchObject({ state: LoadingState.Error, error: { message: 'unused' } });
      expect(seen[seen.length - 1].errors).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });

  // grafana/grafana public/app/core/services/backend_srv.ts processRequestError
  it('backendSrv throws FetchErrors whose data always has a message', async () => {
    const srv = fakeBackendSrv((req) =>
      req.url.includes('prom')
        ? { status: 400, data: { status: 'error', errorType: 'bad_data', error: 'invalid parameter "match[]"' } }
        : req.url.includes('proxy')
          ? { status: 502, data: '<html>Bad Gateway</html>' }
          : { data: { ok: 1 } }
    );
    const fail = (url: string) => lastValueFrom(srv.fetch({ url })).catch((e) => e);
    expect(await fail('/prom')).toMatchObject({
      status: 400,
      statusText: 'Bad Request',
      data: { message: 'invalid parameter "match[]"', errorType: 'bad_data' },
    });
    expect(await fail('/proxy')).toMatchObject({ status: 502, data: { message: '<html>Bad Gateway</html>' } });
    expect(await lastValueFrom(srv.fetch({ url: '/ok' }))).toMatchObject({ data: { ok: 1 }, status: 200, ok: true });
  });

  it('formats durations as Go does', () => {
    expect([15_000, 60_000, 3_600_000, 1500, 500, 90_061_000].map(goDuration)).toEqual([
      '15s',
      '1m0s',
      '1h0m0s',
      '1.5s',
      '500ms',
      '25h1m1s',
    ]);
  });

  // grafana-loki-datasource src/makeTableFrames.test.ts (v13.1.0; unchanged since the 12.4 cut): frame1
  // and frame2 of refId A and frame3 of refId B give outputMulti.
  it('Loki turns instant metric frames into one table per query', async () => {
    const labels = (level: string) => ({ level, location: 'moon', protocol: 'http' });
    const frame = (refId: string, level: string, value: number) =>
      lokiMetricFrame(refId, labels(level), [[1645029699311, value]]);
    const backend = {
      uid: 'l',
      type: 'loki',
      calls: [] as RecordedRequest[],
      respond: () => [frame('A', 'error', 23), frame('A', 'info', 45), frame('B', 'error', 72)],
    };
    const { lokiQuery } = await import('../lokiDatasource');
    const response = await lastValueFrom(
      lokiQuery(
        request([
          { refId: 'A', expr: 'sum(rate({a="b"}[1m]))', queryType: 'instant' },
          { refId: 'B', expr: 'x', queryType: 'instant' },
        ]),
        backend
      )
    );
    const plain = response.data.map((f: DataFrame) => ({
      refId: f.refId,
      length: f.length,
      meta: f.meta,
      fields: f.fields.map((x) => ({ name: x.name, type: x.type, config: x.config, values: x.values })),
    }));
    expect(plain).toEqual([
      {
        refId: 'A',
        length: 2,
        meta: { type: 'numeric-long' },
        fields: [
          { config: {}, name: 'Time', type: 'time', values: [1645029699311, 1645029699311] },
          { config: { filterable: true }, name: 'level', type: 'string', values: ['error', 'info'] },
          { config: { filterable: true }, name: 'location', type: 'string', values: ['moon', 'moon'] },
          { config: { filterable: true }, name: 'protocol', type: 'string', values: ['http', 'http'] },
          { config: {}, name: 'Value #A', type: 'number', values: [23, 45] },
        ],
      },
      {
        refId: 'B',
        length: 1,
        meta: { type: 'numeric-long' },
        fields: [
          { config: {}, name: 'Time', type: 'time', values: [1645029699311] },
          { config: { filterable: true }, name: 'level', type: 'string', values: ['error'] },
          { config: { filterable: true }, name: 'location', type: 'string', values: ['moon'] },
          { config: { filterable: true }, name: 'protocol', type: 'string', values: ['http'] },
          { config: {}, name: 'Value #B', type: 'number', values: [72] },
        ],
      },
    ]);
  });
});
