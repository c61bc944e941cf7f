import { checkoutTrace, tempoTraceFrame } from '../../test/mocks/tempoFrame';
import { spansOfFrame, summarizeTrace } from '../traceSummary';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('summarizeTrace', () => {
  it('finds root, duration, services, error spans and the root cause down the critical path', () => {
    const summary = summarizeTrace(spansOfFrame(checkoutTrace(ID, 1_000_000)))!;
    expect(summary.root?.name).toBe('POST /checkout');
    expect(summary.durationMs).toBe(120);
    expect(summary.services).toEqual(['gateway', 'orders', 'payments']);
    expect(summary.errorSpans.map((s) => s.spanId)).toEqual(['a1', 'b1', 'c1']);
    expect(summary.rootCause).toMatchObject({
      service: 'payments',
      name: 'POST /charge',
      statusMessage: 'payment declined',
      exceptionType: 'PaymentDeclinedError',
      exceptionMessage: 'insufficient funds',
    });
    expect(summary.servicesFailingFirst).toEqual(['payments', 'gateway', 'orders']);
  });

  it('follows the failing child, not the longest one', () => {
    const spans = spansOfFrame(
      tempoTraceFrame(ID, [
        { spanId: 'r', service: 'a', name: 'root', startMs: 0, durationMs: 100, error: true },
        { spanId: 'slow', parentSpanId: 'r', service: 'b', name: 'slow ok', startMs: 1, durationMs: 99 },
        { spanId: 'bad', parentSpanId: 'r', service: 'c', name: 'fast fail', startMs: 2, durationMs: 5 },
        {
          spanId: 'deep',
          parentSpanId: 'bad',
          service: 'd',
          name: 'deep fail',
          startMs: 3,
          durationMs: 2,
          error: true,
        },
      ])
    );
    expect(summarizeTrace(spans)!.rootCause?.spanId).toBe('deep');
  });

  it('has no root cause when nothing failed', () => {
    const spans = spansOfFrame(
      tempoTraceFrame(ID, [{ spanId: 'r', service: 'a', name: 'ok', startMs: 0, durationMs: 1 }])
    );
    const summary = summarizeTrace(spans)!;
    expect(summary.rootCause).toBeUndefined();
    expect(summary.errorSpans).toEqual([]);
    expect(summary.servicesFailingFirst).toEqual(['a']);
  });

  it('copes with missing parents, cycles and bad rows', () => {
    const spans = spansOfFrame(
      tempoTraceFrame(ID, [
        { spanId: 'x', parentSpanId: 'y', service: 'a', name: 'x', startMs: 10, durationMs: 1, error: true },
        { spanId: 'y', parentSpanId: 'x', service: 'b', name: 'y', startMs: 11, durationMs: 1 },
        { spanId: 'orphan', parentSpanId: 'gone', service: 'c', name: 'orphan', startMs: 5, durationMs: 1 },
        { spanId: '', service: 'd', name: 'no id', startMs: 1, durationMs: 1 },
        { spanId: 'nan', service: 'e', name: 'no start', startMs: NaN, durationMs: 1 },
      ])
    );
    expect(spans.map((s) => s.spanId)).toEqual(['x', 'y', 'orphan']);
    const summary = summarizeTrace(spans)!;
    expect(summary.root?.spanId).toBe('orphan');
    expect(summary.rootCause?.spanId).toBe('x');
  });

  it('returns undefined for no spans and reads nothing from a frame that is not a trace', () => {
    expect(summarizeTrace([])).toBeUndefined();
    expect(spansOfFrame(undefined)).toEqual([]);
    expect(spansOfFrame({ fields: [{ name: 'Line', values: ['x'] }] })).toEqual([]);
  });
});
