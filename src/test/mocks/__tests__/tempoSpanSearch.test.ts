import type { RecordedRequest } from '../backendQuery';
import { TEMPO_LIMITS, withTempoLimits } from '../limits/tempoLimits';
import { tempoSearchResult } from '../tempoFrame';
import { parseSpanSearch, spanSearch, type SearchableSpan } from '../tempoSpanSearch';

/** The span-search double answers as Tempo v2.10.8's search does, within its default limits. */

const span = (trace: number, i: number, kind: 'server' | 'client', durationMs: number): SearchableSpan => ({
  traceId: trace.toString(16).padStart(32, '0'),
  spanId: `${trace}${i}`.padStart(16, '0'),
  startMs: 1_000 * trace + i,
  durationMs,
  kind,
  name: kind === 'server' ? 'POST /reserve' : 'UPDATE shop.stock',
  attributes: {
    'resource.service.name': 'inventory',
    ...(kind === 'client' ? { 'span.server.address': 'postgres.shop.svc', 'span.db.system': 'postgresql' } : {}),
  },
});

/** 50 traces, each a server span and four client calls of 100 ms. */
const spans = Array.from({ length: 50 }, (_, t) => [
  span(t + 1, 0, 'server', 450),
  ...[1, 2, 3, 4].map((i) => span(t + 1, i, 'client', 100)),
]).flat();
const QUERY =
  '{ resource.service.name = "inventory" && kind = client && duration >= 50ms } | select(span.server.address, span.db.system)';
const H = 3_600_000;

describe('spanSearch (Tempo v2.10.8 search)', () => {
  it('finds client spans (every kind, unlike TraceQL metrics’ local blocks), newest traces first, with Tempo’s defaults', () => {
    const hits = spanSearch(spans, { query: QUERY, fromMs: 0, toMs: 100_000 }) as Exclude<
      ReturnType<typeof spanSearch>,
      Error
    >;
    // default_result_limit 20 traces, default spss 3 spans; `matched` counts all four.
    expect(hits).toHaveLength(TEMPO_LIMITS.searchDefaultLimit);
    expect(hits[0].traceID).toBe('32');
    expect(hits[0].spanSets![0]).toMatchObject({ matched: 4 });
    expect(hits[0].spanSets![0].spans).toHaveLength(3);
    expect(hits[0].spanSets![0].spans[0].attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'inventory' } },
      { key: 'kind', value: { stringValue: 'client' } },
      { key: 'server.address', value: { stringValue: 'postgres.shop.svc' } },
      { key: 'db.system', value: { stringValue: 'postgresql' } },
    ]);
    const wider = spanSearch(spans, { query: QUERY, fromMs: 0, toMs: 100_000, limit: 100, spss: 5 }) as never[];
    expect(wider).toHaveLength(50);
    // Slower than every call: nothing.
    expect(spanSearch(spans, { query: QUERY.replace('50ms', '101ms'), fromMs: 0, toMs: 100_000 })).toEqual([]);
  });

  it('refuses what Tempo refuses, with the text Grafana keeps', () => {
    const refused = new Error('failed to execute search query status: 400 Bad Request');
    expect(spanSearch(spans, { query: QUERY, fromMs: 0, toMs: 168 * H + 1 })).toEqual(refused);
    expect(spanSearch(spans, { query: QUERY, fromMs: 0, toMs: H, spss: 101 })).toEqual(refused);
    expect(spanSearch(spans, { query: QUERY, fromMs: 0, toMs: H, limit: 256 * 1024 + 1 })).toEqual(refused);
    expect(spanSearch(spans, { query: QUERY, fromMs: 0, toMs: H, limit: 256 * 1024, spss: 100 })).not.toBeInstanceOf(
      Error
    );
  });

  it('never guesses a condition it does not evaluate', () => {
    expect(() => parseSpanSearch('{ status = error }')).toThrow('does not evaluate');
    expect(() => parseSpanSearch('{ kind = client } | rate()')).toThrow('not a span search');
  });

  it('the data source double refuses a limit over max_result_limit too', () => {
    const respond = withTempoLimits(() => tempoSearchResult([]));
    const req = (limit: number) =>
      ({
        uid: 'tempo-uid',
        type: 'tempo',
        targets: [{ refId: 'slowCalls', query: QUERY, limit }],
        fromMs: 0,
        toMs: H,
        startedAt: 0,
      }) as RecordedRequest;
    expect(respond(req(256 * 1024 + 1))).toEqual(new Error('failed to execute search query status: 400 Bad Request'));
    expect(respond(req(100))).toEqual(tempoSearchResult([]));
  });
});
