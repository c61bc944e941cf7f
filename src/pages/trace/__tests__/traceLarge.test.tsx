import React from 'react';
import { render, screen } from '@testing-library/react';
import type { DataFrame } from '@grafana/data';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, type SceneQueryRunner } from '@grafana/scenes';
import { MAX_TRACE_SPANS } from '../../../correlation/largeTrace';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { dataSourceVariablesSet } from '../../../shared/dataSourceVariables';
import { activateWithParents, installFakeRuntime, type RecordedRequest } from '../../../test/mocks/grafanaRuntime';
import { TEMPO_LIMITS } from '../../../test/mocks/limits/tempoLimits';
import { redAnswer } from '../../../test/mocks/promFrame';
import { tempoTraceFrame, type SpanFixture } from '../../../test/mocks/tempoFrame';
import { answerTraceIdSearch } from '../../../test/mocks/tempoTraceSearch';
import { testIds } from '../../../testIds';
import { TraceInvestigation } from '../TraceInvestigation';
import { TraceSummaryView } from '../TraceSummaryView';

/** A trace too large for the browser: the page must not fetch it whole (no answer over 2 MB). */

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const D = 1000;
const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };

/** Gateway → orders (failing, with 20,000 queries) → payments (failing), in the order Tempo received them. */
function trace(spans: number): DataFrame {
  const list: SpanFixture[] = [
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
    {
      spanId: 'c1',
      parentSpanId: 'b1',
      service: 'payments',
      name: 'POST /charge',
      startMs: T0 + 10,
      durationMs: 900,
      error: true,
      statusMessage: 'card processor timed out',
    },
  ];
  for (let i = list.length; i < spans; i++) {
    list.push({
      spanId: `q${i}`,
      parentSpanId: 'b1',
      service: 'orders',
      name: 'SELECT',
      startMs: T0 + 20,
      durationMs: 1,
    });
  }
  return tempoTraceFrame(TRACE_ID, list, 'trace');
}

function respond(frame: DataFrame, searchError?: string) {
  return (req: RecordedRequest) => {
    if (req.type === 'tempo') {
      if (searchError && String(req.targets[0]?.query).startsWith('{')) {
        return new Error(searchError);
      }
      return answerTraceIdSearch(req, () => frame) ?? [frame];
    }
    if (req.type === 'loki') {
      return [];
    }
    return redAnswer(req.targets as any, 'service', { gateway: 1, orders: 2, payments: 3 }, T0);
  };
}

/** Bytes of each Tempo answer that reached the page (JSON of the frames its runners received), by refId. */
function measureTempo(investigation: TraceInvestigation) {
  const sizes: Array<{ refId: string; bytes: number }> = [];
  const { sizeRunner, errorSpansRunner } = investigation.state;
  const traceRunner = (investigation as unknown as { traceRunner: SceneQueryRunner }).traceRunner;
  // (Only the trace's runner exists on a page without the size check.)
  for (const runner of [sizeRunner, errorSpansRunner, traceRunner].filter(Boolean)) {
    runner.subscribeToState((s) => {
      if (s.data?.series.length) {
        sizes.push({ refId: String(runner.state.queries[0]?.refId), bytes: JSON.stringify(s.data.series).length });
      }
    });
  }
  return sizes;
}

async function open(frame: DataFrame, searchError?: string) {
  installFakeRuntime({ respond: respond(frame, searchError), delayMs: D });
  const investigation = new TraceInvestigation({
    traceId: TRACE_ID,
    timeHintMs: T0 + 5,
    hintService: 'gateway',
    settings: SETTINGS,
  });
  new EmbeddedScene({
    $variables: dataSourceVariablesSet(SETTINGS),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: investigation })] }),
  });
  const sizes = measureTempo(investigation);
  const stop = activateWithParents(investigation);
  await jest.advanceTimersByTimeAsync(3 * D);
  return { investigation, sizes, stop };
}

describe('a trace too large for the browser', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 + 60 * 60_000 });
    clearRedDetections();
  });
  afterEach(() => {
    stop();
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('is not fetched: summarised from its size and failing spans, in a few kilobytes, with Explore offered', async () => {
    const opened = await open(trace(20_000));
    stop = opened.stop;
    // Nothing over 2 MB reached the page.
    expect(Math.max(...opened.sizes.map((s) => s.bytes))).toBeLessThan(2_000_000);
    expect(opened.sizes.length).toBeGreaterThanOrEqual(2);
    const { status, summary, size, exploreUrl } = opened.investigation.state;
    // Tempo kept what fits in max_bytes_per_trace (the double: 300 bytes a span).
    const kept = Math.floor(TEMPO_LIMITS.maxBytesPerTrace / TEMPO_LIMITS.bytesPerSpan);
    expect(kept).toBeGreaterThan(MAX_TRACE_SPANS);
    expect(size).toBe('large');
    expect(status).toBe('found');
    expect([...new Set(opened.sizes.map((s) => s.refId))].sort()).toEqual(['errors', 'size']);
    expect(summary?.large).toMatchObject({ spans: kept, errorSpansRead: 3, errorSpansTotal: 3 });
    expect(summary?.services).toEqual(['orders', 'gateway', 'payments']);
    expect(summary?.rootCause).toMatchObject({ service: 'payments', name: 'POST /charge' });
    expect(summary?.root).toMatchObject({ service: 'gateway', name: 'POST /checkout' });
    expect(summary?.servicesFailingFirst[0]).toBe('payments');
    expect(exploreUrl).toContain('/explore?');
    expect(decodeURIComponent(exploreUrl!)).toContain(`"query":"${TRACE_ID}"`);
    // The logs and RED of the trace's services still come (the window from the search's start and duration).
    expect(opened.investigation.state.logsScope).toMatch(/the trace’s 3 services/);

    render(<opened.investigation.Component model={opened.investigation} />);
    expect(screen.queryByTestId(testIds.trace.view)).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.trace.large)).toHaveTextContent(
      `This trace has ${kept.toLocaleString('en-US')} spans; the trace view is not loaded`
    );
    expect(screen.getByTestId(testIds.trace.large)).toHaveTextContent(
      'Tempo would send about 8.3 MB. Open it in Explore'
    );
    expect(screen.getByRole('link', { name: /Open in Explore/ }).getAttribute('href')).toContain('/explore?');
    expect(screen.getByTestId(testIds.trace.rootCause)).toHaveTextContent(
      'Failed first in payments: POST /charge (from its failing spans only)'
    );
  });

  it('a small trace is fetched as before, at the same time as its size check', async () => {
    const opened = await open(trace(MAX_TRACE_SPANS));
    stop = opened.stop;
    expect(opened.investigation.state.size).toBe('fetch');
    expect(opened.investigation.state.summary?.large).toBeUndefined();
    expect(opened.investigation.state.summary?.errorSpans).toHaveLength(3);
    expect([...new Set(opened.sizes.map((s) => s.refId))].sort()).toEqual(['size', 'trace']);
  });

  it('fetches the trace as before when the size check fails', async () => {
    const opened = await open(trace(50), 'failed to execute search query status: 400 Bad Request');
    stop = opened.stop;
    expect(opened.investigation.state.size).toBe('fetch');
    expect(opened.investigation.state.status).toBe('found');
  });

  it('names no root cause, and says why, when the failing spans cannot be read', async () => {
    const frame = trace(20_000);
    installFakeRuntime({
      respond: (req) =>
        req.type === 'tempo' && String(req.targets[0]?.query).includes('status = error')
          ? new Error('failed to execute search query status: 400 Bad Request')
          : respond(frame)(req),
      delayMs: D,
    });
    const investigation = new TraceInvestigation({ traceId: TRACE_ID, timeHintMs: T0 + 5, settings: SETTINGS });
    new EmbeddedScene({
      $variables: dataSourceVariablesSet(SETTINGS),
      body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: investigation })] }),
    });
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(3 * D);
    const { summary } = investigation.state;
    expect(summary?.rootCause).toBeUndefined();
    expect(summary?.large?.errorSearchFailed).toMatch(/400 Bad Request/);
    render(<TraceSummaryView traceId={TRACE_ID} status="found" summary={summary} hasTimeHint />);
    expect(screen.getByTestId(testIds.trace.large)).toHaveTextContent(
      'Its failing spans could not be read (failed to execute search query status: 400 Bad Request), so no root cause is named.'
    );
  });
});
