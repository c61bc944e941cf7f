import { spansOfFrame, summarizeTrace, tempoPartialOf, type TraceSpan } from '../traceSummary';
import { checkoutTrace, shopPathSpans, tempoTraceFrame } from '../../test/mocks/tempoFrame';

const span = (spanId: string, parentSpanId?: string, error = false): TraceSpan => ({
  spanId,
  parentSpanId,
  service: `svc-${spanId}`,
  name: 'op',
  startMs: 1000,
  durationMs: 5,
  error,
});

describe('tempoPartialOf: Tempo’s partial status as Grafana puts it in the frame', () => {
  it('reads { partial, message } from meta.custom', () => {
    const frame = checkoutTrace('1'.repeat(32), 1000, { partial: true });
    expect(tempoPartialOf(frame)).toEqual({ partial: true, message: undefined });
    const withMessage = {
      ...frame,
      meta: {
        custom: { partial: true, message: 'Trace exceeds maximum size of 5000000 bytes, a partial trace is returned' },
      },
    };
    expect(tempoPartialOf(withMessage)).toEqual({
      partial: true,
      message: 'Trace exceeds maximum size of 5000000 bytes, a partial trace is returned',
    });
    expect(tempoPartialOf(checkoutTrace('1'.repeat(32), 1000))).toEqual({ partial: false });
  });

  it.each([
    ['no frame', undefined],
    ['no meta', { fields: [] }],
    ['a string custom', { fields: [], meta: { custom: 'partial' } }],
    ['partial as text', { fields: [], meta: { custom: { partial: 'true', message: 'x' } } }],
    ['a null custom', { fields: [], meta: { custom: null } }],
  ])('reads %s as complete', (_name, frame) => {
    expect(tempoPartialOf(frame as never)).toEqual({ partial: false });
  });

  it('shortens a huge message and ignores a message on a complete trace', () => {
    expect(
      tempoPartialOf({ fields: [], meta: { custom: { partial: true, message: 'x'.repeat(5000) } } } as never).message
    ).toHaveLength(300);
    expect(tempoPartialOf({ fields: [], meta: { custom: { partial: false, message: 'm' } } } as never)).toEqual({
      partial: false,
    });
  });
});

describe('summarizeTrace: a partial trace', () => {
  it('is complete when every parent is there, or only the root’s caller is outside the trace', () => {
    expect(summarizeTrace(spansOfFrame(tempoTraceFrame('1'.repeat(32), shopPathSpans(1000))))?.partial).toBeUndefined();
    expect(summarizeTrace([span('r', 'proxy'), span('a', 'r'), span('b', 'a', true)])?.partial).toBeUndefined();
  });

  it('counts spans whose parent is missing, beyond the root', () => {
    const summary = summarizeTrace([
      span('r'),
      span('a', 'r'),
      span('b', 'gone', true),
      span('c', 'gone2'),
      span('d', 'c'),
    ]);
    expect(summary?.partial).toEqual({ byTempo: false, tempoMessage: undefined, missingParents: 2 });
    // The failing span is still named: from the spans there are.
    expect(summary?.rootCause?.spanId).toBe('b');
  });

  it('marks what Tempo said, with or without missing parents', () => {
    const spans = [span('r'), span('a', 'r', true)];
    expect(summarizeTrace(spans, { partial: true, message: 'cut' })?.partial).toEqual({
      byTempo: true,
      tempoMessage: 'cut',
      missingParents: 0,
    });
    expect(summarizeTrace(spans, { partial: false })?.partial).toBeUndefined();
    expect(summarizeTrace(spans, undefined)?.partial).toBeUndefined();
  });

  it('a span that is its own parent is no missing parent', () => {
    expect(summarizeTrace([span('r'), span('s', 's')])?.partial).toBeUndefined();
  });
});
