import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { LoadingState, toDataFrame } from '@grafana/data';
import {
  EmbeddedScene,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  VizPanel,
  sceneGraph,
  type SceneObject,
} from '@grafana/scenes';
import { errorLogsQuery } from '../../../queries/logql';
import { overviewQueries, redQueries, visibleRowsQueries } from '../../../queries/promql';
import { errorTracesQuery, slowTracesQuery } from '../../../queries/traceql';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { dataSourceVariablesSet } from '../../../shared/dataSourceVariables';
import { PageMessage } from '../../../shared/PageMessage';
import { RedSection } from '../../../shared/RedSection';
import {
  activateWithParents,
  flush,
  installFakeRuntime,
  type RecordedRequest,
} from '../../../test/mocks/grafanaRuntime';
import { promSeries, redAnswer } from '../../../test/mocks/promFrame';
import { searchHit, tempoSearchResult } from '../../../test/mocks/tempoFrame';
import { testIds } from '../../../testIds';
import { serviceRows } from '../../../shared/serviceRows';
import { ServicesOverview, VISIBLE_DEBOUNCE_MS } from '../ServicesOverview';
import { SEARCH_DEBOUNCE_MS } from '../ServicesTable';
import { OVERSCAN, ROW_HEIGHT, VIEWPORT_ROWS } from '../virtualRows';
import { stubCanvas } from '../../../test/mocks/canvas';
import { fleetResponder } from '../../../test/mocks/promScale';
import { serviceDetailScene } from '../servicesPage';

const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };
const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);

describe('serviceRows', () => {
  it('averages rate and error fraction, takes the highest p95, most failing first', () => {
    const rows = serviceRows(
      [
        promSeries('rate', { service: 'a' }, [
          [T0, 10],
          [T0 + 1, 20],
        ]),
        promSeries('errors', { service: 'a' }, [
          [T0, 0],
          [T0 + 1, 0.1],
        ]),
        promSeries('duration', { service: 'a' }, [
          [T0, 0.2],
          [T0 + 1, 0.4],
        ]),
        promSeries('rate', { service: 'b' }, [
          [T0, 1],
          [T0 + 1, NaN],
        ]),
        promSeries('errors', { service: 'b' }, [[T0, 0.5]]),
        promSeries('rate', { other: 'x' }, [[T0, 1]]),
      ],
      'service'
    );
    expect(rows.map((r) => [r.service, r.rate, r.errorFraction, r.p95])).toEqual([
      ['b', 1, 0.5, undefined],
      ['a', 15, 0.05, 0.4],
    ]);
  });
});

function inScene(body: SceneObject, settings = SETTINGS) {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    $variables: dataSourceVariablesSet(settings),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
  });
}

describe('Services page', () => {
  let stop: () => void = () => undefined;
  let unstub: () => void = () => undefined;
  beforeAll(() => (unstub = stubCanvas()));
  afterAll(() => unstub());
  beforeEach(() => clearRedDetections());
  afterEach(() => stop());

  it('asks for the top services at the server, then p95 and sparklines of the rows on screen; searches at the server', async () => {
    const fleet = [
      { name: 'gateway', rate: 5, errorFraction: 0.01, p95: 0.2 },
      { name: 'payments', rate: 2, errorFraction: 0.2, p95: 0.5 },
    ];
    const fake = installFakeRuntime({ respond: fleetResponder(fleet) });
    const overview = new ServicesOverview('tempo-spanmetrics');
    inScene(overview);
    stop = activateWithParents(overview);
    await flush();
    expect(fake.requests).toHaveLength(1);
    const list = overviewQueries('tempo-spanmetrics', { limit: 100 });
    expect(fake.requests[0].targets.map((t) => [t.refId, t.expr, t.instant])).toEqual(
      Object.entries(list).map(([refId, expr]) => [refId, expr, true])
    );
    expect(overview.state.rows.map((r) => r.service)).toEqual(['payments', 'gateway']);
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <ServicesOverview.Component model={overview} />
      </MemoryRouter>
    );
    await act(async () => {
      await new Promise((r) => setTimeout(r, VISIBLE_DEBOUNCE_MS + 20));
      await flush();
    });
    expect(fake.requests).toHaveLength(2);
    const visible = visibleRowsQueries('tempo-spanmetrics', ['payments', 'gateway']);
    expect(fake.requests[1].targets.map((t) => t.expr)).toEqual([visible.duration, visible.spark]);
    expect(screen.getAllByTestId(testIds.services.row)[0]).toHaveTextContent('payments2 req/s20%500 ms');
    expect(screen.getByTestId(testIds.services.summary)).toHaveTextContent('2 of 2 services shown');
    expect(screen.getByRole('link', { name: 'payments' }).getAttribute('href')).toMatch(
      /^\/a\/correlate-investigation-app\/services\/payments\?from=\d+&to=\d+$/
    );

    // The search runs at the server, for every service.
    fireEvent.change(screen.getByTestId(testIds.services.search), { target: { value: 'GATE' } });
    await act(async () => {
      await new Promise((r) => setTimeout(r, SEARCH_DEBOUNCE_MS + 20));
      await flush();
    });
    const lists = fake.requests.filter((r) => r.targets.some((t) => t.refId === 'count'));
    expect(lists.at(-1)!.targets.find((t) => t.refId === 'rate')!.expr).toBe(
      overviewQueries('tempo-spanmetrics', { limit: 100, search: 'GATE' }).rate
    );
    expect(overview.state.rows.map((r) => r.service)).toEqual(['gateway']);
    expect(screen.getByTestId(testIds.services.summary)).toHaveTextContent('1 of 2 services match “GATE”');

    // Bad input: too long a search is explained, and not sent.
    const sent = fake.requests.length;
    fireEvent.change(screen.getByTestId(testIds.services.search), { target: { value: 'x'.repeat(201) } });
    await act(async () => {
      await new Promise((r) => setTimeout(r, SEARCH_DEBOUNCE_MS + 20));
    });
    expect(screen.getByTestId(testIds.services.searchError)).toHaveTextContent('type at most 200');
    expect(fake.requests).toHaveLength(sent);

    // A search nothing matches says what to do.
    fireEvent.change(screen.getByTestId(testIds.services.search), { target: { value: 'nope' } });
    await act(async () => {
      await new Promise((r) => setTimeout(r, SEARCH_DEBOUNCE_MS + 20));
      await flush();
    });
    expect(screen.getByTestId(testIds.services.empty)).toHaveTextContent('No service name contains “nope”');
  });

  it('renders only the rows in view, and shows more on request', async () => {
    const fleet = Array.from({ length: 300 }, (_, i) => ({ name: `s${i}`, rate: 300 - i, errorFraction: 0, p95: 0.1 }));
    const fake = installFakeRuntime({ respond: fleetResponder(fleet) });
    const overview = new ServicesOverview('tempo-spanmetrics');
    inScene(overview);
    stop = activateWithParents(overview);
    await flush();
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <ServicesOverview.Component model={overview} />
      </MemoryRouter>
    );
    expect(overview.state.rows).toHaveLength(100);
    expect(screen.getAllByTestId(testIds.services.row)).toHaveLength(VIEWPORT_ROWS + OVERSCAN);
    fireEvent.scroll(screen.getByTestId(testIds.services.viewport), { target: { scrollTop: 50 * ROW_HEIGHT } });
    const rows = screen.getAllByTestId(testIds.services.row);
    expect(rows[0]).toHaveTextContent(/^s45/);
    expect(rows.length).toBeLessThanOrEqual(VIEWPORT_ROWS + 2 * OVERSCAN);
    fireEvent.click(screen.getByTestId(testIds.services.showMore));
    await act(async () => {
      await flush();
    });
    const lists = fake.requests.filter((r) => r.targets.some((t) => t.refId === 'count'));
    expect(lists.at(-1)!.targets[0].expr).toContain('topk(200, ');
    expect(overview.state.rows).toHaveLength(200);
    expect(screen.getByTestId(testIds.services.summary)).toHaveTextContent('200 of 300 services shown');
  });

  it('shortens a 5,005-character service name, whole in the tooltip and the link (review F8)', async () => {
    const long = `svc-${'x'.repeat(5001)}`;
    installFakeRuntime({ respond: fleetResponder([{ name: long, rate: 1, errorFraction: 0, p95: 0.1 }]) });
    const overview = new ServicesOverview('tempo-spanmetrics');
    inScene(overview);
    stop = activateWithParents(overview);
    await flush();
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <ServicesOverview.Component model={overview} />
      </MemoryRouter>
    );
    const row = screen.getByTestId(testIds.services.row);
    const link = within(row).getByRole('link');
    expect(link.textContent!.length).toBeLessThanOrEqual(80);
    expect(link.textContent).toMatch(/^svc-x+…$/);
    expect(link.closest('td')).toHaveAttribute('title', long);
    expect(decodeURIComponent(link.getAttribute('href')!)).toContain(long);
  });

  it('says so when there are no services, or the data source fails', async () => {
    installFakeRuntime({ respond: () => [] });
    const empty = new ServicesOverview('tempo-spanmetrics');
    inScene(empty);
    stop = activateWithParents(empty);
    await flush();
    const { unmount } = render(<ServicesOverview.Component model={empty} />);
    expect(screen.getByTestId(testIds.services.empty)).toHaveTextContent(
      'traces_spanmetrics_calls_total has no server series'
    );
    unmount();
    stop();
    installFakeRuntime({ respond: () => new Error('bad_data: parse error') });
    const failing = new ServicesOverview('tempo-spanmetrics');
    inScene(failing);
    stop = activateWithParents(failing);
    await flush();
    render(<ServicesOverview.Component model={failing} />);
    expect(screen.getByTestId(testIds.services.error)).toHaveTextContent('bad_data: parse error');
  });
});

describe('Service detail', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => clearRedDetections());
  afterEach(() => stop());

  /** The page's parts, with the data of its panels activated as rendering would. */
  function activateDetail(service: string) {
    const scene = serviceDetailScene(encodeURIComponent(service), SETTINGS, () => ({}));
    const items = (scene.state.body as SceneFlexLayout).state.children.map((c) => (c as SceneFlexItem).state.body!);
    const tables = ((items[3] as SceneFlexLayout).state.children as SceneFlexItem[]).map(
      (c) => c.state.body as VizPanel
    );
    // The error logs in a row of their own, for its minimum height.
    const errorLogs = ((items[2] as SceneFlexLayout).state.children[0] as SceneFlexItem).state.body as VizPanel;
    const stops = items.map((item) => activateWithParents(item));
    // Panels run their queries when they render; here their data is activated directly.
    stops.push(activateWithParents(errorLogs.state.$data!));
    tables.forEach((t) => stops.push(activateWithParents(t.state.$data!)));
    stop = () => stops.forEach((s) => s());
    const tableData = (i: number) => (tables[i].state.$data as SceneDataTransformer).state.data;
    return { items, tables, tableData, errorLogs };
  }

  it('gives the error logs a floor of 300 px, as the traces have: in a column they got none (issue 22)', () => {
    const { items, errorLogs } = activateDetail('payments');
    expect(errorLogs.state.title).toBe('Error logs');
    expect((items[2] as SceneFlexLayout).state.minHeight).toBe(300);
    expect((items[3] as SceneFlexLayout).state.minHeight).toBe(300);
  });

  const tempoAnswer = (req: RecordedRequest) => {
    const query = String(req.targets[0].query);
    return tempoSearchResult(
      query.includes('status = error')
        ? [searchHit('e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1', 'payments', 'POST /charge', T0, 40)]
        : [
            searchHit('5105105105105105105105105105105a', 'payments', 'POST /charge', T0 - 1000, 2400),
            searchHit('5105105105105105105105105105105b', 'payments', 'POST /refund', T0, 1800),
          ]
    );
  };

  // Fails when both searches share one request: Tempo answers the first search's text for both, and,
  // with streaming on (as our development stack runs Tempo), names every answer `traces`.
  it.each([
    ['streaming search', true],
    ['search without streaming', false],
  ])('shows the error traces and the slow traces each in their own table (%s)', async (_, streaming) => {
    const fake = installFakeRuntime({
      respond: (req) => (req.type === 'tempo' ? tempoAnswer(req) : []),
      tempo: { streaming },
    });
    const { tableData } = activateDetail('payments');
    await flush();
    const ids = (i: number) => tableData(i)?.series.flatMap((f) => f.fields.find((x) => x.name === 'traceID')!.values);
    expect(tableData(0)?.state).toBe(LoadingState.Done);
    expect(ids(0)).toEqual(['e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1']);
    expect(tableData(1)?.state).toBe(LoadingState.Done);
    expect(ids(1)).toEqual(['5105105105105105105105105105105b', '5105105105105105105105105105105a']);
    // Each table shows its search's table only, not Tempo's streaming progress.
    expect(tableData(1)?.series.map((f) => f.name)).toEqual(['Traces']);
    const tempoCalls = fake.backendCalls.filter((c) => c.type === 'tempo').map((c) => c.targets[0].query);
    expect(tempoCalls.sort()).toEqual(
      [
        errorTracesQuery({ services: ['payments'] }),
        slowTracesQuery({ services: ['payments'], minDurationMs: 1000 }),
      ].sort()
    );
  });

  it('never puts the service name where Grafana interpolates template text (panel titles, no-data texts)', () => {
    const service = '${__user.login} $__user.email [[x]]';
    const scene = serviceDetailScene(encodeURIComponent(service), SETTINGS, () => ({}));
    const panels: VizPanel[] = [];
    scene.forEachChild(function visit(child) {
      if (child instanceof VizPanel) {
        panels.push(child);
      }
      child.forEachChild(visit);
    });
    expect(panels.length).toBeGreaterThanOrEqual(3);
    for (const panel of panels) {
      const texts = [panel.state.title, panel.state.description, panel.state.fieldConfig.defaults.noValue];
      expect(texts.join(' ')).not.toMatch(/user|\[\[/);
    }
  });

  it('queries RED, error logs, error traces and slow traces of the service', async () => {
    const fake = installFakeRuntime({
      respond: (req: RecordedRequest) =>
        req.type === 'prometheus' ? redAnswer(req.targets as any, 'service', { 'pay"ments': 1 }, T0) : [],
    });
    const { items } = activateDetail('pay"ments');
    await flush();
    const exprs = fake.requests.flatMap((r) => r.targets.map((t) => t.expr ?? t.query));
    expect(exprs).toEqual(
      expect.arrayContaining([
        ...Object.values(redQueries('tempo-spanmetrics', { services: ['pay"ments'] })),
        errorLogsQuery({ services: ['pay"ments'], levels: SETTINGS.errorLevels }),
        errorTracesQuery({ services: ['pay"ments'] }),
        slowTracesQuery({ services: ['pay"ments'], minDurationMs: 1000 }),
      ])
    );
    expect((items[0] as RedSection).state.missing).toEqual([]);
  });

  it('names a service without RED series', async () => {
    installFakeRuntime({ respond: () => [] });
    const scene = serviceDetailScene('no-such-service', SETTINGS, () => ({}));
    const red = ((scene.state.body as SceneFlexLayout).state.children[0] as SceneFlexItem).state.body as RedSection;
    stop = activateWithParents(red);
    await flush();
    expect(red.state.missing).toEqual(['no-such-service']);
    render(<RedSection.Component model={red} />);
    expect(screen.getByTestId(testIds.red.message)).toHaveTextContent('No RED series for no-such-service');
  });

  it.each([['%E0%A4%A'], [''], [encodeURIComponent('x'.repeat(300))]])(
    'explains a link without a usable service name (%#)',
    (raw) => {
      const scene = serviceDetailScene(raw, SETTINGS, () => ({}));
      const body = ((scene.state.body as SceneFlexLayout).state.children[0] as SceneFlexItem).state.body;
      expect(body).toBeInstanceOf(PageMessage);
      expect((body as PageMessage).state.title).toBe('Not a service name');
    }
  );

  it('reports a bad time range in the link above the page', () => {
    const scene = serviceDetailScene('orders', SETTINGS, () => ({ from: 'now', to: 'now-6h' }));
    const first = ((scene.state.body as SceneFlexLayout).state.children[0] as SceneFlexItem).state.body as PageMessage;
    expect(first.state.text).toContain('ends before it starts');
    expect(scene.state.$timeRange!.state).toMatchObject({ from: 'now-6h', to: 'now' });
  });
});

describe('Service detail: a trace in its tables opens the trace page', () => {
  it('links the trace id, the page’s range as the trace query’s range (traceFrom / traceTo)', () => {
    const scene = serviceDetailScene('orders', SETTINGS, () => ({ from: '1795514400000', to: '1795518000000' }));
    const panels: VizPanel[] = [];
    scene.forEachChild(function visit(o: SceneObject) {
      if (o instanceof VizPanel && o.state.pluginId === 'table') {
        panels.push(o);
      }
      o.forEachChild(visit);
    });
    expect(panels).toHaveLength(2);
    for (const panel of panels) {
      const link = panel.state.fieldConfig.overrides[0].properties[0].value[0];
      expect(link.title).toBe('Investigate in Correlate');
      // As Grafana resolves a data link in a table cell: the cell's value, the panel's time range.
      const frame = toDataFrame({ fields: [{ name: 'traceID', values: ['4bf92f3577b34da6a3ce929d0e0e4736'] }] });
      const url = sceneGraph.interpolate(panel, link.url, {
        __dataContext: { value: { frame, field: frame.fields[0], rowIndex: 0 } },
      } as never);
      expect(url).toBe(
        '/a/correlate-investigation-app/trace/4bf92f3577b34da6a3ce929d0e0e4736?traceFrom=1795514400000&traceTo=1795518000000'
      );
    }
  });
});
