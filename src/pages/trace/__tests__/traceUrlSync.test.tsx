import React from 'react';
import { TRACE_LOGS_MARGIN_MS } from '../traceQueries';
import { act, render, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { locationService } from '@grafana/runtime';
import { loadCorrelateApp } from '../../../app/correlateApp';
import { traceUrl } from '../../../app/urls';
import { windowAroundTime, windowAroundTrace } from '../../../correlation/timeWindow';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { installFakeRuntime, type RecordedRequest } from '../../../test/mocks/grafanaRuntime';
import { lokiFrame } from '../../../test/mocks/lokiFrame';
import { checkoutTrace } from '../../../test/mocks/tempoFrame';
import { testIds } from '../../../testIds';
import { HostRouter } from '../../../test/mocks/hostRouter';

/**
 * The trace page's URL keys, through Scenes' real URL sync: the app is rendered as Grafana renders an
 * app's root page (a router on Grafana's location service, here its memory history under Jest), so
 * SceneApp's pages run UrlSyncManager over the link's query. A dashboard link carries the dashboard's
 * range for the trace query; it must not become the page's window.
 */
const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const BASE = '/a/correlate-investigation-app';
const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const LOG_TIME = T0 + 50;
// The dashboard's hour, well away from the log line's moment.
const DASH_FROM = T0 - 6 * 3_600_000;
const DASH_TO = T0 - 5 * 3_600_000;
const STEP_MS = 15_000;
const PADDING_MS = SETTINGS.paddingMinutes * 60_000;

function respond(req: RecordedRequest) {
  if (req.type === 'tempo') {
    return [checkoutTrace(ID, T0)];
  }
  if (req.type === 'loki') {
    return req.targets.map((t) =>
      lokiFrame(
        [{ timeMs: LOG_TIME, line: `level=error trace_id=${ID}`, labels: { service_name: 'payments' } }],
        t.refId
      )
    );
  }
  return [];
}

async function open(url: string, tempo = { timeShiftEnabled: false }) {
  const fake = installFakeRuntime({ respond, tempo });
  locationService.push(url);
  const app = await loadCorrelateApp(SETTINGS);
  const view = render(
    <HostRouter>
      <Routes>
        <Route path={`${BASE}/*`} element={<app.Component model={app} />} />
      </Routes>
    </HostRouter>
  );
  await waitFor(() => expect(screen.getByTestId(testIds.trace.window)).toBeInTheDocument());
  // The logs of the trace are asked for once the window is known.
  await waitFor(() => expect(fake.requests.filter((r) => r.type === 'loki').length).toBeGreaterThan(0));
  return { fake, view };
}

const lokiRanges = (requests: RecordedRequest[]) =>
  [...new Set(requests.filter((r) => r.type === 'loki').map((r) => `${r.fromMs}..${r.toMs}`))].sort();
/** "Logs of this trace" once the trace is in: its own span (T0 to T0 + 120 ms) and the margin. */
const TRACE_LOGS = windowAroundTrace(T0, T0 + 120, { paddingMs: TRACE_LOGS_MARGIN_MS, stepMs: 1000 });
const traceLogsRange = `${TRACE_LOGS.fromMs}..${TRACE_LOGS.toMs}`;
const tempoRequest = (requests: RecordedRequest[]) =>
  requests.find((r) => r.type === 'tempo' && r.targets[0].refId === 'trace')!;
/** Grafana's date format in the user's zone (UTC in these tests), as the time picker writes a range. */
const at = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const windowText = (w: { fromMs: number; toMs: number }) => `Window for every panel: ${at(w.fromMs)} to ${at(w.toMs)}`;

/** The panels queried the log line's window (stated on the page); Tempo was asked over the dashboard's range. */
function expectLineWindowAndDashboardLookup(requests: RecordedRequest[]) {
  const w = windowAroundTime(LOG_TIME, { paddingMs: PADDING_MS, stepMs: STEP_MS });
  expect(screen.getByTestId(testIds.trace.window)).toHaveTextContent(windowText(w));
  expect(lokiRanges(requests)).toEqual([`${w.fromMs}..${w.toMs}`, traceLogsRange].sort());
  const tempo = tempoRequest(requests);
  expect([tempo.fromMs, tempo.toMs]).toEqual([DASH_FROM, DASH_TO]);
}

describe('trace page URL, through Scenes URL sync', () => {
  let unmount: () => void = () => undefined;
  beforeEach(() => clearRedDetections());
  afterEach(() => {
    act(() => unmount());
    locationService.push('/');
  });

  it('a dashboard link: panels query the log line’s window, the trace query the dashboard’s range', async () => {
    const url = traceUrl(ID, { timeMs: LOG_TIME, service: 'payments', lookupRange: { from: DASH_FROM, to: DASH_TO } });
    const { fake, view } = await open(url);
    unmount = view.unmount;
    expectLineWindowAndDashboardLookup(fake.requests);
    // Nothing on the page writes a time range into the URL.
    const search = locationService.getSearch();
    expect([...search.keys()].filter((k) => /^(from|to)(-\d+)?$/.test(k))).toEqual([]);
    expect(search.get('traceFrom')).toBe(String(DASH_FROM));
  });

  it('a link written before traceFrom / traceTo (from / to and a time): the same, from / to read as the trace query’s range', async () => {
    const { fake, view } = await open(
      `${BASE}/trace/${ID}?time=${LOG_TIME}&service=payments&from=${DASH_FROM}&to=${DASH_TO}`
    );
    unmount = view.unmount;
    expectLineWindowAndDashboardLookup(fake.requests);
    // The old keys are left as they were, not rewritten to the window.
    expect(locationService.getSearch().get('from')).toBe(String(DASH_FROM));
  });

  it('from / to without a time: the window is the trace’s span, not the link’s range', async () => {
    const { fake, view } = await open(`${BASE}/trace/${ID}?from=${DASH_FROM}&to=${DASH_TO}`);
    unmount = view.unmount;
    const trace = fake.requests.filter((r) => r.type === 'tempo' && r.targets[0].refId === 'trace');
    expect(trace).toHaveLength(1);
    const span = { startMs: T0, endMs: T0 + 120 };
    const w = windowAroundTrace(span.startMs, span.endMs, { paddingMs: PADDING_MS, stepMs: STEP_MS });
    expect(screen.getByTestId(testIds.trace.window)).toHaveTextContent(windowText(w));
    expect(lokiRanges(fake.requests)).toEqual([`${w.fromMs}..${w.toMs}`, traceLogsRange].sort());
    expect(locationService.getSearch().get('from')).toBe(String(DASH_FROM));
  });

  it('with Tempo’s “Use time range in query” on, Tempo is asked over the lookup range widened by 30 minutes', async () => {
    const url = traceUrl(ID, { timeMs: LOG_TIME, lookupRange: { from: DASH_FROM, to: DASH_TO } });
    const { fake, view } = await open(url, { timeShiftEnabled: true });
    unmount = view.unmount;
    const backend = fake.backendCalls.find((r) => r.type === 'tempo' && r.targets[0].refId === 'trace')!;
    expect([backend.fromMs, backend.toMs]).toEqual([DASH_FROM - 1_800_000, DASH_TO + 1_800_000]);
    const off = fake.backendCalls.filter((r) => r.type === 'loki').map((r) => r.fromMs);
    expect(new Set(off)).toEqual(
      new Set([windowAroundTime(LOG_TIME, { paddingMs: PADDING_MS, stepMs: STEP_MS }).fromMs, TRACE_LOGS.fromMs])
    );
  });
});
