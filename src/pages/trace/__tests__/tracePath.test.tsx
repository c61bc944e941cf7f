import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import type { DataFrame } from '@grafana/data';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, type SceneDataNode } from '@grafana/scenes';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { dataSourceVariablesSet } from '../../../shared/dataSourceVariables';
import {
  activateWithParents,
  flush,
  installFakeRuntime,
  type RecordedRequest,
} from '../../../test/mocks/grafanaRuntime';
import { redAnswer } from '../../../test/mocks/promFrame';
import { shopPathSpans, tempoTraceFrame, type SpanFixture } from '../../../test/mocks/tempoFrame';
import { testIds } from '../../../testIds';
import { TraceInvestigation } from '../TraceInvestigation';
import { MAX_PATH_ROWS } from '../TracePath';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };

/** The shop's checkout, listed out of order, plus a span whose parent never arrived. */
const SPANS: SpanFixture[] = [
  ...shopPathSpans(T0).reverse(),
  { spanId: 'x1', parentSpanId: 'gone', service: 'mailer', name: 'send', startMs: T0 + 40, durationMs: 5 },
];

function build(spans: SpanFixture[], red: Record<string, number> = { gateway: 1, orders: 2, payments: 3 }) {
  const fake = installFakeRuntime({
    respond: (req: RecordedRequest) =>
      req.type === 'tempo'
        ? [tempoTraceFrame(TRACE_ID, spans)]
        : req.type === 'prometheus'
          ? redAnswer(req.targets as any, 'service', red, T0)
          : [],
  });
  const investigation = new TraceInvestigation({ traceId: TRACE_ID, settings: SETTINGS });
  new EmbeddedScene({
    $variables: dataSourceVariablesSet(SETTINGS),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: investigation })] }),
  });
  const stop = activateWithParents(investigation);
  return { fake, investigation, stop };
}

const renderPath = (investigation: TraceInvestigation) =>
  render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <investigation.state.path.Component model={investigation.state.path} />
    </MemoryRouter>
  );

describe('the trace’s path through its services', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => clearRedDetections());
  afterEach(() => stop());

  it('lists the services from the root, marks the likely root cause, and shows each one’s RED beside it', async () => {
    const built = build(SPANS);
    stop = built.stop;
    await flush();
    await flush();
    built.investigation.state.path.activate();
    renderPath(built.investigation);
    const rows = screen.getAllByTestId(testIds.tracePath.row);
    expect(rows.map((r) => within(r).getByRole('link').textContent)).toEqual([
      'gateway',
      'orders',
      'inventory',
      'payments',
      'mailer',
    ]);
    // gateway: root, called back by payments; 3 spans, 1 failing; its RED for the window (rate 1).
    expect(rows[0]).toHaveTextContent('gateway0payments3 (1)1 req/s100%1 s');
    expect(rows[4]).toHaveTextContent('mailercaller missing');
    expect(within(rows[3]).getByTestId(testIds.tracePath.rootCause)).toHaveTextContent('likely root cause');
    expect(screen.getAllByTestId(testIds.tracePath.rootCause)).toHaveLength(1);
    expect(screen.getByText(/1 span names a parent the trace does not hold/)).toBeInTheDocument();
    expect(within(rows[1]).getByRole('link')).toHaveAttribute(
      'href',
      expect.stringMatching(/^\/a\/correlate-investigation-app\/services\/orders\?from=\d+&to=\d+&var-loki=loki-uid/)
    );
  });

  it('costs no request of its own: the RED beside each service is the RED section’s', async () => {
    const built = build(SPANS);
    stop = built.stop;
    await flush();
    await flush();
    // The trace, its logs, the RED of its services and the failing service's error logs: as before.
    expect(built.fake.requests.map((r) => r.type).sort()).toEqual(['loki', 'loki', 'prometheus', 'tempo', 'tempo']);
    const { path } = built.investigation.state;
    path.activate();
    expect(path.state.figures.orders).toMatchObject({ service: 'orders', rate: 2 });
  });

  it('draws the path as Grafana’s node graph: one node per service, one edge per call, the root cause highlighted', async () => {
    const built = build(SPANS);
    stop = built.stop;
    await flush();
    await flush();
    const { path } = built.investigation.state;
    path.activate();
    const [nodes, edges] = (path.state.graph!.state.$data as SceneDataNode).state.data.series as DataFrame[];
    const col = (f: DataFrame, name: string) => f.fields.find((x) => x.name === name)!.values;
    expect(col(nodes, 'id')).toEqual(['gateway', 'orders', 'inventory', 'payments', 'mailer']);
    expect(col(nodes, 'highlighted')).toEqual([false, false, false, true, false]);
    expect(col(nodes, 'mainstat')).toEqual([1, 2, undefined, 3, undefined]);
    const pairs = col(edges, 'source').map((s, i) => `${s}>${col(edges, 'target')[i]}`);
    expect(pairs.sort()).toEqual(['gateway>orders', 'orders>inventory', 'orders>payments', 'payments>gateway']);
    expect(col(edges, 'mainstat')).toEqual([1, 1, 1, 1]);
  });

  it('a trace of 400 services: no graph, the first rows listed, nothing else lost', async () => {
    const spans: SpanFixture[] = Array.from({ length: 400 }, (_, i) => ({
      spanId: `s${i}`,
      parentSpanId: i === 0 ? undefined : `s${i - 1}`,
      service: `svc-${i} \${__user.email}`,
      name: 'op',
      startMs: T0 + i,
      durationMs: 1,
      error: i === 399,
    }));
    const built = build(spans, {});
    stop = built.stop;
    await flush();
    await flush();
    const { path } = built.investigation.state;
    path.activate();
    expect(path.state.graph).toBeUndefined();
    renderPath(built.investigation);
    expect(screen.getAllByTestId(testIds.tracePath.row)).toHaveLength(MAX_PATH_ROWS);
    expect(
      screen.getByText(`${400 - MAX_PATH_ROWS} more services further down the path are not listed.`)
    ).toBeInTheDocument();
    expect(
      screen.getByText('400 services: too many to draw readably; the table lists them nearest the root first.')
    ).toBeInTheDocument();
    expect(screen.getAllByRole('link')[0]).toHaveTextContent('svc-0 ${__user.email}');
  });
});
