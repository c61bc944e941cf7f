import { sampledLines } from '../sampledLines';

// Counts the extractions through the module's exports (the functions themselves are the real ones).
const calls = { n: 0 };
jest.mock('../../traceId', () => {
  const actual = jest.requireActual('../../traceId');
  return {
    ...actual,
    findTraceId: (...args: unknown[]) => (calls.n++, actual.findTraceId(...args)),
    findTraceIdWithSource: (...args: unknown[]) => (calls.n++, actual.findTraceIdWithSource(...args)),
  };
});

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
// Grafana's Loki frame, standard layout (grafana-loki-datasource, as in src/test/mocks).
const frame = (lines: string[]) => ({
  refId: 'sample',
  fields: [
    { name: 'labels', values: lines.map(() => ({ service_name: 'orders' })) },
    { name: 'Time', values: lines.map((_, i) => 1_700_000_000_000 + i) },
    { name: 'Line', values: lines },
  ],
  length: lines.length,
});

describe('sampledLines (security review F11)', () => {
  it('extracts each line’s trace id once, keeping where it was found', () => {
    calls.n = 0;
    const lines = sampledLines([frame([`corr=${ID}`, 'no id', `{"traceId":"${ID}"}`])], new Set(['sample']), {
      patterns: ['corr=([0-9a-f]{32})'],
    });
    expect(calls.n).toBe(3);
    expect(lines.map((l) => [l.traceId, l.source])).toEqual([
      [ID, 'pattern'],
      [undefined, undefined],
      [ID, 'json'],
    ]);
  });
});
