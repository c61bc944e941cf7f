import { FieldType, createDataFrame } from '@grafana/data';
import { tempoTraceFrame } from '../../test/mocks/tempoFrame';
import { spansOfFrame, summarizeTrace, type TraceSpan } from '../traceSummary';
import { propertyReads } from './growth';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function span(i: number, parent: number | undefined, error = false): TraceSpan {
  return {
    spanId: `s${i}`,
    parentSpanId: parent === undefined ? undefined : `s${parent}`,
    service: `svc-${i % 3000}`,
    name: `op ${i}`,
    startMs: 1_000_000 + i,
    durationMs: 10,
    error,
  };
}
const siblings = (n: number) => [
  span(0, undefined),
  ...Array.from({ length: n - 1 }, (_, i) => span(i + 1, 0, i % 97 === 0)),
];
const chain = (n: number) => Array.from({ length: n }, (_, i) => span(i, i === 0 ? undefined : i - 1, i === n - 1));

describe('summarizeTrace on hostile traces', () => {
  it('summarises a 20,000-deep chain without recursion: the deepest span is the root cause', () => {
    const summary = summarizeTrace(chain(20_000))!;
    expect(summary.root?.spanId).toBe('s0');
    expect(summary.rootCause?.spanId).toBe('s19999');
  });

  it('summarises 200,000 sibling spans and 3,000 services, failing services first', () => {
    const summary = summarizeTrace(siblings(200_000))!;
    expect(summary.errorSpans).toHaveLength(Math.ceil(199_999 / 97));
    expect(summary.services).toHaveLength(3000);
    expect(summary.servicesFailingFirst).toHaveLength(3000);
    expect(summary.servicesFailingFirst[0]).toBe(summary.rootCause!.service);
    // Each failing service comes before every service without failures.
    const failing = new Set(summary.errorSpans.map((s) => s.service));
    const firstHealthy = summary.servicesFailingFirst.findIndex((s) => !failing.has(s));
    expect(summary.servicesFailingFirst.slice(firstHealthy).some((s) => failing.has(s))).toBe(false);
  });

  it('ends on parent cycles, self-parents and duplicate span ids', () => {
    const spans = [
      { ...span(0, 1), error: true },
      span(1, 0),
      span(2, 2),
      span(3, undefined),
      span(3, 2),
      { ...span(4, 3), error: true },
    ];
    const summary = summarizeTrace(spans)!;
    expect(summary.root?.spanId).toBe('s2');
    expect(summary.rootCause?.spanId).toBe('s4');
  });

  it('reads each span a bounded number of times: 10x the siblings, 10x the reads', () => {
    const small = countedReads(siblings(5000));
    const large = countedReads(siblings(50_000));
    expect(small.reads()).toBeGreaterThan(0);
    expect(large.reads() / small.reads()).toBeLessThan(11);
  });

  it('reads each span a bounded number of times: a 10x deeper chain, 10x the reads', () => {
    const small = countedReads(chain(5000));
    const large = countedReads(chain(50_000));
    expect(large.reads() / small.reads()).toBeLessThan(11);
  });
});

/** The spans' property reads when summarised once (see `propertyReads`). */
function countedReads(spans: TraceSpan[]) {
  const n = propertyReads(spans, summarizeTrace);
  return { reads: () => n };
}

/** A Tempo frame whose `tags` hold what Grafana's Tempo data source sends (pkg/tempo/trace_transform.go). */
function frameWithTags(tags: unknown[]) {
  const frame = tempoTraceFrame(
    ID,
    tags.map((_, i) => ({ spanId: `t${i}`, service: 'svc', name: `op${i}`, startMs: 1000 + i, durationMs: 5 }))
  );
  frame.fields.find((f) => f.name === 'tags')!.values = tags;
  return frame;
}

describe('spansOfFrame: errors and odd values', () => {
  it('counts an error tag as an error: boolean true (OTLP bool attribute) or the text "true"', () => {
    const spans = spansOfFrame(
      frameWithTags([
        [{ key: 'error', value: true }],
        [{ key: 'error', value: 'true' }],
        [{ key: 'error', value: 'TRUE' }],
        [{ key: 'error', value: false }],
        [{ key: 'error', value: 'false' }],
        [{ key: 'http.status_code', value: 500 }],
        'not a list',
        [null, { key: 'error' }],
      ])
    );
    expect(spans.map((s) => s.error)).toEqual([true, true, true, false, false, false, false, false]);
    expect(summarizeTrace(spans)!.errorSpans.map((s) => s.spanId)).toEqual(['t0', 't1', 't2']);
  });

  it('skips spans whose start is not a time from 1970 to 9999, and keeps ends inside that range', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'spanID', type: FieldType.string, values: ['a', 'b', 'c', 'd'] },
        { name: 'startTime', type: FieldType.number, values: [1e20, -5, 1000, 253402300799000] },
        { name: 'duration', type: FieldType.number, values: [1, 1, 5, 1e15] },
      ],
    });
    const spans = spansOfFrame(frame);
    expect(spans.map((s) => s.spanId)).toEqual(['c', 'd']);
    const summary = summarizeTrace(spans)!;
    expect(() => new Date(summary.endMs).toISOString()).not.toThrow();
  });
});
