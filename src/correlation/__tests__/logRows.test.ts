import { lokiFrame } from '../../test/mocks/lokiFrame';
import { logRowsOfFrame, traceIdsOfFrame } from '../logRows';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ID2 = '0af7651916cd43dd8448eb211c80319c';

const frame = lokiFrame([
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
  { timeMs: 3000, line: 'level=warn msg="slow" request_id=' + ID, labels: { job: 'legacy', level: 'WARN' } },
]);

describe('traceIdsOfFrame', () => {
  it('reads structured metadata and line formats in one pass', () => {
    expect(traceIdsOfFrame(frame)).toEqual([ID, ID2, undefined]);
  });

  it('uses the configured options', () => {
    const f = lokiFrame([{ timeMs: 1, line: `corr=${ID}` }]);
    expect(traceIdsOfFrame(f, { patterns: ['corr=(\\w+)'] })).toEqual([ID]);
  });
});

describe('logRowsOfFrame', () => {
  it('gives time, service, level and trace id', () => {
    const rows = logRowsOfFrame(frame);
    expect(rows.map((r) => [r.timeMs, r.service, r.level, r.traceId])).toEqual([
      [1000, 'payments', 'error', ID],
      [2000, 'inventory', undefined, ID2],
      [3000, 'legacy', 'warn', undefined],
    ]);
    expect(rows[0].tsNs).toBe('1000000000');
    expect(rows[0].id).toBe('1000_0_A');
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
