import { FieldType, type DataFrame } from '@grafana/data';
import { TEMPO_LIMITS } from '../limits/tempoLimits';
import { tempoTraceFrame } from '../tempoFrame';
import { parseTraceIdSearch, traceIdSearchHits } from '../tempoTraceSearch';

const ID = '5ca1e000000000000000000000050000';
const errors = parseTraceIdSearch(
  `{ trace:id = "${ID}" && status = error } | select(span:parentID, resource.service.name, statusMessage, kind)`
)!;
const all = parseTraceIdSearch(`{ trace:id = "${ID}" }`)!;

/** A trace frame of `n` spans in the columns the search reads: a chain, every 10th span failing. */
function bigFrame(n: number): DataFrame {
  const col = (name: string, type: FieldType, value: (i: number) => unknown) => ({
    name,
    type,
    config: {},
    values: Array.from({ length: n }, (_, i) => value(i)),
  });
  return {
    length: n,
    fields: [
      col('spanID', FieldType.string, (i) => `s${i}`),
      col('parentSpanID', FieldType.string, (i) => (i === 0 ? '' : `s${i - 1}`)),
      col('operationName', FieldType.string, (i) => `op ${i}`),
      col('serviceName', FieldType.string, (i) => `svc-${i % 40}`),
      col('kind', FieldType.string, () => 'server'),
      col('statusCode', FieldType.number, (i) => (i % 10 === 0 ? 2 : 0)),
      col('statusMessage', FieldType.string, (i) => (i % 10 === 0 ? `failed ${i}` : '')),
      col('startTime', FieldType.number, (i) => 1_000 + i),
      col('duration', FieldType.number, () => 5),
    ],
  };
}

describe('traceIdSearchHits (Tempo’s trace-id search, the double)', () => {
  it('searches a 200,000-span trace whole when max_bytes_per_trace is raised (one pass, no spread of every start)', () => {
    const frame = bigFrame(200_000);
    const limits = { ...TEMPO_LIMITS, maxBytesPerTrace: 200_000 * TEMPO_LIMITS.bytesPerSpan };
    const [hit] = traceIdSearchHits(frame, errors, { spss: 100, limits });
    expect(hit.startTimeUnixNano).toBe(`${1_000 * 1e6}`);
    expect(hit.durationMs).toBe(200_000 - 1 + 5);
    expect(hit.spanSets![0].matched).toBe(20_000);
    expect(hit.spanSets![0].spans).toHaveLength(100);
    expect(Object.values(hit.serviceStats!).reduce((a, s) => a + (s.spanCount ?? 0), 0)).toBe(200_000);
  });

  it('counts only the spans Tempo kept at its default 5 MB, and shows the first `spss` of those matching', () => {
    const frame = bigFrame(50_000);
    const kept = Math.floor(TEMPO_LIMITS.maxBytesPerTrace / TEMPO_LIMITS.bytesPerSpan);
    const [hit] = traceIdSearchHits(frame, errors, { spss: 3 });
    expect(Object.values(hit.serviceStats!).reduce((a, s) => a + (s.spanCount ?? 0), 0)).toBe(kept);
    expect(hit.spanSets![0].matched).toBe(Math.ceil(kept / 10));
    expect(hit.spanSets![0].spans.map((s) => s.spanID)).toEqual(['s0', 's10', 's20']);
    expect(hit.spanSets![0].spans[1].attributes).toEqual([
      { key: 'status', value: { stringValue: 'error' } },
      { key: 'span:parentID', value: { stringValue: 's9' } },
      { key: 'service.name', value: { stringValue: 'svc-10' } },
      { key: 'statusMessage', value: { stringValue: 'failed 10' } },
      { key: 'kind', value: { stringValue: 'server' } },
    ]);
    expect(hit.rootServiceName).toBe('svc-0');
    expect(hit.rootTraceName).toBe('op 0');
  });

  it('answers no hit outside the request’s range, for no matching span, and for no trace', () => {
    const frame = tempoTraceFrame(ID, [
      { spanId: 'a', service: 'gateway', name: 'GET /', startMs: 10_000, durationMs: 20 },
      { spanId: 'b', parentSpanId: 'a', service: 'orders', name: 'place', startMs: 10_005, durationMs: 5 },
    ]);
    expect(traceIdSearchHits(frame, all, { fromMs: 20_000, toMs: 30_000 })).toEqual([]);
    expect(traceIdSearchHits(frame, errors, {})).toEqual([]);
    expect(traceIdSearchHits(undefined, all, {})).toEqual([]);
    const [hit] = traceIdSearchHits(frame, all, { fromMs: 9_000, toMs: 10_001 });
    expect(hit.spanSets![0]).toMatchObject({ matched: 2 });
    expect(hit.serviceStats).toEqual({ gateway: { spanCount: 1 }, orders: { spanCount: 1 } });
    expect(hit.durationMs).toBe(20);
  });
});
