import React from 'react';
import { render, screen } from '@testing-library/react';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { dataSourceVariablesSet } from '../../../shared/dataSourceVariables';
import { activateWithParents, installFakeRuntime, type RecordedRequest } from '../../../test/mocks/grafanaRuntime';
import { TEMPO_LIMITS } from '../../../test/mocks/limits/tempoLimits';
import { redAnswer } from '../../../test/mocks/promFrame';
import { tempoTraceFrame, type SpanFixture } from '../../../test/mocks/tempoFrame';
import { testIds } from '../../../testIds';
import { TraceInvestigation } from '../TraceInvestigation';
import { partialNotice, TraceSummaryView } from '../TraceSummaryView';

/** A trace over Tempo's max_bytes_per_trace, through the Tempo double's limits (limits/tempoLimits.ts). */

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };
const SPANS = 20_000;

/**
 * Gateway → orders, which runs 20,000 database queries and then calls payments, where the error starts.
 * Rows in the order Tempo received the spans: the payments span came last and is past the 5 MB limit.
 */
function bigTrace(): SpanFixture[] {
  const spans: SpanFixture[] = [
    { spanId: 'a1', service: 'gateway', name: 'POST /checkout', startMs: T0, durationMs: 9000, error: true },
    {
      spanId: 'b1',
      parentSpanId: 'a1',
      service: 'orders',
      name: 'POST /orders',
      startMs: T0 + 1,
      durationMs: 8990,
      error: true,
      statusMessage: 'payments answered 502',
    },
  ];
  for (let i = 0; i < SPANS - 3; i++) {
    spans.push({
      spanId: `q${i}`,
      parentSpanId: 'b1',
      service: 'orders',
      name: 'SELECT',
      startMs: T0 + 2 + i * 0.4,
      durationMs: 0.3,
      kind: 'client',
    });
  }
  spans.push({
    spanId: 'c1',
    parentSpanId: 'b1',
    service: 'payments',
    name: 'POST /charge',
    startMs: T0 + 8000,
    durationMs: 900,
    error: true,
    statusMessage: 'card processor timed out',
  });
  return spans;
}

function respond(req: RecordedRequest) {
  if (req.type === 'tempo') {
    return [tempoTraceFrame(TRACE_ID, bigTrace(), 'trace')];
  }
  if (req.type === 'loki') {
    return [];
  }
  return redAnswer(req.targets as any, 'service', { gateway: 1, orders: 2, payments: 3 }, T0);
}

describe('a trace Tempo returns partial', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 + 60 * 60_000 });
    clearRedDetections();
  });
  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  it('is shown as partial, and its root cause as from a partial trace', async () => {
    installFakeRuntime({ respond });
    const investigation = new TraceInvestigation({ traceId: TRACE_ID, settings: SETTINGS });
    const scene = new EmbeddedScene({
      $variables: dataSourceVariablesSet(SETTINGS),
      body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: investigation })] }),
    });
    expect(scene).toBeDefined();
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    const { status, summary, path } = investigation.state;
    expect(status).toBe('found');
    // Tempo kept what fits in 5,000,000 bytes (the double sizes a span at 300 bytes): the payments span is gone.
    const kept = Math.floor(TEMPO_LIMITS.maxBytesPerTrace / TEMPO_LIMITS.bytesPerSpan);
    expect(summary?.errorSpans.map((s) => s.service)).toEqual(['gateway', 'orders']);
    expect(summary?.rootCause?.service).toBe('orders');
    expect(summary?.partial).toEqual({
      byTempo: true,
      tempoMessage: 'Trace exceeds maximum size of 5000000 bytes, a partial trace is returned',
      missingParents: 0,
    });
    expect(kept).toBeLessThan(SPANS);
    expect(path.state.partial).toBe(true);

    render(<TraceSummaryView traceId={TRACE_ID} status="found" summary={summary} hasTimeHint={false} />);
    expect(screen.getByTestId(testIds.trace.partial)).toHaveTextContent(
      'Partial trace: Tempo returned only part of it'
    );
    expect(screen.getByTestId(testIds.trace.partial)).toHaveTextContent(
      'Tempo: Trace exceeds maximum size of 5000000 bytes, a partial trace is returned.'
    );
    expect(screen.getByTestId(testIds.trace.partial)).toHaveTextContent('raise max_bytes_per_trace');
    expect(screen.getByTestId(testIds.trace.rootCause)).toHaveTextContent(
      'Failed first in orders: POST /orders (from a partial trace)'
    );
  });
});

describe('partialNotice', () => {
  it('says what is missing and what to do when only parents are missing', () => {
    expect(partialNotice({ byTempo: false, missingParents: 1 })).toEqual({
      title: 'Partial trace: spans are missing',
      text: '1 span names a parent that is not in this trace. The missing spans may still be arriving, or were dropped or sampled out. The failing span named here is from the spans Tempo has; reload in a minute, and check the logs of the services below.',
    });
    expect(partialNotice({ byTempo: false, missingParents: 12_345 }).text).toMatch(/^12,345 spans name a parent/);
    expect(partialNotice({ byTempo: true, missingParents: 2 }).text).toMatch(
      /^Tempo: a partial trace is returned\. 2 spans name a parent that is not in this trace\. /
    );
  });
});
