import { setBackendSrv } from '@grafana/runtime';
import { sceneGraph } from '@grafana/scenes';
import { TEMPO_METRICS_MAX_DURATION_MS } from '../../../correlation/changes/metricsRanges';
import { comparisonWindows } from '../../../correlation/changes/windows';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { fakeBackendSrv } from '../../../test/mocks/backendSrv';
import { activateWithParents, installFakeRuntime, type RecordedRequest } from '../../../test/mocks/grafanaRuntime';
import { patternsResponder } from '../../../test/mocks/lokiPatterns';
import { tempoTraceFrame, type SpanFixture } from '../../../test/mocks/tempoFrame';
import { histogramAnswer } from '../../../test/mocks/tempoHistogram';
import { compareAnswer, tempoMetricsResult, type CompareSpan } from '../../../test/mocks/tempoMetrics';
import { ChangedView } from '../ChangedView';
import { changedScene } from '../changedPage';
import { patternLines, respond, T0, TRACE_ID } from './changedTestData';

/** What changed against a Tempo with its default limits (src/test/mocks/limits/tempoLimits.ts). */

const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };
const H = 3_600_000;
const INCIDENT = { fromMs: T0, toMs: T0 + 6 * H };
/**
 * Answers at once, then the comparisons, each in a timer task of its own (loadChanges' inItsOwnTask):
 * a timer set while fake time advances waits at least 1 ms, so a few ms run them all.
 */
const TASKS_MS = 20;
const WINDOWS = comparisonWindows(INCIDENT, 'previous').windows;

/** Server spans of payments every 30 s over both windows; in the incident version 1.5.0 (every other span) fails one in three. */
function spans(): CompareSpan[] {
  const out: CompareSpan[] = [];
  for (let t = WINDOWS.baseline.fromMs, i = 0; t <= WINDOWS.incident.toMs; t += 30_000, i++) {
    const incident = t > WINDOWS.incident.fromMs;
    const version = incident && i % 2 === 0 ? '1.5.0' : '1.4.0';
    const failing = version === '1.5.0' ? i % 3 === 0 : i % 50 === 0;
    out.push({
      timeMs: t,
      durationMs: 100,
      attributes: { status: failing ? 'error' : 'unset', 'resource.service.version': version },
    });
  }
  return out;
}

/** The page's answers, Tempo's compare() computed over whatever range each request asks for. */
function responder(tempoError?: string) {
  const others = respond({ bad: true, windows: WINDOWS });
  const all = spans();
  return (req: RecordedRequest) => {
    const query = String(req.targets[0]?.query ?? '');
    if (req.type === 'tempo' && (query.includes('| compare(') || query.includes('| histogram_over_time('))) {
      if (tempoError) {
        return new Error(tempoError);
      }
      const stepMs = Number(/^(\d+)s$/.exec(String(req.targets[0].step))?.[1]) * 1000;
      const range = { fromMs: req.fromMs, toMs: req.toMs, stepMs };
      return tempoMetricsResult(
        query.includes('| compare(') ? compareAnswer(query, all, range) : histogramAnswer(query, all, range)
      );
    }
    return others(req);
  };
}

/** A checkout trace over Tempo's 5 MB: 20,000 queries in orders, then payments fails (the part Tempo drops). */
function oversizedTrace(id: string) {
  const t0 = INCIDENT.toMs - H;
  const spans: SpanFixture[] = [
    { spanId: 'a1', service: 'gateway', name: 'POST /checkout', startMs: t0, durationMs: 9000, error: true },
    {
      spanId: 'b1',
      parentSpanId: 'a1',
      service: 'orders',
      name: 'POST /orders',
      startMs: t0 + 1,
      durationMs: 8990,
      error: true,
    },
  ];
  for (let i = 0; i < 20_000; i++) {
    spans.push({
      spanId: `q${i}`,
      parentSpanId: 'b1',
      service: 'orders',
      name: 'SELECT',
      startMs: t0 + 2,
      durationMs: 0.3,
    });
  }
  spans.push({
    spanId: 'c1',
    parentSpanId: 'b1',
    service: 'payments',
    name: 'POST /charge',
    startMs: t0 + 8000,
    durationMs: 900,
    error: true,
  });
  return tempoTraceFrame(id, spans);
}

function openPage(respondTo: (req: RecordedRequest) => unknown, extra = '') {
  const fake = installFakeRuntime({ respond: respondTo as never });
  setBackendSrv(
    fakeBackendSrv(patternsResponder(patternLines(WINDOWS, { bad: true }), ['traces_spanmetrics_calls_total'])) as never
  );
  const scene = changedScene(
    SETTINGS,
    new URLSearchParams(`from=${INCIDENT.fromMs}&to=${INCIDENT.toMs}&var-services=payments${extra}`)
  );
  const view = sceneGraph.findObject(scene, (o) => o instanceof ChangedView) as ChangedView;
  return { fake, view, stop: activateWithParents(view) };
}

describe('What changed: TraceQL metrics within Tempo’s 3 h limit', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => {
    jest.useFakeTimers({ now: INCIDENT.toMs + 60_000 });
    clearRedDetections();
  });
  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  it('compares a 6 h incident in pieces Tempo accepts, not with the search sample', async () => {
    const page = openPage(responder());
    stop = page.stop;
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    const spansKind = page.view.state.kinds.spans;
    expect(spansKind.status).toBe('done');
    expect(spansKind.method?.fallback).toBe(false);
    const compares = page.fake.requests.filter(
      (r) => r.type === 'tempo' && String(r.targets[0].query).includes('compare(')
    );
    // 2 windows × 2 splits, each window in 3 pieces.
    expect(compares).toHaveLength(12);
    expect(compares.every((r) => r.toMs - r.fromMs <= TEMPO_METRICS_MAX_DURATION_MS)).toBe(true);
    // Every failing span of the incident counted once: 1.5.0 fails one span in three of its 360.
    // Each of the 360 spans of 1.5.0 counted once: adding the pieces up as they come would count the
    // intervals at the two inner boundaries twice (384). The share is of the spans one 6 h query would
    // count, Tempo's extra interval before the window included.
    const version = spansKind.rows.find((r) => r.id === 'version:1.5.0');
    expect(version?.incidentText).toBe('1.5.0: 33.3% failing, 0% slow (360 spans)');
    // The deploy's p95 is asked in the same pieces, its histograms added up: every span takes 100 ms.
    const latency = page.fake.requests.filter((r) => String(r.targets[0].query).includes('histogram_over_time('));
    expect(latency).toHaveLength(6);
    expect(latency.every((r) => r.toMs - r.fromMs <= TEMPO_METRICS_MAX_DURATION_MS)).toBe(true);
    expect(version?.title).toContain(', p95 130 ms → 130 ms');
  });

  it('names the root cause of a trace Tempo cut as from a partial trace', async () => {
    const base = responder();
    const page = openPage(
      (req) =>
        req.type === 'tempo' && /^[0-9a-f]{32}$/.test(String(req.targets[0]?.query))
          ? [oversizedTrace(TRACE_ID)]
          : base(req),
      `&trace=${TRACE_ID}`
    );
    stop = page.stop;
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    expect(page.view.state.trace?.rootCause).toBe('orders: POST /orders, from a partial trace');
  });

  it('reports Tempo’s own text when compare() fails, naming local-blocks only when Tempo says so', async () => {
    let page = openPage(
      responder('failed to execute TraceQL query: x Status: 500 Internal Server Error Body: query is too expensive')
    );
    stop = page.stop;
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    const reason = page.view.state.kinds.spans.method?.reason ?? page.view.state.kinds.spans.error ?? '';
    expect(reason).toContain('query is too expensive');
    expect(reason).not.toMatch(/local-blocks/);
    stop();

    page = openPage(responder('localblocks processor not found'));
    stop = page.stop;
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    expect(page.view.state.kinds.spans.method?.reason).toBe(
      "Tempo could not run TraceQL metrics compare() (localblocks processor not found): turn on the metrics-generator's local-blocks processor (Tempo's metrics_generator.processors)"
    );
  });
});
