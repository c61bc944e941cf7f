import type { RecordedRequest } from '../backendQuery';
import { TEMPO_LIMITS, withTempoLimits, type LimitObservation } from '../limits/tempoLimits';
import { tempoTraceFrame, type SpanFixture } from '../tempoFrame';
import { tempoMetricsResult } from '../tempoMetrics';

const H = 3_600_000;
const req = (targets: Array<Record<string, unknown>>, fromMs: number, toMs: number, startedAt = Date.now()) =>
  ({ uid: 'tempo-uid', type: 'tempo', targets, fromMs, toMs, startedAt }) as RecordedRequest;
const lookup = (id: string, startedAt?: number) =>
  req([{ refId: 'trace', queryType: 'traceId', query: id }], 0, 0, startedAt);
const spans = (n: number): SpanFixture[] =>
  Array.from({ length: n }, (_x, i) => ({
    spanId: `s${i}`,
    parentSpanId: i ? 's0' : undefined,
    service: 'a',
    name: 'op',
    startMs: 1000,
    durationMs: 1,
  }));

describe('withTempoLimits (Tempo v2.10.8 defaults)', () => {
  it('refuses a TraceQL metrics range over 3 h with Tempo’s text as Grafana passes it on, and lets 3 h through', () => {
    const seen: LimitObservation[] = [];
    const respond = withTempoLimits(
      () => tempoMetricsResult([]),
      TEMPO_LIMITS,
      (o) => seen.push(o)
    );
    const q = '{ kind = server } | rate()';
    const refused = respond(req([{ refId: 'A', query: q }], 0, 3 * H + 1000));
    expect(refused).toEqual(
      new Error(
        `failed to execute TraceQL query: ${q} Status: 400 Bad Request Body: metrics query time range exceeds the maximum allowed duration of 3h0m0s`
      )
    );
    expect(respond(req([{ refId: 'A', query: q }], 0, 3 * H))).toEqual(tempoMetricsResult([]));
    // A search is not a metrics query.
    expect(respond(req([{ refId: 'A', query: '{ kind = server }' }], 0, 6 * H))).toEqual(tempoMetricsResult([]));
    expect(seen.map((o) => Boolean(o.refused))).toEqual([true, false, false]);
    expect(seen[0]).toMatchObject({ backend: 'tempo', query: q, series: 0, lines: 0 });
  });

  it('cuts a trace over max_bytes_per_trace and marks it partial with Tempo’s message', () => {
    const seen: LimitObservation[] = [];
    const respond = withTempoLimits(
      (r) => [tempoTraceFrame(String(r.targets[0].query), spans(20_000))],
      TEMPO_LIMITS,
      (o) => seen.push(o)
    );
    const [frame] = respond(lookup('1'.repeat(32))) as any[];
    expect(frame.length).toBe(16_666);
    expect(frame.fields.every((f: { values: unknown[] }) => f.values.length === 16_666)).toBe(true);
    expect(frame.meta.custom).toEqual({
      partial: true,
      message: 'Trace exceeds maximum size of 5000000 bytes, a partial trace is returned',
    });
    expect(seen[0]).toMatchObject({ spans: 16_666, refused: frame.meta.custom.message });
    const [small] = withTempoLimits(() => [tempoTraceFrame('2'.repeat(32), spans(10))])(
      lookup('2'.repeat(32))
    ) as any[];
    expect(small.meta.custom.partial).toBe(false);
  });

  it('answers 429 "job queue full" to a lookup sent while 40 others (2,000 jobs) are in flight', () => {
    const respond = withTempoLimits(() => [tempoTraceFrame('3'.repeat(32), spans(1))]);
    const t = Date.now() - 1000;
    // 40 lookups sent at t, answered now, in order: the 40th still fits (40 × 50 = 2,000).
    const answers = Array.from({ length: 41 }, (_x, i) => respond(lookup(`${i}`.padStart(32, 'a'), t)));
    expect(answers.slice(0, 40).every(Array.isArray)).toBe(true);
    expect(answers[40]).toEqual(
      new Error(
        `failed to get trace with id: ${'40'.padStart(32, 'a')} Status: 429 Too Many Requests Body: job queue full`
      )
    );
    // One sent after they were answered finds the queue empty.
    expect(Array.isArray(respond(lookup('f'.repeat(32), Date.now() + 1)))).toBe(true);
  });

  it('passes other data sources through untouched', () => {
    const respond = withTempoLimits(() => []);
    expect(respond({ ...req([{ refId: 'A', expr: '{a="b"}' }], 0, 100 * H), type: 'loki' })).toEqual([]);
  });
});
