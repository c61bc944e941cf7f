import { tempoSearchBackendFrame, tempoSearchStreamFrame, type TraceSearchHit } from '../../../test/mocks/tempoFrame';
import { spanSearch, type SearchableSpan } from '../../../test/mocks/tempoSpanSearch';
import type { EdgeChange } from '../edgeChanges';
import { analyseCauses } from '../cause';
import { causeLine } from '../causeText';
import {
  MAX_SLOW_CALL_SERVICES,
  SLOW_CALL_TRACES,
  calleeOf,
  slowCallChanges,
  slowCallTargets,
  slowCallsOfSearch,
  type SlowCallSample,
} from '../slowCalls';
import type { ChangeRow } from '../types';

/** Slow calls: which services are searched, how Tempo's search table is read, how callees are scored. */

const latencyRow = (service: string, score: number, baseSeconds = 0.03): ChangeRow => ({
  id: `red:duration:${service}`,
  kind: 'red',
  title: `p95 latency of ${service} rose`,
  service,
  baselineText: '',
  incidentText: '',
  baselineValue: baseSeconds,
  incidentValue: baseSeconds * 10,
  score,
  direction: 'up',
  ratio: 10,
  measure: 'latency',
  link: { to: 'service', service },
});

const edge = (client: string, server: string, p95Ratio = 3): EdgeChange => ({
  client,
  server,
  errors: { score: 0, direction: 'up' },
  p95Ratio,
  collapsed: false,
});

describe('slowCallTargets', () => {
  it('searches the deepest services that got slower, at their baseline p95, at most three', () => {
    const rows = [latencyRow('frontend', 5, 0.12), latencyRow('checkout', 4), latencyRow('inventory', 12, 0.0312)];
    const edges = [edge('frontend', 'checkout'), edge('checkout', 'inventory'), edge('inventory', 'postgres.shop.svc')];
    expect(slowCallTargets(rows, edges)).toEqual([{ service: 'inventory', thresholdMs: 32, score: 12 }]);
    // Without the service graph every slower service is searched, strongest first, at most three.
    const many = ['a', 'b', 'c', 'd', 'e'].map((s, i) => latencyRow(s, 3 + i));
    expect(slowCallTargets(many, []).map((t) => t.service)).toEqual(['e', 'd', 'c']);
    expect(MAX_SLOW_CALL_SERVICES).toBe(3);
  });

  it('ignores rows that are not a flagged rise of a service’s p95 with a usable baseline', () => {
    const rows: ChangeRow[] = [
      latencyRow('weak', 1),
      { ...latencyRow('faster', 9), direction: 'down' },
      { ...latencyRow('errors', 9), measure: 'errors' },
      { ...latencyRow('nobase', 9), baselineValue: NaN },
      { ...latencyRow('zero', 9), baselineValue: 0 },
      { ...latencyRow('none', 9), service: undefined },
    ];
    expect(slowCallTargets(rows, [])).toEqual([]);
    // A tiny p95 is at least 1 ms; callers in a loop are all searched rather than none.
    expect(slowCallTargets([latencyRow('x', 9, 0.0000001)], [])[0].thresholdMs).toBe(1);
    const loop = [latencyRow('a', 5), latencyRow('b', 4)];
    expect(slowCallTargets(loop, [edge('a', 'b'), edge('b', 'a')]).map((t) => t.service)).toEqual(['a', 'b']);
  });
});

const call = (traceId: string, i: number, attributes: Record<string, string>): SearchableSpan => ({
  traceId,
  spanId: `${traceId.slice(-8)}0000000${i}`.slice(-16),
  startMs: 1_000_000 + Number.parseInt(traceId, 16) * 10 + i,
  durationMs: 300,
  kind: 'client',
  name: 'UPDATE shop.stock',
  attributes: { 'resource.service.name': 'inventory', ...attributes },
});

const db = (sku: number) => ({
  'span.db.system': 'postgresql',
  'span.db.name': 'shop',
  'span.server.address': 'postgres.shop.svc',
  'span.db.statement': `UPDATE stock SET reserved = reserved + 1 WHERE sku = ${sku}`,
});

const QUERY =
  '{ resource.service.name = "inventory" && kind = client && duration >= 32ms } | select(span.peer.service, span.server.address, span.db.name, span.db.system, span.db.statement)';

function hits(spans: SearchableSpan[], limit = SLOW_CALL_TRACES): TraceSearchHit[] {
  const answer = spanSearch(spans, { query: QUERY, fromMs: 0, toMs: 10_000_000, limit, spss: 5 });
  if (answer instanceof Error) {
    throw answer;
  }
  return answer;
}

describe('slowCallsOfSearch', () => {
  it('reads the calls of Grafana’s search table, streamed or not', () => {
    const spans = [
      call('1', 0, db(1)),
      call('1', 1, db(2)),
      call('2', 0, { 'span.peer.service': 'payments', 'span.server.address': 'payments.shop.svc' }),
    ];
    for (const frame of [tempoSearchBackendFrame('slowCalls', hits(spans)), tempoSearchStreamFrame(hits(spans))]) {
      const sample = slowCallsOfSearch([frame]);
      expect(sample.traces).toBe(2);
      expect(sample.calls).toHaveLength(3);
      expect(sample.calls).toContainEqual({
        'db.system': 'postgresql',
        'db.name': 'shop',
        'server.address': 'postgres.shop.svc',
        'db.statement': 'UPDATE stock SET reserved = reserved + 1 WHERE sku = 2',
      });
      expect(sample.calls).toContainEqual({ 'peer.service': 'payments', 'server.address': 'payments.shop.svc' });
    }
  });

  it('reads nothing, and never throws, from answers that are not search tables', () => {
    const empty = { traces: 0, calls: [] };
    const bad: unknown[] = [
      null,
      undefined,
      'frames',
      [null],
      [{ fields: 'no' }],
      [{ fields: [{ name: 'nested', values: null }] }],
      [{ fields: [{ name: 'nested', values: 42 }] }],
      [{ fields: [{ name: 'traceID', values: ['a'] }] }],
    ];
    for (const frames of bad) {
      expect(slowCallsOfSearch(frames as never)).toEqual(empty);
    }
    // Span sets that are not frames, and values that are not strings, are skipped; a huge statement is cut.
    const odd = {
      fields: [
        { name: 'traceID', values: ['a', 'b'] },
        {
          name: 'nested',
          values: [
            'x',
            [
              null,
              { fields: 'no' },
              {
                fields: [
                  { name: 'spanID', values: ['s1', 's2'] },
                  { name: 'peer.service', values: [{ toString: () => 'evil' }, 7] },
                  { name: 'db.statement', values: ['', 'SELECT '.repeat(100_000)] },
                ],
              },
            ],
          ],
        },
      ],
    };
    const sample = slowCallsOfSearch([odd] as never);
    expect(sample.traces).toBe(2);
    expect(sample.calls[0]).toEqual({});
    expect(sample.calls[1]['peer.service']).toBe('7');
    expect(sample.calls[1]['db.statement']!.length).toBe(2000);
  });
});

describe('slowCallChanges', () => {
  const sample = (traces: number, calls: SlowCallSample['calls']): SlowCallSample => ({ traces, calls });
  const stock = (sku: number) => ({
    'db.system': 'postgresql',
    'db.name': 'shop',
    'server.address': 'postgres.shop.svc',
    'db.statement': `UPDATE stock SET reserved = reserved + 1 WHERE sku = ${sku}`,
  });
  const input = (incident: SlowCallSample, baseline: SlowCallSample) => ({
    service: 'inventory',
    thresholdMs: 32,
    score: 10,
    incident,
    baseline,
    seconds: { incident: 900, baseline: 900 },
    traffic: { incident: 1, baseline: 1 },
    tracesQuery: (c?: { attribute: string; value: string }) => (c ? `${c.attribute}=${c.value}` : 'all'),
  });

  it('names the statement that got slow, by its fingerprint, with the node the service graph draws for it', () => {
    const inc = sample(
      100,
      Array.from({ length: 100 }, (_, i) => stock(i))
    );
    const rows = slowCallChanges(input(inc, sample(1, [stock(7)])));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: 'slowcall:inventory:db.statement=UPDATE stock SET reserved = reserved + ? WHERE sku = ?',
      title:
        'Slow calls from inventory: db.statement = UPDATE stock SET reserved = reserved + ? WHERE sku = ? (postgres.shop.svc)',
      service: 'inventory',
      dependency: 'postgres.shop.svc',
      direction: 'up',
      measure: 'latency',
      baselineText: '1 slow call (32 ms or more) in 1 trace',
      incidentText: 'at least 100 slow calls: a sample, Tempo returns at most 100 traces',
      link: { to: 'traces', query: 'server.address=postgres.shop.svc' },
    });
    expect(rows[0].score).toBeGreaterThan(10);
    // It ranks under the database's group: the service graph's probable cause, its callers' rows as symptoms.
    const callers = [latencyRow('inventory', 11)];
    const analysis = analyseCauses([...rows, ...callers], [edge('inventory', 'postgres.shop.svc')]);
    expect(analysis.probable?.service).toBe('postgres.shop.svc');
    expect(analysis.probable?.rows[0].id).toBe(rows[0].id);
    expect(analysis.probable?.symptoms.map((r) => r.id)).toEqual(['red:duration:inventory']);
    expect(causeLine(analysis, String).text).toMatch(
      /^Probable cause: Slow calls from inventory: db\.statement = UPDATE stock/
    );
    expect(causeLine(analysis, String).text).not.toContain('No call to');
    // Without the row, the headline says why no call is named and which Tempo setting would let compare() see them.
    const blind = analyseCauses(callers, [edge('inventory', 'postgres.shop.svc')]);
    expect(blind.probable?.service).toBe('postgres.shop.svc');
    expect(causeLine(blind, String).text).toContain(
      "No call to postgres.shop.svc is named: Tempo's compare() sees no client spans unless metrics_generator.processor.local_blocks.filter_server_spans is false, and no search of slow calls named one."
    );
  });

  it('says nothing when the calls were as slow before, or the baseline reached the limit, or nothing names a callee', () => {
    const same = sample(
      40,
      Array.from({ length: 40 }, (_, i) => stock(i))
    );
    expect(slowCallChanges(input(same, same))).toEqual([]);
    const full = sample(SLOW_CALL_TRACES, [stock(1)]);
    expect(slowCallChanges(input(sample(100, [stock(1), stock(2)]), full))).toEqual([]);
    expect(
      slowCallChanges(
        input(
          sample(
            50,
            Array.from({ length: 50 }, () => ({}))
          ),
          sample(0, [])
        )
      )
    ).toEqual([]);
    expect(slowCallChanges(input(sample(0, []), sample(0, [])))).toEqual([]);
  });

  it('counts calls per request: twice the traffic with twice the slow calls is no change', () => {
    const calls = (n: number) => Array.from({ length: n }, () => ({ 'peer.service': 'payments' }));
    const doubled = { ...input(sample(60, calls(60)), sample(30, calls(30))), traffic: { incident: 2, baseline: 1 } };
    expect(slowCallChanges(doubled)).toEqual([]);
    const perSecond = { ...doubled, traffic: undefined };
    expect(slowCallChanges(perSecond)[0]).toMatchObject({
      title: 'Slow calls from inventory: peer.service = payments',
    });
  });

  it('names a callee as Tempo’s service graph does: peer.service, server.address, then db.name', () => {
    expect(calleeOf({ 'peer.service': 'p', 'server.address': 'a', 'db.name': 'd' })).toEqual({
      attribute: 'peer.service',
      value: 'p',
    });
    expect(calleeOf({ 'server.address': 'a', 'db.name': 'd' })).toEqual({ attribute: 'server.address', value: 'a' });
    expect(calleeOf({ 'db.name': 'd', 'db.system': 'postgresql' })).toEqual({ attribute: 'db.name', value: 'd' });
    expect(calleeOf({ 'db.system': 'postgresql' })).toBeUndefined();
  });
});
