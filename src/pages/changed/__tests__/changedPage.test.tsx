import React from 'react';
import { LOKI_LIMITS } from '../../../test/mocks/limits/lokiLimits';
import { act, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { setBackendSrv } from '@grafana/runtime';
import { sceneGraph } from '@grafana/scenes';
import { changedUrl } from '../../../app/urls';
import { comparisonWindows, stepMsFor } from '../../../correlation/changes/windows';
import { isFlagged } from '../../../correlation/changes/rank';
import { serviceSelector } from '../../../queries/logql';
import {
  failureCompareQuery,
  versionLatencyQuery,
  slowCompareQuery,
  spanSampleQuery,
  spansWithAttributeQuery,
} from '../../../queries/traceql';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { fakeBackendSrv } from '../../../test/mocks/backendSrv';
import { activateWithParents, installFakeRuntime } from '../../../test/mocks/grafanaRuntime';
import { LOKI_PATTERNS_OFF, patternsCall, patternsResponder } from '../../../test/mocks/lokiPatterns';
import { testIds } from '../../../testIds';
import { ChangedView } from '../ChangedView';
import { grafanaBaseUrl } from '../grafanaBaseUrl';
import { changedScene } from '../changedPage';
import { readChangedParams } from '../changedParams';
import { INCIDENT, patternLines, respond, TRACE_ID, type RespondOptions } from './changedTestData';

const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };
const WINDOWS = comparisonWindows(INCIDENT, 'previous').windows;
const D = 1000;
/**
 * Answers at once, then the comparisons, each in a timer task of its own (loadChanges' inItsOwnTask):
 * a timer set while fake time advances waits at least 1 ms, so a few ms run them all.
 */
const TASKS_MS = 20;

function open(query: string, settings = SETTINGS) {
  const scene = changedScene(settings, new URLSearchParams(query));
  const view = sceneGraph.findObject(scene, (o) => o instanceof ChangedView) as ChangedView;
  return { scene, view };
}

const url = (extra = '') => `from=${INCIDENT.fromMs}&to=${INCIDENT.toMs}&var-services=payments${extra}`;

function install(opts: Partial<RespondOptions> & { patterns?: 'off' | 'bad' } = {}, delayMs = 0) {
  const windows = opts.windows ?? WINDOWS;
  const fake = installFakeRuntime({ respond: respond({ bad: true, windows, ...opts }), delayMs });
  const lines = patternLines(windows, { bad: opts.bad ?? true });
  const responder = patternsResponder(opts.patterns === 'off' ? LOKI_PATTERNS_OFF : lines, [
    'traces_spanmetrics_calls_total',
  ]);
  const backend = fakeBackendSrv(opts.patterns === 'bad' ? () => ({ data: '<html>proxy error</html>' }) : responder);
  setBackendSrv(backend as never);
  return { fake, backend };
}

const show = (view: ChangedView) =>
  render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <view.Component model={view} />
    </MemoryRouter>
  );

const kinds = (view: ChangedView) =>
  Object.fromEntries(
    Object.entries(view.state.kinds).map(([k, s]) => [k, { status: s.status, fallback: s.method?.fallback }])
  );

describe('What changed page', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => {
    jest.useFakeTimers({ now: INCIDENT.toMs + 60_000 });
    clearRedDetections();
  });
  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  it('draws the page before asking: no request in the task that opens it, none once it is closed', async () => {
    const { fake, backend } = install({}, D);
    const { view } = open(url());
    stop = activateWithParents(view);
    expect(fake.requests.length + backend.requests.length).toBe(0);
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    expect(fake.requests.length + backend.requests.length).toBeGreaterThan(0);

    // The first page closed too: its later requests (a deploy's p95, after compare()) are not the closed one's.
    stop();
    stop = () => undefined;
    const closed = install({}, D);
    const again = open(url()).view;
    const close = activateWithParents(again);
    close();
    await jest.advanceTimersByTimeAsync(2 * D + TASKS_MS);
    expect(closed.fake.requests.length + closed.backend.requests.length).toBe(0);
  });

  it('names the bad deploy as the probable cause with 10 requests in one wave (patterns, compare() twice, RED and the service graph for each window, the trace), then its versions’ p95', async () => {
    const { fake, backend } = install({}, D);
    const { view } = open(url(`&trace=${TRACE_ID}`));
    const start = Date.now();
    stop = activateWithParents(view);
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    expect(backend.requests).toHaveLength(1);
    expect(fake.requests).toHaveLength(9);
    // compare() found a deploy: one latency histogram of its versions per window, once compare() answered.
    await jest.advanceTimersByTimeAsync(2 * D);
    expect(kinds(view)).toEqual({
      signatures: { status: 'done', fallback: false },
      red: { status: 'done', fallback: false },
      spans: { status: 'done', fallback: false },
      // No service got slower: no calls searched, no request sent.
      slowCalls: { status: 'done', fallback: false },
    });
    // The first nine at once; the p95 queries once compare() answered (D, plus the tasks reading it).
    const after = (r: { startedAt: number }) => (r.startedAt - start < D ? 0 : 'after compare');
    expect(fake.requests.map(after)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 'after compare', 'after compare']);
    expect(fake.requests).toHaveLength(11);
    expect(backend.requests).toHaveLength(1);

    // Patterns: one call over both windows, for the link's service.
    const call = patternsCall(backend.requests[0].url)!;
    expect(call).toEqual({
      uid: 'loki-uid',
      query: serviceSelector(['payments']),
      startMs: WINDOWS.baseline.fromMs,
      endMs: WINDOWS.incident.toMs,
      step: `${stepMsFor(WINDOWS.incident) / 1000}s`,
    });
    // compare() twice per window (failing spans, slow spans), one query per request.
    const tempo = fake.requests.filter(
      (r) => r.type === 'tempo' && r.targets[0].query !== TRACE_ID && r.startedAt === start
    );
    expect(
      tempo.map((r) => [r.fromMs, r.toMs, r.targets.length, r.targets[0].query, r.targets[0].metricsQueryType])
    ).toEqual([
      [WINDOWS.incident.fromMs, WINDOWS.incident.toMs, 1, failureCompareQuery({ services: ['payments'] }), 'range'],
      [WINDOWS.baseline.fromMs, WINDOWS.baseline.toMs, 1, failureCompareQuery({ services: ['payments'] }), 'range'],
      [WINDOWS.incident.fromMs, WINDOWS.incident.toMs, 1, slowCompareQuery({ services: ['payments'] }), 'range'],
      [WINDOWS.baseline.fromMs, WINDOWS.baseline.toMs, 1, slowCompareQuery({ services: ['payments'] }), 'range'],
    ]);
    const metrics = fake.requests.filter((r) => r.type === 'prometheus');
    expect(metrics.map((r) => [r.fromMs, r.targets.map((t) => t.refId)])).toEqual([
      [WINDOWS.incident.fromMs, ['requests', 'errors', 'p95']],
      [WINDOWS.baseline.fromMs, ['requests', 'errors', 'p95']],
      [WINDOWS.incident.fromMs, ['rate', 'errors', 'duration']],
      [WINDOWS.baseline.fromMs, ['rate', 'errors', 'duration']],
    ]);

    const top = view.rows().filter(isFlagged);
    // The deploy is judged by harm: the new version fails and is slow more often than the old one.
    // Its p95 is Tempo's histogram_over_time of each version over the window, read as quantile_over_time reads it.
    const deploy =
      'payments: service.version 1.5.0 deployed: fails more and is slower than the old version, p95 32.4 ms → 1.09 s';
    const latency = fake.requests.filter((r) => after(r) !== 0);
    const latencyQuery = versionLatencyQuery({
      services: ['payments'],
      attribute: 'resource.service.version',
      versions: [
        { value: '1.5.0', type: 'string' },
        { value: '1.4.0', type: 'string' },
      ],
    });
    expect(latency.map((r) => [r.type, r.fromMs, r.toMs, r.targets[0].query, r.targets[0].metricsQueryType])).toEqual([
      ['tempo', WINDOWS.incident.fromMs, WINDOWS.incident.toMs, latencyQuery, 'range'],
      ['tempo', WINDOWS.baseline.fromMs, WINDOWS.baseline.toMs, latencyQuery, 'range'],
    ]);
    expect(top.map((r) => r.title)).toEqual(
      expect.arrayContaining([
        deploy,
        'New error signature: TypeError: Cannot read properties of undefined (reading <_>)',
        'Error fraction of payments rose',
      ])
    );
    expect(top[0].title).toBe(deploy);
    expect(
      top
        .slice(0, 3)
        .map((r) => r.kind)
        .sort()
    ).toEqual(['red', 'signature', 'version']);
    expect(view.comparison().analysis.probable?.service).toBe('payments');
    expect(view.state.trace?.rootCause).toBe('payments: POST /charge (payment declined)');
    expect(top[0]).toMatchObject({
      incidentText: '1.5.0: 50.1% failing, 10.1% slow (750 spans)',
      link: {
        to: 'traces',
        query: spansWithAttributeQuery({
          services: ['payments'],
          attribute: 'resource.service.version',
          value: '1.5.0',
          type: 'string',
          among: 'all',
        }),
      },
    });
    expect(view.state.kinds.spans.method?.method).toBe(
      "Tempo TraceQL metrics compare(), failing server spans and slow ones (1000 ms or more) against the others; each deploy's p95 from Tempo's histogram_over_time(duration) of its versions"
    );
  });

  it('with `auto` RED, asks for the metric names first: still two waves', async () => {
    const { fake, backend } = install({}, D);
    const { view } = open(url(), { ...SETTINGS, redSource: 'auto' });
    stop = activateWithParents(view);
    await jest.advanceTimersByTimeAsync(2 * D + TASKS_MS);
    expect(backend.requests.map((r) => r.url.split('?')[0])).toEqual([
      '/api/datasources/uid/loki-uid/resources/patterns',
      '/api/datasources/uid/metrics-uid/resources/api/v1/label/__name__/values',
    ]);
    // 6 in the first wave, RED's 2 after the lookup and the deploy's 2 p95 queries after compare().
    expect(fake.requests).toHaveLength(10);
    expect(view.state.kinds.red.status).toBe('done');
  });

  it('says the patterns are partial when Loki’s 300-pattern cap let info patterns push the errors out', async () => {
    install();
    const chatty = Array.from({ length: LOKI_LIMITS.maxPatterns }, (_, i) => ({
      timeMs: WINDOWS.incident.fromMs + 1000,
      pattern: `GET /api/item/${i} <_>`,
      level: 'info',
      count: 10_000,
    }));
    const lines = [...patternLines(WINDOWS, { bad: true }), ...chatty];
    setBackendSrv(fakeBackendSrv(patternsResponder(lines, ['traces_spanmetrics_calls_total'])) as never);
    const { view } = open(url());
    stop = activateWithParents(view);
    await jest.advanceTimersByTimeAsync(10);
    const { signatures } = view.state.kinds;
    expect(signatures.status).toBe('done');
    expect(signatures.rows).toEqual([]);
    expect(signatures.method?.method).toMatch(
      /^Loki patterns API: partial\. Loki keeps its 300 most frequent patterns/
    );
  });

  it('names the fallbacks: no patterns API (a page of lines per window) and no TraceQL metrics (a sample of spans); two waves', async () => {
    const { fake, backend } = install({ patterns: 'off', noMetrics: true }, D);
    const { view } = open(url());
    const start = Date.now();
    stop = activateWithParents(view);
    await jest.advanceTimersByTimeAsync(2 * D + TASKS_MS);
    const { signatures, spans } = view.state.kinds;
    expect(signatures.status).toBe('done');
    expect(signatures.method).toMatchObject({
      fallback: true,
      reason: 'Loki has no patterns API (HTTP 404): its pattern ingester is off (pattern_ingester.enabled).',
    });
    expect(signatures.method?.method).toBe(
      "Correlate's own fingerprints over the newest error lines of each window (40 of 120 in the incident window, 40 of 120 in the baseline), scaled by LogQL counts"
    );
    expect(spans.method).toMatchObject({ fallback: true });
    expect(spans.method?.reason).toContain('localblocks processor not found');
    // The reason already ends its sentence: shown with one full stop, not two.
    show(view);
    expect(
      screen.getByText(
        /^Error signatures: fallback, .*Why: Loki has no patterns API \(HTTP 404\).*\(pattern_ingester\.enabled\)\.$/
      )
    ).toBeInTheDocument();
    expect(screen.queryByText(/\.\.$/)).toBeNull();
    expect(spans.method?.method).toBe(
      'a sample of server spans from a TraceQL search per window (300 spans, 104 failing, 76 slow (1000 ms or more), in the incident window; 300, 30 failing, 0 slow, in the baseline)'
    );
    // Wave one: patterns (answered at once), compare ×4, RED ×2; wave two: Loki ×2 and the samples ×2.
    expect(backend.requests).toHaveLength(1);
    expect(fake.requests).toHaveLength(12);
    const started = fake.requests.map((r) => r.startedAt - start).sort((a, b) => a - b);
    expect(started.every((t) => t === 0 || t === D)).toBe(true);
    expect(Math.max(...started) + D).toBeLessThanOrEqual(2 * D);
    const samples = fake.requests.filter((r) => String(r.targets[0].query ?? '').includes('select('));
    expect(samples.map((r) => [r.targets[0].query, r.targets[0].limit])).toEqual([
      [spanSampleQuery({ services: ['payments'] }), 200],
      [spanSampleQuery({ services: ['payments'] }), 200],
    ]);
    expect(
      fake.requests.filter((r) => r.type === 'loki').map((r) => r.targets.map((t) => [t.refId, t.maxLines]))
    ).toEqual([
      [
        ['lines', 500],
        ['total', undefined],
      ],
      [
        ['lines', 500],
        ['total', undefined],
      ],
    ]);
    const titles = view
      .rows()
      .filter(isFlagged)
      .map((r) => r.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'New error signature: TypeError: Cannot read properties of undefined (reading <str>) order ord-<id>',
        // The sample carries each span's duration, so it finds the slow version too.
        'payments: service.version 1.5.0 deployed: fails more and is slower than the old version',
      ])
    );
  });

  it('when only the slow-span compare() fails, the sample answers both splits: still two waves', async () => {
    const { fake } = install({ slowCompareFail: true }, D);
    const { view } = open(url());
    const start = Date.now();
    stop = activateWithParents(view);
    await jest.advanceTimersByTimeAsync(2 * D + TASKS_MS);
    const { spans } = view.state.kinds;
    expect(spans).toMatchObject({ status: 'done', method: { fallback: true } });
    expect(spans.method?.reason).toBe('Tempo could not run TraceQL metrics compare() (query is too expensive)');
    const tempo = fake.requests.filter((r) => r.type === 'tempo');
    expect(tempo.map((r) => [r.startedAt - start, r.targets[0].refId])).toEqual([
      [0, 'compare'],
      [0, 'compare'],
      [0, 'compareSlow'],
      [0, 'compareSlow'],
      [D, 'sample'],
      [D, 'sample'],
    ]);
    expect(
      view
        .rows()
        .filter(isFlagged)
        .map((r) => r.title)
    ).toEqual(
      expect.arrayContaining([
        'payments: service.version 1.5.0 deployed: fails more and is slower than the old version',
      ])
    );
  });

  it('a patterns answer that is not one falls back too', async () => {
    install({ patterns: 'bad' });
    const { view } = open(url());
    stop = activateWithParents(view);
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    expect(view.state.kinds.signatures.method?.reason).toBe(
      "Loki's patterns API failed (Loki answered the patterns request with something that is not a patterns list.)."
    );
  });

  it('a failing data source hides only its rows, and says why', async () => {
    install({ metricsFail: true, tempoFail: true });
    const { view } = open(url());
    stop = activateWithParents(view);
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    expect(kinds(view)).toEqual({
      signatures: { status: 'done', fallback: false },
      red: { status: 'failed', fallback: undefined },
      spans: { status: 'failed', fallback: undefined },
      slowCalls: { status: 'failed', fallback: undefined },
    });
    expect(view.state.kinds.slowCalls.error).toBe(
      'Not searched: which services got slower comes from RED, which did not answer.'
    );
    expect(view.state.kinds.red.error).toBe('The metrics data source could not answer: bad_data: parse error.');
    expect(view.state.kinds.spans.error).toBe(
      'Tempo could not run TraceQL metrics compare() (rpc error: code = Unavailable desc = connection refused), and its search failed too: rpc error: code = Unavailable desc = connection refused.'
    );
    expect(
      view
        .rows()
        .filter(isFlagged)
        .map((r) => r.kind)
    ).toEqual(['signature']);
    show(view);
    const statuses = screen.getAllByTestId(testIds.changed.kind);
    // What could not be compared comes before the answer; how the rest was compared is folded under it.
    expect(statuses.map((s) => [s.getAttribute('data-kind'), s.getAttribute('data-status')])).toEqual([
      ['red', 'failed'],
      ['spans', 'failed'],
      ['slowCalls', 'failed'],
      ['signatures', 'done'],
    ]);
    const how = screen.getByTestId(testIds.changed.method);
    expect(how.tagName).toBe('DETAILS');
    expect(how).not.toHaveAttribute('open');
    expect(how.querySelector('summary')).toHaveTextContent(/^How this was compared$/);
    expect(how).toContainElement(statuses[3]);
    const table = screen.getByTestId(testIds.changed.table);
    const before = (a: Element, b: Element) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    expect(before(statuses[1], table)).toBe(true);
    expect(before(table, how)).toBe(true);
    expect(screen.getAllByTestId(testIds.changed.row)).toHaveLength(1);
  });

  it('never shows green when every source failed: says nothing could be compared, and the summary too (review F5)', async () => {
    install({ bad: false, patterns: 'bad', lokiFail: true, metricsFail: true, tempoFail: true });
    const { view } = open(url());
    stop = activateWithParents(view);
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    show(view);
    expect(screen.queryByTestId(testIds.changed.nothing)).toBeNull();
    expect(screen.getByTestId(testIds.changed.incomplete)).toHaveAttribute('data-state', 'blind');
    expect(screen.getByTestId(testIds.changed.incomplete)).toHaveTextContent(
      'Nothing could be compared: Error signatures, RED, Span attributes and versions and Slow calls (client spans) did not answer.'
    );
    expect(view.summary()).not.toContain('Nothing changed');
    expect(view.summary()).toContain('Nothing could be compared');
  });

  it('flags nothing when nothing changed, and says so', async () => {
    install({ bad: false });
    const { view } = open(url());
    stop = activateWithParents(view);
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    expect(view.rows().filter(isFlagged)).toEqual([]);
    show(view);
    expect(screen.getByTestId(testIds.changed.nothing)).toHaveTextContent(
      'Nothing changed beyond the baseline’s own variation'
    );
  });

  it('compares with the same window a day earlier when asked: Loki has no patterns that old, so its sample is used', async () => {
    const day = comparisonWindows(INCIDENT, 'day').windows;
    const { fake, backend } = install({ windows: day });
    const { view } = open(url());
    stop = activateWithParents(view);
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    show(view);
    const before = fake.requests.length;
    await act(async () => {
      screen.getByRole('radio', { name: 'A day earlier' }).click();
      await jest.advanceTimersByTimeAsync(TASKS_MS);
    });
    expect(view.state.mode).toBe('day');
    expect(view.getUrlState()).toEqual({ baseline: 'day' });
    const again = fake.requests.slice(before);
    // Loki's page of lines, Tempo's two compare() and RED for each window, then the deploy's p95 for each; no patterns call.
    expect(again.map((r) => [r.type, r.fromMs]).sort()).toEqual(
      [
        ['loki', day.incident.fromMs],
        ['loki', day.baseline.fromMs],
        ['prometheus', day.incident.fromMs],
        ['prometheus', day.baseline.fromMs],
        ['prometheus', day.incident.fromMs],
        ['prometheus', day.baseline.fromMs],
        ['tempo', day.incident.fromMs],
        ['tempo', day.baseline.fromMs],
        ['tempo', day.incident.fromMs],
        ['tempo', day.baseline.fromMs],
        ['tempo', day.incident.fromMs],
        ['tempo', day.baseline.fromMs],
      ].sort()
    );
    expect(backend.requests).toHaveLength(1);
    expect(view.state.kinds.signatures.method?.reason).toBe(
      'the baseline is older than the 3 hours Loki’s pattern ingester keeps patterns by default'
    );
    expect(
      view
        .rows()
        .filter(isFlagged)
        .map((r) => r.kind)
    ).toEqual(expect.arrayContaining(['version', 'red', 'signature']));
  });

  it('renders the ranked rows with their links, and copies the Markdown summary', async () => {
    install({});
    window.history.pushState({}, '', `/grafana/a/correlate-investigation-app/changed?${url()}`);
    const { view } = open(url(`&trace=${TRACE_ID}`));
    stop = activateWithParents(view);
    await jest.advanceTimersByTimeAsync(TASKS_MS);
    show(view);
    const rows = screen.getAllByTestId(testIds.changed.row);
    expect(rows[0]).toHaveAttribute('data-flagged', 'true');
    const links = screen.getAllByTestId(testIds.changed.rowLink).map((a) => a.getAttribute('href'));
    expect(links).toContain(
      `/a/correlate-investigation-app/services/payments?from=${WINDOWS.baseline.fromMs}&to=${WINDOWS.incident.toMs}&var-loki=loki-uid&var-tempo=tempo-uid&var-metrics=metrics-uid`
    );
    expect(screen.getByTestId(testIds.changed.copy)).toHaveTextContent('Copy summary');
    // Every column headed; the windows in Grafana's date format in the page's zone (UTC here), no "UTC" suffix.
    expect(
      within(screen.getByTestId(testIds.changed.table))
        .getAllByRole('columnheader')
        .map((h) => h.textContent)
    ).toEqual(['Kind', 'What changed', 'Baseline → incident', 'Compared', 'Score', 'Evidence']);
    expect(screen.getByTestId(testIds.changed.windows)).toHaveTextContent(
      'Incident 2026-11-24 11:00:00 to 2026-11-24 11:15:00 (15 minutes), against 2026-11-24 10:45:00 to 2026-11-24 11:00:00.'
    );
    // The copied summary keeps UTC: a channel is read in many zones.
    const summary = view.summary().split('\n');
    // It opens with the probable cause and its evidence.
    expect(summary.slice(0, 5)).toEqual([
      '**What changed** for payments',
      '',
      '**Probable cause: payments: service.version 1.5.0 deployed: fails more and is slower than the old version, p95 32.4 ms → 1.09 s (old versions, same window: 4% failing, 0% slow (750 spans) → 1.5.0: 50.1% failing, 10.1% slow (750 spans)).**',
      '',
      'Incident window 2026-11-24 11:00:00 UTC to 2026-11-24 11:15:00 UTC, compared with the 15 minutes before (2026-11-24 10:45:00 UTC to 2026-11-24 11:00:00 UTC).',
    ]);
    const listed = summary.filter((l) => /^\d\. /.test(l));
    expect(listed.map((l) => l.replace(/ \(score [\d.]+\).*/, ''))).toEqual([
      '1. Version: payments: service.version 1.5.0 deployed: fails more and is slower than the old version, p95 32.4 ms → 1.09 s: old versions, same window: 4% failing, 0% slow (750 spans) → 1.5.0: 50.1% failing, 10.1% slow (750 spans)',
      '2. RED: Error fraction of payments rose: 2% → 12%',
      '3. Error signature: New error signature: TypeError: Cannot read properties of undefined (reading \\<\\_\\>): 0 lines → 90 lines',
    ]);
    expect(listed[1]).toMatch(
      /\[evidence\]\(http:\/\/localhost\/grafana\/a\/correlate-investigation-app\/services\/payments\?from=\d+&to=\d+&var-loki=loki-uid&var-tempo=tempo-uid&var-metrics=metrics-uid\)$/
    );
    // The Explore link's parentheses are encoded, so Markdown does not end the link early.
    expect(listed[0]).toMatch(/\[evidence\]\(http:\/\/localhost\/grafana\/explore\?schemaVersion=1&panes=[^()\s]+\)$/);
    expect(summary.slice(-3)).toEqual([
      `Trace investigated: [${TRACE_ID}](http://localhost/grafana/a/correlate-investigation-app/trace/${TRACE_ID}?traceFrom=${WINDOWS.baseline.fromMs}&traceTo=${WINDOWS.incident.toMs}&var-loki=loki-uid&var-tempo=tempo-uid&var-metrics=metrics-uid), likely root cause: payments: POST /charge (payment declined)`,
      '',
      `[Open What changed in Correlate](http://localhost/grafana/a/correlate-investigation-app/changed?from=${INCIDENT.fromMs}&to=${INCIDENT.toMs}&var-services=payments&trace=${TRACE_ID}&var-loki=loki-uid&var-tempo=tempo-uid&var-metrics=metrics-uid)`,
    ]);
  });
});

describe('What changed URL', () => {
  it('makes links absolute on this Grafana, sub path included', () => {
    const at = (href: string) => grafanaBaseUrl(new URL(href));
    expect(at('https://g.example/a/correlate-investigation-app/changed?x=1')).toBe('https://g.example');
    expect(at('https://g.example/grafana/a/correlate-investigation-app/changed')).toBe('https://g.example/grafana');
    expect(at('https://g.example/somewhere/else')).toBe('https://g.example');
  });

  it('round-trips the windows, services, baseline and trace', () => {
    const link = changedUrl({
      range: { from: INCIDENT.fromMs, to: INCIDENT.toMs },
      baseline: 'day',
      services: ['payments', 'orders'],
      traceId: TRACE_ID,
      dataSources: { loki: 'l', tempo: 't', metrics: 'm' },
    });
    expect(link).toBe(
      `/a/correlate-investigation-app/changed?from=${INCIDENT.fromMs}&to=${INCIDENT.toMs}&baseline=day&var-services=payments&var-services=orders&trace=${TRACE_ID}&var-loki=l&var-tempo=t&var-metrics=m`
    );
    const search = new URLSearchParams(link.split('?')[1]);
    expect(readChangedParams(search)).toEqual({
      services: ['payments', 'orders'],
      mode: 'day',
      traceId: TRACE_ID,
      problems: [],
    });
    const { view } = open(link.split('?')[1]);
    expect(view.state).toMatchObject({ services: ['payments', 'orders'], mode: 'day', traceId: TRACE_ID });
    expect(changedUrl()).toBe('/a/correlate-investigation-app/changed');
  });

  it('explains what a bad link gets wrong and uses something sensible instead', () => {
    const many = Array.from({ length: 25 }, (_x, i) => `var-services=s${i}`).join('&');
    const p = readChangedParams(new URLSearchParams(`baseline=week&trace=xyz&var-services=&${many}`));
    expect(p.mode).toBe('previous');
    expect(p.traceId).toBeUndefined();
    expect(p.services).toHaveLength(20);
    expect(p.problems).toEqual([
      'The link\'s baseline "week" is not "previous" or "day"; the window just before is used.',
      'A service in the link is empty or longer than 200 characters; it was left out.',
      'The link names 25 services; the first 20 are compared.',
      '"xyz" is not a trace id (32 or 16 hexadecimal characters); the summary names no trace.',
    ]);
    expect(readChangedParams(new URLSearchParams('var-services=$__all')).services).toEqual([]);
  });
});
