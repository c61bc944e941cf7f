import {
  LOKI_LAYOUTS,
  lokiFrame,
  lokiMetricFrame,
  type LokiLayout,
  type LokiRowFixture,
} from '../../test/mocks/lokiFrame';
import { tempoSearchStreamFrame } from '../../test/mocks/tempoFrame';
import { logRowsOfFrame, traceIdsOfFrame } from '../logRows';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ID2 = '0af7651916cd43dd8448eb211c80319c';

const ROWS: LokiRowFixture[] = [
  {
    timeMs: 1000,
    line: 'payment declined',
    labels: { service_name: 'payments' },
    structuredMetadata: { trace_id: ID, severity_text: 'ERROR', detected_level: 'error' },
  },
  {
    timeMs: 2000,
    line: `{"level":"error","traceId":"${ID2}","msg":"out of stock"}`,
    labels: { service_name: 'inventory' },
  },
  {
    timeMs: 3000,
    tsNs: '3000000123',
    line: 'level=warn msg="slow" request_id=' + ID,
    labels: { job: 'legacy', level: 'WARN' },
  },
];

describe.each(LOKI_LAYOUTS)('Loki frames, %s layout', (layout: LokiLayout) => {
  const frame = lokiFrame(ROWS, { layout });

  it('traceIdsOfFrame reads structured metadata and line formats in one pass', () => {
    expect(traceIdsOfFrame(frame)).toEqual([ID, ID2, undefined]);
  });

  it('traceIdsOfFrame uses the configured options', () => {
    const f = lokiFrame([{ timeMs: 1, line: `corr=${ID}` }], { layout });
    expect(traceIdsOfFrame(f, { patterns: ['corr=(\\w+)'] })).toEqual([ID]);
  });

  it('logRowsOfFrame gives time, nanosecond time, Loki’s id, service, level and trace id', () => {
    const rows = logRowsOfFrame(frame);
    expect(rows.map((r) => [r.timeMs, r.service, r.level, r.traceId])).toEqual([
      [1000, 'payments', 'error', ID],
      [2000, 'inventory', undefined, ID2],
      [3000, 'legacy', 'warn', undefined],
    ]);
    expect(rows.map((r) => r.tsNs)).toEqual(['1000000000', '2000000000', '3000000123']);
    expect(rows[2].id).toMatch(/^3000000123_[0-9a-f]+$/);
    // Structured metadata is merged into the labels, as Loki's categorised labels arrive.
    expect(rows[0].labels).toEqual({
      service_name: 'payments',
      trace_id: ID,
      severity_text: 'ERROR',
      detected_level: 'error',
    });
  });

  it('reads no log rows from frames that are not Loki logs frames', () => {
    expect(logRowsOfFrame(lokiMetricFrame('volume', { service_name: 'a' }, [[1000, 3]]))).toEqual([]);
    expect(logRowsOfFrame(tempoSearchStreamFrame([]))).toEqual([]);
  });
});

describe('logRowsOfFrame', () => {
  it('does not take field names Grafana never sends for log fields', () => {
    const rows = logRowsOfFrame({
      fields: [
        { name: 'line', values: ['x'] },
        { name: 'attributes', values: [{ service_name: 'a' }] },
        { name: 'time', values: [1] },
      ],
    });
    expect(rows).toEqual([]);
  });

  it('survives bad frames', () => {
    expect(logRowsOfFrame({ fields: [] })).toEqual([]);
    expect(logRowsOfFrame(null as any)).toEqual([]);
    expect(logRowsOfFrame({ fields: null as any })).toEqual([]);
    expect(traceIdsOfFrame({ fields: [{ name: 'Line', values: null as any }] })).toEqual([]);
  });

  it('keeps bad rows as best it can', () => {
    const rows = logRowsOfFrame({
      fields: [
        { name: 'Line', values: [null, 42, `trace_id=${ID}`] },
        { name: 'labels', values: ['{"service_name":"a"}', 'not json', [1, 2]] },
        { name: 'Time', values: ['bad', NaN, '2026-11-24T10:00:00Z'] },
        { name: 'tsNs', values: ['5000000', undefined, undefined] },
      ],
    });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ line: '', service: 'a', timeMs: 5 });
    expect(rows[1]).toMatchObject({ line: '42', labels: {} });
    expect(Number.isNaN(rows[1].timeMs)).toBe(true);
    expect(rows[2]).toMatchObject({ traceId: ID, timeMs: Date.parse('2026-11-24T10:00:00Z') });
  });

  it('reads vector-style values with toArray()', () => {
    const rows = logRowsOfFrame({ fields: [{ name: 'Line', values: { toArray: () => ['x'] } }] });
    expect(rows.map((r) => r.line)).toEqual(['x']);
  });
});
