import React from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { LoadingState } from '@grafana/data';
import {
  EmbeddedScene,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  type SceneObject,
  VizPanel,
} from '@grafana/scenes';
import { errorLogsQuery } from '../../../queries/logql';
import { redQueries } from '../../../queries/promql';
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
import { ServicesOverview } from '../ServicesOverview';
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
  beforeEach(() => clearRedDetections());
  afterEach(() => stop());

  it('asks once for the RED of every service and sorts by error fraction', async () => {
    const fake = installFakeRuntime({
      respond: (req) =>
        redAnswer(req.targets as any, 'service', {}, T0).concat(
          req.targets.flatMap((t) => [
            promSeries(t.refId, { service: 'gateway' }, [[T0, t.refId === 'errors' ? 0.01 : 5]]),
            promSeries(t.refId, { service: 'payments' }, [[T0, t.refId === 'errors' ? 0.2 : 2]]),
          ])
        ),
    });
    const overview = new ServicesOverview('tempo-spanmetrics');
    inScene(overview);
    stop = activateWithParents(overview);
    await flush();
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].targets.map((t) => t.expr)).toEqual(
      Object.values(redQueries('tempo-spanmetrics', { services: [] }))
    );
    expect(overview.state.rows.map((r) => r.service)).toEqual(['payments', 'gateway']);
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <ServicesOverview.Component model={overview} />
      </MemoryRouter>
    );
    expect(screen.getAllByTestId(testIds.services.row)[0]).toHaveTextContent('payments');
    expect(screen.getByRole('link', { name: 'payments' }).getAttribute('href')).toMatch(
      /^\/a\/correlate-investigation-app\/services\/payments\?from=\d+&to=\d+$/
    );
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
    const stops = items.map((item) => activateWithParents(item));
    // Panels run their queries when they render; here their data is activated directly.
    stops.push(activateWithParents((items[2] as any).state.$data));
    tables.forEach((t) => stops.push(activateWithParents(t.state.$data!)));
    stop = () => stops.forEach((s) => s());
    const tableData = (i: number) => (tables[i].state.$data as SceneDataTransformer).state.data;
    return { items, tables, tableData };
  }

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
