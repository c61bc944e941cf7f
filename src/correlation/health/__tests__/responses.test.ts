import { dateTime, type DataQueryRequest } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { exemplarsOf, instantSeries, labelValuesOf, MAX_EXEMPLARS } from '../responses';
import { sampledLines } from '../sampledLines';
import { SETTLE_MS, spreadSample, type TraceSampleItem } from '../traceSample';
import { lokiQuery } from '../../../test/mocks/lokiDatasource';
import { lokiFrame, lokiMetricFrame } from '../../../test/mocks/lokiFrame';

const request = (targets: Array<Record<string, unknown>>) =>
  ({
    requestId: 'r',
    targets,
    range: { from: dateTime(0), to: dateTime(1000), raw: {} },
    scopedVars: {},
  }) as unknown as DataQueryRequest;

describe('reading the answers', () => {
  it('reads an instant vector as Grafana’s Loki data source gives it: one table per query', async () => {
    const response = await lastValueFrom(
      lokiQuery(
        request([
          {
            refId: 'errorsTop',
            expr: 'topk(2, sum by (service_name) (count_over_time({a="b"} [60s])))',
            queryType: 'instant',
          },
        ]),
        {
          uid: 'l',
          type: 'loki',
          calls: [],
          respond: () => [
            lokiMetricFrame('errorsTop', { service_name: 'orders' }, [[1000, 40]]),
            lokiMetricFrame('errorsTop', { service_name: 'pay"ments' }, [[1000, 12]]),
          ],
        },
        { querySplitting: true }
      )
    );
    expect(response.data[0].fields.map((f: { name: string }) => f.name)).toEqual([
      'Time',
      'service_name',
      'Value #errorsTop',
    ]);
    expect(instantSeries(response.data, 'errorsTop')).toEqual([
      { labels: { service_name: 'orders' }, value: 40 },
      { labels: { service_name: 'pay"ments' }, value: 12 },
    ]);
    expect(instantSeries(response.data, 'other')).toEqual([]);
  });

  it('reads metric frames too, and skips what is neither', () => {
    const frames = [
      lokiMetricFrame('levels', { detected_level: 'error' }, [
        [1, 3],
        [2, 5],
      ]),
      lokiMetricFrame('levels', {}, [[2, 7]]),
      { refId: 'levels', fields: [{ name: 'x', type: 'string', values: ['a'] }] },
      { refId: 'levels', fields: 'broken' },
      null,
    ];
    expect(instantSeries(frames as never, 'levels')).toEqual([
      { labels: { detected_level: 'error' }, value: 5 },
      { labels: {}, value: 7 },
    ]);
    expect(instantSeries(undefined, 'levels')).toEqual([]);
  });

  it('reads label API answers and refuses anything else', () => {
    expect(labelValuesOf({ status: 'success', data: ['a', '', 7, 'b', null] })).toEqual(['a', 'b']);
    expect(labelValuesOf({ status: 'error', error: 'bad' })).toBeUndefined();
    expect(labelValuesOf('<html>')).toBeUndefined();
    expect(labelValuesOf({ status: 'success', data: { a: 1 } })).toBeUndefined();
  });

  it('reads exemplars, bounded, tolerating odd entries', () => {
    const body = {
      status: 'success',
      data: [
        {
          seriesLabels: { __name__: 'm_bucket', service: 'a' },
          exemplars: [{ labels: { traceID: 'x' }, value: '1', timestamp: 1700000000.5 }],
        },
        { seriesLabels: 'odd', exemplars: [{ labels: null, timestamp: 'soon' }] },
        { exemplars: 'none' },
        7,
      ],
    };
    expect(exemplarsOf(body)).toEqual([
      { series: { __name__: 'm_bucket', service: 'a' }, labels: { traceID: 'x' }, timeMs: 1700000000500 },
      { series: {}, labels: {}, timeMs: NaN },
    ]);
    expect(exemplarsOf({ status: 'error' })).toBeUndefined();
    const huge = {
      status: 'success',
      data: [{ seriesLabels: {}, exemplars: Array(MAX_EXEMPLARS + 50).fill({ labels: {}, timestamp: 1 }) }],
    };
    expect(exemplarsOf(huge)).toHaveLength(MAX_EXEMPLARS);
  });

  it('reads each sampled line’s trace id and where it was found, in both Loki layouts', () => {
    const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
    for (const layout of ['legacy', 'dataplane'] as const) {
      const frame = lokiFrame(
        [
          { timeMs: 3, line: 'x', labels: { service_name: 'a' }, structuredMetadata: { trace_id: ID } },
          { timeMs: 2, line: `{"traceId":"${ID}"}`, labels: { service_name: 'b' } },
          { timeMs: 1, line: `GET / trace_id=${ID}`, labels: { service_name: 'c' } },
          { timeMs: 0, line: `hdr 00-${ID}-00f067aa0ba902b7-01`, labels: { service_name: 'd' } },
          { timeMs: 0, line: `corr:${ID}`, labels: { service_name: 'e' } },
        ],
        { refId: 'sample', layout }
      );
      const lines = sampledLines([frame], new Set(['sample']), { patterns: ['corr:([0-9a-f]{32})'] });
      expect(lines.map((l) => [l.service, l.source])).toEqual([
        ['a', 'fields'],
        ['b', 'json'],
        ['c', 'keyValue'],
        ['d', 'traceparent'],
        ['e', 'pattern'],
      ]);
    }
    expect(sampledLines([lokiFrame([{ timeMs: 0, line: 'x' }], 'other')], new Set(['sample']), {})).toEqual([]);
  });
});

describe('the trace sample', () => {
  const NOW = 10_000_000;
  const item = (n: number, service: string, ago: number): TraceSampleItem => ({
    traceId: n.toString(16).padStart(32, 'a'),
    service,
    timeMs: NOW - ago,
  });

  it('takes services in turn, newest first within each, distinct ids, up to the bound', () => {
    const items = [
      item(1, 'a', 100_000),
      item(2, 'a', 90_000),
      item(3, 'a', 80_000),
      item(4, 'b', 70_000),
      item(4, 'b', 70_000),
    ];
    expect(spreadSample(items, 3, NOW).map((i) => [i.service, i.timeMs])).toEqual([
      ['b', NOW - 70_000],
      ['a', NOW - 80_000],
      ['a', NOW - 90_000],
    ]);
    expect(spreadSample(items, 100, NOW)).toHaveLength(4);
    expect(spreadSample([], 5, NOW)).toEqual([]);
  });

  it('puts traces younger than the settling time last', () => {
    const items = [item(1, 'a', SETTLE_MS / 2), item(2, 'a', SETTLE_MS * 2), item(3, 'b', 1000)];
    expect(spreadSample(items, 2, NOW).map((i) => i.traceId.slice(-1))).toEqual(['2', '1']);
  });
});
