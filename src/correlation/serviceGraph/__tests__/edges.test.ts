import { promEmptyFrame, promQueryFrames } from '../../../test/mocks/promFrame';
import { serviceEdgesQueries } from '../../../queries/serviceGraph';
import { MAX_EDGE_SERIES, readServiceEdges } from '../edges';
import { mostFailingFirst, neighbourServices, neighboursOf } from '../neighbours';

const T = 1_764_000_000_000;
const q = serviceEdgesQueries('orders');
const target = (refId: keyof typeof q) => ({ refId, expr: q[refId], instant: true });
const series = (client: string, server: string, value: number) => ({
  labels: { client, server },
  points: [[T, value]] as Array<[number, number]>,
});

/** The frames Grafana's Prometheus data source returns for the edge queries (instant: one vector frame per series). */
function answer(edges: Array<[string, string, number, number, number]>, present = true) {
  return [
    ...promQueryFrames(
      target('requests'),
      edges.map(([c, s, rate]) => series(c, s, rate))
    ),
    ...promQueryFrames(
      target('errors'),
      edges.map(([c, s, , errors]) => series(c, s, errors))
    ),
    ...promQueryFrames(
      target('p95'),
      edges.map(([c, s, , , p95]) => series(c, s, p95))
    ),
    ...promQueryFrames(target('present'), present ? [{ labels: {}, points: [[T, 1]] }] : []),
  ];
}

describe('readServiceEdges and neighboursOf', () => {
  it('reads every edge with its rate, error fraction and p95; callers and callees most failing first', () => {
    const read = readServiceEdges(
      answer([
        ['gateway', 'orders', 10, 0.1, 0.39],
        ['user', 'orders', 1, 0, 0.1],
        ['orders', 'inventory', 10, 0, 0.195],
        ['orders', 'payments', 8, 0.25, 0.39],
        ['orders', 'orders', 1, 0, 0.095],
      ])
    );
    expect(read.present).toBe(true);
    expect(read.dropped).toBe(0);
    const n = neighboursOf('orders', read.edges);
    expect(n.callers.map((e) => e.client)).toEqual(['gateway', 'user']);
    expect(n.callees.map((e) => [e.server, e.rate, e.errorFraction, e.p95])).toEqual([
      ['payments', 8, 0.25, 0.39],
      ['inventory', 10, 0, 0.195],
    ]);
    expect(n.selfCall).toMatchObject({ client: 'orders', server: 'orders', rate: 1 });
    expect(neighbourServices(n, 'orders')).toEqual(['payments', 'gateway', 'inventory', 'user']);
  });

  it('tells no metrics from no neighbours', () => {
    expect(readServiceEdges(answer([], false))).toEqual({ edges: [], present: false, dropped: 0 });
    expect(readServiceEdges(answer([], true))).toEqual({ edges: [], present: true, dropped: 0 });
    expect(readServiceEdges([promEmptyFrame('requests')])).toEqual({ edges: [], present: false, dropped: 0 });
  });

  it('leaves out what is not an edge, and NaN (an edge without requests in the window)', () => {
    const frames = answer([['a', 'b', NaN, NaN, NaN]]);
    frames.push(...promQueryFrames(target('requests'), [{ labels: { client: '', server: 'x' }, points: [[T, 1]] }]));
    frames.push(...promQueryFrames(target('requests'), [{ labels: { server: 'x' }, points: [[T, 1]] }]));
    frames.push({ refId: 'requests', fields: 'nope' } as never, null as never);
    expect(readServiceEdges(frames).edges).toEqual([
      { client: 'a', server: 'b', rate: undefined, errorFraction: undefined, p95: undefined },
    ]);
  });

  it('reads hundreds of edges, odd names and a bounded number of series', () => {
    const many = Array.from({ length: 500 }, (_, i): [string, string, number, number, number] => [
      `caller "${i}" \${__user.email}`,
      'hub',
      i,
      i / 1000,
      0.1,
    ]);
    const read = readServiceEdges(answer(many));
    expect(read.edges).toHaveLength(500);
    const n = neighboursOf('hub', read.edges);
    expect(n.callers[0].client).toBe('caller "499" ${__user.email}');
    const tooMany = Array.from({ length: MAX_EDGE_SERIES + 10 }, (_, i): [string, string, number, number, number] => [
      `c${i}`,
      'hub',
      1,
      0,
      0.1,
    ]);
    expect(readServiceEdges(answer(tooMany)).dropped).toBe(2 * MAX_EDGE_SERIES + 30);
  });

  it('sorts by error fraction, then rate, then name; unknown figures last', () => {
    const e = (client: string, errorFraction?: number, rate?: number) => ({ client, server: 's', errorFraction, rate });
    expect([e('a'), e('b', 0, 1), e('c', 0.5, 1), e('d', 0, 5)].sort(mostFailingFirst).map((x) => x.client)).toEqual([
      'c',
      'd',
      'b',
      'a',
    ]);
  });
});

describe('a hub with more edges than are read (security review F6)', () => {
  const edges = Array.from({ length: 10_000 }, (_, i): [string, string, number, number, number] => [
    `c${i}`,
    'hub',
    1 + i,
    (i % 10) / 10,
    0.05,
  ]);

  it.each([
    ['query order (every requests frame first)', (f: ReturnType<typeof answer>) => f],
    ['reversed', (f: ReturnType<typeof answer>) => [...f].reverse()],
  ])('keeps 2,000 edges, each with its rate, error fraction and p95, in %s', (_, order) => {
    const read = readServiceEdges(order(answer(edges)));
    expect(read.edges).toHaveLength(MAX_EDGE_SERIES / 3);
    expect(
      read.edges.filter((e) => e.rate !== undefined && e.errorFraction !== undefined && e.p95 !== undefined)
    ).toHaveLength(MAX_EDGE_SERIES / 3);
    expect(read.dropped).toBe(3 * (10_000 - MAX_EDGE_SERIES / 3));
  });
});
