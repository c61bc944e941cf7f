import { tempoRawSearchFrame, tempoTraceFrame } from '../../test/mocks/tempoFrame';
import { traceIdSearchHits, parseTraceIdSearch } from '../../test/mocks/tempoTraceSearch';
import { findSearchedTrace, rawSearchTraces, spanCountOf, type SearchedTrace } from '../tempoTraceSearch';
import { traceErrorSpansQuery } from '../../queries/traceql';

const ID = '00f92f3577b34da6a3ce929d0e0e4736';
const frame = tempoTraceFrame(ID, [
  {
    spanId: 'root',
    service: 'gateway',
    name: 'POST /checkout',
    startMs: 1000,
    durationMs: 50,
    kind: 'server',
    error: true,
  },
  {
    spanId: 'b',
    parentSpanId: 'root',
    service: 'orders',
    name: 'place',
    startMs: 1005,
    durationMs: 30,
    error: true,
    statusMessage: 'boom',
  },
  { spanId: 'c', parentSpanId: 'b', service: 'orders', name: 'SELECT', startMs: 1006, durationMs: 3 },
]);
const raw = (text: unknown) => [{ fields: [{ name: 'response', values: [text] }] }];

describe('rawSearchTraces', () => {
  it.each(['backend', 'stream'] as const)('reads the %s raw answer: span count, services, selected fields', (built) => {
    const search = parseTraceIdSearch(traceErrorSpansQuery(ID))!;
    const hits = traceIdSearchHits(frame, search, { spss: 100 });
    const read = rawSearchTraces([tempoRawSearchFrame('a', hits, built)]);
    expect(read.ok).toBe(true);
    const trace = findSearchedTrace(read.ok ? read.traces : [], ID)!;
    expect(trace.traceId).toBe(ID.replace(/^0+/, ''));
    expect(spanCountOf(trace)).toBe(3);
    expect(trace.matched).toBe(2);
    expect(trace.services).toEqual({ gateway: { spans: 1, errors: 1 }, orders: { spans: 2, errors: 1 } });
    expect(trace.spans.map((s) => [s.spanId, s.attributes['span:parentID'], s.attributes['service.name']])).toEqual([
      ['root', '0000000000000000', 'gateway'],
      ['b', 'root', 'orders'],
    ]);
    expect(trace.spans[1].attributes.statusMessage).toBe('boom');
    expect(trace.startMs).toBe(1000);
  });

  it.each([
    ['no frame', undefined],
    ['no response field', [{ fields: [{ name: 'traceID', values: ['x'] }] }]],
    ['a number', raw(42)],
    ['not JSON', raw('{"traces": [')],
    ['traces not a list', raw('{"traces": 3}')],
    ['a string', raw('"hello"')],
  ])('says what is wrong with %s', (_what, frames) => {
    const read = rawSearchTraces(frames as never);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.error).toMatch(/Tempo’s search answer/);
  });

  it('reads an empty answer as no trace, and skips malformed traces, spans and counts', () => {
    expect(rawSearchTraces(raw('{"metrics":{}}'))).toEqual({ ok: true, traces: [] });
    const text = JSON.stringify([
      null,
      { traceID: 7 },
      {
        traceID: 'abc',
        spanSets: [{ matched: 'many', spans: [null, { spanID: 's1', startTimeUnixNano: -5, attributes: 'x' }] }],
        serviceStats: { a: { spanCount: 'NaN' }, b: null, c: { spanCount: 4, errorCount: -1 } },
      },
    ]);
    const read = rawSearchTraces(raw(text));
    expect(read.ok && read.traces).toEqual([
      {
        traceId: 'abc',
        matched: 1,
        spans: [{ spanId: 's1', name: undefined, startMs: undefined, durationMs: 0, attributes: {} }],
        services: { a: { spans: 0, errors: 0 }, c: { spans: 4, errors: 0 } },
        startMs: undefined,
        durationMs: undefined,
        rootService: undefined,
        rootName: undefined,
      },
    ]);
    expect(spanCountOf((read as { traces: SearchedTrace[] }).traces[0])).toBe(4);
  });
});
