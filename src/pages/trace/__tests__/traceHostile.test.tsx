import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { FieldType, LoadingState, createDataFrame, type DataFrame } from '@grafana/data';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, VizPanel, type SceneObject } from '@grafana/scenes';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { dataSourceVariablesSet } from '../../../shared/dataSourceVariables';
import { activateWithParents, installFakeRuntime, type RecordedRequest } from '../../../test/mocks/grafanaRuntime';
import { tempoTraceFrame, type SpanFixture } from '../../../test/mocks/tempoFrame';
import { testIds } from '../../../testIds';
import { TEMPO_LIMITS } from '../../../test/mocks/limits/tempoLimits';
import { TraceInvestigation } from '../TraceInvestigation';
import { TraceSummaryView } from '../TraceSummaryView';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };
const TEMPLATE = '${__user.login} ${__user.email}';

/** A trace naming `n` services, the last span failing (so only ordering puts it first). */
function wideTrace(n: number, failing = `svc-${n - 1}`): DataFrame {
  const spans: SpanFixture[] = Array.from({ length: n }, (_, i) => ({
    spanId: `s${i}`,
    parentSpanId: i === 0 ? undefined : 's0',
    service: i === n - 1 ? failing : `svc-${i}`,
    name: `op ${i}`,
    startMs: T0 + i,
    durationMs: 5,
    error: i === n - 1,
  }));
  return tempoTraceFrame(TRACE_ID, spans);
}

/** A trace frame whose start time cannot be read as a number: converting it throws. */
function unreadableFrame(): DataFrame {
  const start = {
    valueOf() {
      throw new TypeError('values is not iterable');
    },
  };
  return createDataFrame({
    fields: [
      { name: 'spanID', type: FieldType.string, values: ['a'] },
      { name: 'startTime', type: FieldType.other, values: [start] },
    ],
  });
}

function build(trace: () => DataFrame | Error, settings = SETTINGS, hint = true, tempoLimits = TEMPO_LIMITS) {
  const fake = installFakeRuntime({
    tempo: { limits: tempoLimits },
    respond: (req: RecordedRequest) => {
      if (req.type === 'tempo') {
        const t = trace();
        return t instanceof Error ? t : [t];
      }
      return [];
    },
  });
  const investigation = new TraceInvestigation({
    traceId: TRACE_ID,
    timeHintMs: hint ? T0 : undefined,
    hintService: hint ? 'gateway' : undefined,
    settings,
  });
  const scene = new EmbeddedScene({
    $variables: dataSourceVariablesSet(settings),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: investigation })] }),
  });
  return { fake, investigation, scene };
}

function vizPanels(root: SceneObject): VizPanel[] {
  const out: VizPanel[] = [];
  const walk = (o: SceneObject) => {
    if (o instanceof VizPanel) {
      out.push(o);
    }
    o.forEachChild(walk);
  };
  walk(root);
  return out;
}

describe('trace investigation with hostile traces', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 + 60 * 60_000 });
    clearRedDetections();
  });
  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  it('leaves "loading" with a clear message when the trace cannot be read, keeping the trace panel', () => {
    // What the trace runner hands over when Tempo's answer is one Correlate cannot read (given to
    // the handler directly: the Tempo double, like Grafana, reads start times before the page does).
    const { investigation } = build(() => new Error('not asked'));
    const data = { state: LoadingState.Done, series: [unreadableFrame()], timeRange: {} as never };
    (investigation as unknown as { onTraceSafely: (d: typeof data) => void }).onTraceSafely(data);
    expect(investigation.state.status).toBe('unreadable');
    expect(investigation.state.error).toContain('values is not iterable');
    render(<investigation.Component model={investigation} />);
    expect(screen.getByTestId(testIds.trace.summaryMessage)).toHaveTextContent(
      'Correlate could not summarise this trace'
    );
    expect(screen.getByTestId(testIds.trace.view)).toBeInTheDocument();
  });

  it('summarises a 20,000-deep chain (it used to overflow the stack and stay loading)', async () => {
    const spans: SpanFixture[] = Array.from({ length: 20_000 }, (_, i) => ({
      spanId: `c${i}`,
      parentSpanId: i === 0 ? undefined : `c${i - 1}`,
      service: `svc-${i % 5}`,
      name: 'hop',
      startMs: T0 + i,
      durationMs: 1,
      error: i === 19_999,
    }));
    // A Tempo whose max_bytes_per_trace was raised: with the default 5 MB the chain would be cut.
    const raised = { ...TEMPO_LIMITS, maxBytesPerTrace: 50_000_000 };
    const { investigation } = build(() => tempoTraceFrame(TRACE_ID, spans), SETTINGS, true, raised);
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    expect(investigation.state.status).toBe('found');
    expect(investigation.state.summary?.rootCause?.spanId).toBe('c19999');
    expect(investigation.state.summary?.partial).toBeUndefined();
  });

  it('shows at most the configured number of services, failing first, and the rest on demand', async () => {
    const { investigation, fake } = build(() => wideTrace(3000));
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    const red = investigation.state.red;
    expect(red.state.services).toHaveLength(12);
    expect(red.state.services[0]).toBe('svc-2999');
    expect(red.state.queued).toHaveLength(3001 - 12);
    const metrics = () => fake.requests.filter((r) => r.type === 'prometheus');
    // The log line's service, then one request for the other 11: no 3,000-service query.
    expect(metrics()).toHaveLength(2);
    expect(metrics().every((r) => r.targets.every((t) => (t.expr as string).length < 2000))).toBe(true);

    render(<red.Component model={red} />);
    const more = screen.getByRole('button', { name: /2989 more services: show 12/ });
    await act(async () => {
      fireEvent.click(more);
      await jest.advanceTimersByTimeAsync(0);
    });
    expect(red.state.services).toHaveLength(24);
    expect(metrics()).toHaveLength(3);
  });

  it('follows the configured number of services', async () => {
    const { investigation } = build(() => wideTrace(40), { ...SETTINGS, maxRedServices: 3 });
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    // The failing service, then the trace's first; the log line's service (not in the trace) after them.
    expect(investigation.state.red.state.services).toEqual(['svc-39', 'svc-0', 'gateway']);
  });

  it('never lets a service name reach Grafana’s template interpolation: no title, description or empty text', async () => {
    const { investigation } = build(() => wideTrace(5, TEMPLATE));
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    expect(investigation.state.summary?.rootCause?.service).toBe(TEMPLATE);
    const panels = vizPanels(investigation);
    expect(panels.length).toBeGreaterThan(5);
    for (const panel of panels) {
      const { title, description, fieldConfig } = panel.state;
      expect([title, description ?? '', String(fieldConfig.defaults.noValue ?? '')].join(' ')).not.toContain('$');
    }
    // The name is shown as text, as it is (inside a router, as Grafana renders app pages: the path links need one).
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <investigation.Component model={investigation} />
      </MemoryRouter>
    );
    expect(screen.getAllByText(`Errors of ${TEMPLATE}`)).toHaveLength(1);
    expect(screen.getAllByTitle(TEMPLATE).length).toBeGreaterThan(0);
  });
});

describe('TraceSummaryView with a trace of thousands of failing spans and services', () => {
  it('lists the first 50 failing spans and 20 services, shortened, and says how many there are', () => {
    const long = 'x'.repeat(5000);
    const errorSpans = Array.from({ length: 2000 }, (_, i) => ({
      spanId: `e${i}`,
      service: `${long}-${i}`,
      name: 'op',
      startMs: i,
      durationMs: 1,
      error: true,
      statusMessage: long,
    }));
    const services = errorSpans.map((s) => s.service);
    render(
      <TraceSummaryView
        traceId={TRACE_ID}
        status="found"
        hasTimeHint
        summary={{
          root: errorSpans[0],
          startMs: 0,
          endMs: 2000,
          durationMs: 2000,
          services,
          errorSpans,
          rootCause: errorSpans[1999],
          servicesFailingFirst: services,
        }}
      />
    );
    expect(screen.getByTestId(testIds.trace.errorSpans).querySelectorAll('tbody tr')).toHaveLength(50);
    expect(
      screen.getByText('The first 50 of 2,000 failing spans; the trace view below has them all.')
    ).toBeInTheDocument();
    expect(screen.getByText(/^Services: .* and 1980 more$/)).toBeInTheDocument();
    expect(document.body.textContent!.length).toBeLessThan(100_000);
  });
});
