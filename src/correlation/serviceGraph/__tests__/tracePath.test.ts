import { spansOfFrame, summarizeTrace, type TraceSpan } from '../../traceSummary';
import { shopPathSpans, tempoTraceFrame, type SpanFixture } from '../../../test/mocks/tempoFrame';
import { propertyReads } from '../../__tests__/growth';
import { tracePath } from '../tracePath';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

const SHOP = shopPathSpans(T0);

function pathOf(spans: SpanFixture[], grafana: '12.4' | '13.2' = '13.2') {
  const read = spansOfFrame(tempoTraceFrame(ID, spans, { grafana }));
  const summary = summarizeTrace(read)!;
  return { path: tracePath(read, summary.root, summary.rootCause), summary };
}

const shuffled = <T>(xs: T[]) =>
  xs
    .map((x, i) => [x, (i * 7919) % xs.length] as const)
    .sort((a, b) => a[1] - b[1])
    .map(([x]) => x);

describe('tracePath', () => {
  it.each(['12.4', '13.2'] as const)(
    'follows the calls between services, once each, in path order (Grafana %s frames)',
    (grafana) => {
      const { path } = pathOf(SHOP, grafana);
      expect(path.rootService).toBe('gateway');
      expect(path.services.map((s) => [s.service, s.depth, s.spans, s.errorSpans])).toEqual([
        ['gateway', 0, 3, 1],
        ['orders', 1, 3, 1],
        ['inventory', 2, 1, 0],
        ['payments', 2, 2, 1],
      ]);
      expect(path.calls.map((c) => [c.from, c.to, c.calls, c.errors]).sort()).toEqual(
        [
          ['gateway', 'orders', 1, 1],
          ['orders', 'inventory', 1, 0],
          ['orders', 'payments', 1, 1],
          ['payments', 'gateway', 1, 0],
        ].sort()
      );
      expect(path.services.find((s) => s.service === 'gateway')!.calledBy).toEqual(['payments']);
      expect(path.missingParents).toBe(0);
    }
  );

  it('marks the service of the likely root cause, as the trace summary finds it', () => {
    const { path, summary } = pathOf(SHOP);
    expect(summary.rootCause!.service).toBe('payments');
    expect(path.services.filter((s) => s.rootCause).map((s) => s.service)).toEqual(['payments']);
  });

  it('reads spans in any order the same way', () => {
    const inOrder = pathOf(SHOP).path;
    const mixed = pathOf(shuffled(SHOP)).path;
    expect(mixed.services.map((s) => [s.service, s.depth])).toEqual(inOrder.services.map((s) => [s.service, s.depth]));
    expect(mixed.calls.map((c) => `${c.from}>${c.to}`).sort()).toEqual(
      inOrder.calls.map((c) => `${c.from}>${c.to}`).sort()
    );
  });

  it('keeps a subtree whose parent span never arrived, detached and counted', () => {
    // orders' client span is missing: payments hangs on nothing.
    const spans = SHOP.filter((s) => s.spanId !== 'b3');
    const { path } = pathOf(spans);
    expect(path.missingParents).toBe(1);
    const payments = path.services.find((s) => s.service === 'payments')!;
    // payments still reaches gateway, but nothing reaches payments.
    expect(payments.depth).toBeUndefined();
    expect(path.services[path.services.length - 1].service).toBe('payments');
    expect(path.calls.some((c) => c.to === 'payments')).toBe(false);
  });

  it('counts repeated calls between the same services on one edge, ignores calls within a service and self-parents', () => {
    const spans: SpanFixture[] = [
      { spanId: 'r', service: 'api', name: 'GET', startMs: T0, durationMs: 10 },
      ...Array.from({ length: 5 }, (_, i) => ({
        spanId: `w${i}`,
        parentSpanId: 'r',
        service: 'worker',
        name: 'job',
        startMs: T0 + i,
        durationMs: 1,
        error: i < 2,
      })),
      { spanId: 'loop', parentSpanId: 'loop', service: 'odd "name" ${x}', name: 'x', startMs: T0 + 9, durationMs: 1 },
    ];
    const { path } = pathOf(spans);
    expect(path.calls).toEqual([{ from: 'api', to: 'worker', calls: 5, errors: 2 }]);
    expect(path.services.map((s) => s.service)).toEqual(['api', 'worker', 'odd "name" ${x}']);
  });

  it('is empty for no spans, and ends on a cycle of parents', () => {
    expect(tracePath([])).toEqual({ services: [], calls: [], rootService: undefined, missingParents: 0 });
    const cycle = spansOfFrame(
      tempoTraceFrame(ID, [
        { spanId: 'x', parentSpanId: 'y', service: 'a', name: 'x', startMs: T0, durationMs: 1 },
        { spanId: 'y', parentSpanId: 'x', service: 'b', name: 'y', startMs: T0, durationMs: 1 },
      ])
    );
    const path = tracePath(cycle);
    expect(path.services.map((s) => [s.service, s.depth])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });

  it('reads each span a bounded number of times: 10x the spans, 10x the reads (200,000 spans, 2,000 services)', () => {
    const make = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        spanId: `s${i}`,
        parentSpanId: i === 0 ? undefined : `s${Math.floor((i - 1) / 3)}`,
        service: `svc-${i % Math.max(1, n / 100)}`,
        name: 'op',
        startMs: T0 + i,
        durationMs: 1,
        error: i % 97 === 0,
      }));
    const small = make(20_000);
    const large = make(200_000);
    expect(tracePath(large, large[0]).services).toHaveLength(2000);
    const reads = (spans: TraceSpan[]) => propertyReads(spans, (counted) => tracePath(counted, counted[0]));
    expect(reads(small)).toBeGreaterThan(0);
    expect(reads(large) / reads(small)).toBeLessThan(11);
  });
});
