import React from 'react';
import { act, render as renderDom, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { FieldConfigOptionsRegistry, applyFieldOverrides, createTheme, type DataFrame } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import {
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  type SceneDataNode,
  type VizPanel,
} from '@grafana/scenes';
import { redQueries } from '../../../queries/promql';
import { serviceEdgesQueries } from '../../../queries/serviceGraph';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { dataSourceVariablesSet } from '../../../shared/dataSourceVariables';
import { NODE_LINK_TITLE } from '../../../shared/linkTitles';
import {
  activateWithParents,
  flush,
  installFakeRuntime,
  type RecordedRequest,
} from '../../../test/mocks/grafanaRuntime';
import { promQueryFrames } from '../../../test/mocks/promFrame';
import { testIds } from '../../../testIds';
import { MAX_RED_NEIGHBOURS, MAX_TABLE_ROWS, ServiceMap } from '../ServiceMap';
import { serviceDetailScene } from '../servicesPage';

const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };
const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);
const FROM = T0 - 3_600_000;

type Edge = [client: string, server: string, rate: number, errors: number, p95: number];

/** The demo shop around orders, as Tempo's service graph sees it. */
const SHOP: Edge[] = [
  ['gateway', 'orders', 10, 0.1, 0.39],
  ['orders', 'inventory', 10, 0, 0.195],
  ['orders', 'payments', 8, 0.25, 0.39],
];

/**
 * The metrics data source: the edge queries (instant) answer `edges` for whatever service they name, a RED
 * request answers every service it names with a rate of 1 (none for `unmeasured`).
 */
function respond(edges: Edge[], opts: { present?: boolean; unmeasured?: string[] } = {}) {
  return (req: RecordedRequest) => {
    if (req.type !== 'prometheus') {
      return [];
    }
    return req.targets.flatMap((t) => {
      if (t.instant) {
        const value = { requests: 2, errors: 3, p95: 4 }[t.refId as 'requests' | 'errors' | 'p95'];
        const series =
          t.refId === 'present'
            ? opts.present === false
              ? []
              : [{ labels: {}, points: [[T0, 1]] as Array<[number, number]> }]
            : edges.map((e) => ({
                labels: { client: e[0], server: e[1] },
                points: [[T0, e[value]]] as Array<[number, number]>,
              }));
        return promQueryFrames(t as never, series);
      }
      // The services a RED query names (plain names: a literal, or part of an alternation).
      const expr = String(t.expr);
      const mentioned = (name: string) =>
        [`"${name}"`, `"${name}|`, `|${name}|`, `|${name}"`].some((p) => expr.includes(p));
      const measured = [...new Set(edges.flatMap((e) => [e[0], e[1]]))].filter(
        (name) => mentioned(name) && !opts.unmeasured?.includes(name)
      );
      return promQueryFrames(
        t as never,
        measured.map((name) => ({ labels: { service: name }, points: [[T0, t.refId === 'errors' ? 0.5 : 1]] }))
      );
    });
  };
}

function buildMap(service: string, edges: Edge[], opts: Parameters<typeof respond>[1] = {}) {
  const fake = installFakeRuntime({ respond: respond(edges, opts) });
  const map = new ServiceMap({ service, redSource: 'tempo-spanmetrics' });
  new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: new Date(FROM).toISOString(), to: new Date(T0).toISOString() }),
    $variables: dataSourceVariablesSet(SETTINGS),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: map })] }),
  });
  const stop = activateWithParents(map);
  return { fake, map, stop };
}

/** Rendered inside a router, as Grafana renders an app page (its links need one). */
const render = (ui: React.ReactElement) =>
  renderDom(<MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{ui}</MemoryRouter>);

const graphFrames = (map: ServiceMap) =>
  (map.state.graph!.state.$data as SceneDataNode).state.data.series as DataFrame[];
const column = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name)!.values;

describe('Service map', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => clearRedDetections());
  afterEach(() => stop());

  it('asks once for the edges and once for their RED, on the service detail page', async () => {
    const fake = installFakeRuntime({ respond: respond(SHOP) });
    const scene = serviceDetailScene('orders', SETTINGS, () => ({}));
    const items = (scene.state.body as SceneFlexLayout).state.children.map((c) => (c as SceneFlexItem).state.body!);
    const map = items[1] as ServiceMap;
    expect(map).toBeInstanceOf(ServiceMap);
    stop = activateWithParents(map);
    await flush();
    await flush();
    const metrics = fake.requests.filter((r) => r.type === 'prometheus');
    const q = serviceEdgesQueries('orders');
    expect(metrics.map((r) => r.targets.map((t) => t.expr))).toEqual([
      [q.requests, q.errors, q.p95, q.present],
      Object.values(redQueries('tempo-spanmetrics', { services: ['orders', 'payments', 'gateway', 'inventory'] })),
    ]);
    expect(metrics[0].targets.every((t) => t.instant === true && t.range === false)).toBe(true);
  });

  it('lists gateway as the caller and payments, then inventory as callees, most failing first, each opening its detail', async () => {
    const built = buildMap('orders', SHOP);
    stop = built.stop;
    await flush();
    await flush();
    render(<ServiceMap.Component model={built.map} />);
    const callers = screen.getByTestId(testIds.serviceMap.callers);
    expect(
      within(callers)
        .getAllByTestId(testIds.serviceMap.row)
        .map((r) => r.textContent)
    ).toEqual(['gateway10 req/s10%390 ms']);
    const callees = screen.getByTestId(testIds.serviceMap.callees);
    expect(
      within(callees)
        .getAllByRole('link')
        .map((a) => a.textContent)
    ).toEqual(['payments', 'inventory']);
    expect(within(callees).getByRole('link', { name: 'payments' })).toHaveAttribute(
      'href',
      `/a/correlate-investigation-app/services/payments?from=${FROM}&to=${T0}&var-loki=loki-uid&var-tempo=tempo-uid&var-metrics=metrics-uid`
    );
    expect(screen.getByTestId(testIds.serviceMap.graph)).toBeInTheDocument();
  });

  it('draws the neighbourhood as Grafana’s node graph, this service highlighted, nodes with their own RED', async () => {
    const built = buildMap('orders', SHOP);
    stop = built.stop;
    await flush();
    await flush();
    const [nodes, edges] = graphFrames(built.map);
    expect(built.map.state.graph!.state.pluginId).toBe('nodeGraph');
    // The section is headed "Callers and callees": the graph does not repeat it (issue 22).
    expect(built.map.state.graph!.state.title).toBe('Service graph');
    expect(column(nodes, 'id')).toEqual(['orders', 'payments', 'gateway', 'inventory']);
    expect(column(nodes, 'highlighted')).toEqual([true, false, false, false]);
    expect(column(nodes, 'subtitle')).toEqual(['this service', 'callee', 'caller', 'callee']);
    expect(column(nodes, 'mainstat')).toEqual([1, 1, 1, 1]);
    expect(column(nodes, 'arc__failed')).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(column(edges, 'source')).toEqual(['gateway', 'orders', 'orders']);
    expect(column(edges, 'target')).toEqual(['orders', 'payments', 'inventory']);
    expect(column(edges, 'secondarystat')).toEqual([10, 25, 0]);
    expect(column(edges, 'color')).toEqual(['red', 'red', '']);
  });

  it('a node opens its service’s detail with the same window', async () => {
    const built = buildMap('orders', [['a/b?c#d', 'orders', 1, 0, 0.1]]);
    stop = built.stop;
    await flush();
    await flush();
    const [nodes] = graphFrames(built.map);
    const panel = built.map.state.graph as VizPanel;
    const [withLinks] = applyFieldOverrides({
      data: [nodes],
      fieldConfig: { defaults: {}, overrides: [] },
      fieldConfigRegistry: new FieldConfigOptionsRegistry(),
      replaceVariables: panel.interpolate,
      theme: createTheme(),
    });
    const [link] = withLinks.fields[0].getLinks!({ valueRowIndex: 0 });
    expect(link.title).toBe(NODE_LINK_TITLE);
    // `a/b?c#d` is on this map, and Grafana decodes a link's URL once: no name goes into this map's
    // URLs, which open the Services list with the same window (review F10).
    expect(link.href).toBe(
      `/a/correlate-investigation-app/services?from=${FROM}&to=${T0}&var-loki=loki-uid&var-tempo=tempo-uid&var-metrics=metrics-uid`
    );
    // A click navigates with the exact name, which Grafana's URL sanitising would otherwise split.
    const dataLink = nodes.fields[0].config.links![0];
    act(() =>
      dataLink.onClick!({
        origin: nodes.fields[0],
        e: {},
        replaceVariables: (v: string) => (v === '${__value.raw}' ? 'a/b?c#d' : v),
      })
    );
    expect(locationService.getLocation().pathname).toBe('/a/correlate-investigation-app/services/a%2Fb%3Fc%23d');
    expect(locationService.getSearchObject()).toMatchObject({ from: String(FROM), to: String(T0) });
  });

  it('says so, with the fix, when the service-graph metrics do not exist', async () => {
    const built = buildMap('orders', [], { present: false });
    stop = built.stop;
    await flush();
    render(<ServiceMap.Component model={built.map} />);
    const message = screen.getByTestId(testIds.serviceMap.message);
    expect(message).toHaveTextContent('No service-graph metrics');
    expect(message).toHaveTextContent('traces_service_graph_request_total');
    expect(message).toHaveTextContent('processors: [service-graphs, span-metrics]');
    // No RED wave without edges.
    expect(built.fake.requests.filter((r) => r.type === 'prometheus')).toHaveLength(1);
  });

  it('tells a service without neighbours from missing metrics, and names a failing data source', async () => {
    const quiet = buildMap('orders', [], { present: true });
    stop = quiet.stop;
    await flush();
    const { unmount } = render(<ServiceMap.Component model={quiet.map} />);
    expect(screen.getByTestId(testIds.serviceMap.message)).toHaveTextContent('No callers or callees');
    unmount();
    stop();
    installFakeRuntime({ respond: () => new Error('bad_data: 1:2: parse error') });
    const failing = new ServiceMap({ service: 'orders', redSource: 'tempo-spanmetrics' });
    new EmbeddedScene({
      $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
      $variables: dataSourceVariablesSet(SETTINGS),
      body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: failing })] }),
    });
    stop = activateWithParents(failing);
    await flush();
    render(<ServiceMap.Component model={failing} />);
    const message = screen.getByTestId(testIds.serviceMap.message);
    expect(message).toHaveTextContent('The service graph could not be read');
    expect(message).toHaveTextContent('bad_data: 1:2: parse error. Check the metrics data source.');
  });

  it('hostile graph: hundreds of callers, a call to itself, odd names and Tempo’s unknown caller stay bounded', async () => {
    const odd = 'x ${__user.email} "quoted" <b>';
    const edges: Edge[] = [
      ...Array.from({ length: 300 }, (_, i): Edge => [`caller-${String(i).padStart(3, '0')}`, 'hub', 1, i / 1000, 0.1]),
      ['user', 'hub', 50, 0, 0.2],
      [odd, 'hub', 1, 0.9, 0.1],
      ['hub', 'hub', 3, 0, 0.05],
    ];
    const built = buildMap('hub', edges, { unmeasured: ['user'] });
    stop = built.stop;
    await flush();
    await flush();
    // Too many nodes to draw: the tables only.
    expect(built.map.state.graph).toBeUndefined();
    const wave = built.fake.requests.filter((r) => r.type === 'prometheus')[1];
    expect(wave.targets[0].expr.match(/\|/g)).toHaveLength(MAX_RED_NEIGHBOURS);
    render(<ServiceMap.Component model={built.map} />);
    const rows = within(screen.getByTestId(testIds.serviceMap.callers)).getAllByTestId(testIds.serviceMap.row);
    expect(rows).toHaveLength(MAX_TABLE_ROWS);
    // Most failing first: the odd name, shown as text.
    expect(rows[0]).toHaveTextContent(odd);
    expect(screen.getByText(`${302 - MAX_TABLE_ROWS} more callers, failing less, not listed.`)).toBeInTheDocument();
    expect(screen.getByText(/302 services around this one: too many to draw readably/)).toBeInTheDocument();
    expect(screen.getByText('Calls itself: 3 req/s, 0% failing, p95 latency 50 ms.')).toBeInTheDocument();
  });

  it('a call to itself is not drawn as an edge, and an uninstrumented neighbour is named as such', async () => {
    const built = buildMap(
      'orders',
      [...SHOP, ['orders', 'orders', 1, 0, 0.1], ['user', 'orders', 2, 0, 0.1], ['orders', 'stripe', 1, 0.5, 1.5]],
      {
        unmeasured: ['user', 'stripe'],
      }
    );
    stop = built.stop;
    await flush();
    await flush();
    const [, edges] = graphFrames(built.map);
    expect(column(edges, 'source').map((s, i) => `${s}>${column(edges, 'target')[i]}`)).not.toContain('orders>orders');
    render(<ServiceMap.Component model={built.map} />);
    expect(screen.getByText('callers Tempo saw no span of')).toBeInTheDocument();
    const stripe = within(screen.getByTestId(testIds.serviceMap.callees)).getAllByTestId(testIds.serviceMap.row)[0];
    expect(stripe).toHaveTextContent('stripe');
    expect(stripe).toHaveTextContent('no metrics of its own');
  });

  it('writes figures in Grafana’s units, colours error rates by threshold, and heads both tables alike', async () => {
    const built = buildMap('orders', [
      ['gateway', 'orders', 5, 0.03, 0.21],
      ['orders', 'payments', 4.8, 0.125, 0.09],
      ['orders', 'inventory', 4.9, 0.25, 1.4],
    ]);
    stop = built.stop;
    await flush();
    await flush();
    render(<ServiceMap.Component model={built.map} />);
    const callers = screen.getByTestId(testIds.serviceMap.callers);
    const callees = screen.getByTestId(testIds.serviceMap.callees);
    const headers = (t: HTMLElement) =>
      within(t)
        .getAllByRole('columnheader')
        .map((h) => h.textContent);
    expect(headers(callers)).toEqual(['Called by', 'Requests', 'Error rate', 'p95 latency']);
    expect(headers(callees)).toEqual(['Calls', 'Requests', 'Error rate', 'p95 latency']);
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    const [gateway] = within(callers).getAllByTestId(testIds.serviceMap.row);
    const [inventory, payments] = within(callees).getAllByTestId(testIds.serviceMap.row);
    expect(cells(gateway)).toEqual(['gateway', '5 req/s', '3%', '210 ms']);
    expect(cells(payments)).toEqual(['payments', '4.80 req/s', '12.5%', '90 ms']);
    expect(cells(inventory)).toEqual(['inventory', '4.90 req/s', '25%', '1.40 s']);
    const theme = createTheme();
    const colour = (row: HTMLElement) => within(row).getAllByRole('cell')[2].style.color;
    // 3% is ordinary traffic: base text. 12.5% is orange, 25% red.
    expect(colour(gateway)).toBe('');
    expect(colour(payments)).toBe(toRgb(theme.visualization.getColorByName('orange')));
    expect(colour(inventory)).toBe(toRgb(theme.visualization.getColorByName('red')));
  });

  it('says so in the table when a service has callers but calls no other service', async () => {
    const built = buildMap('payments', [['orders', 'payments', 4.8, 0.125, 0.09]]);
    stop = built.stop;
    await flush();
    await flush();
    render(<ServiceMap.Component model={built.map} />);
    const callees = screen.getByTestId(testIds.serviceMap.callees);
    expect(within(callees).queryAllByTestId(testIds.serviceMap.row)).toHaveLength(0);
    expect(within(callees).getByTestId(testIds.serviceMap.emptyTable)).toHaveTextContent(
      'payments calls no other service in this time range.'
    );
    expect(within(callees).getAllByRole('columnheader')).toHaveLength(4);
    const callers = screen.getByTestId(testIds.serviceMap.callers);
    expect(within(callers).queryByTestId(testIds.serviceMap.emptyTable)).toBeNull();
  });
});

/** jsdom reports colours as rgb(); the theme gives hex. */
function toRgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
