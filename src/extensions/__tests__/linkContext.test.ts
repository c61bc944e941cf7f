import { absoluteRange, exploreContext, panelMenuContext } from '../../test/mocks/extensionContexts';
import { linkFromQueries, safely, servicesInQuery } from '../linkContext';

const BASE = '/a/correlate-investigation-app';
const loki = (expr: string, uid = 'loki-uid') => ({ refId: 'A', datasource: { type: 'loki', uid }, expr });
const prom = (expr: string) => ({ refId: 'A', datasource: { type: 'prometheus', uid: 'mimir' }, expr });
const tempo = (query: string) => ({
  refId: 'A',
  datasource: { type: 'tempo', uid: 'tempo-uid' },
  queryType: 'traceql',
  query,
});
const parse = (path?: string) => new URL(path!, 'http://g');

describe('servicesInQuery', () => {
  it.each([
    ['{service_name="orders"} |= "x"', ['service_name'], ['orders']],
    ['{service_name=~"orders|payments"}', ['service_name'], ['orders', 'payments']],
    ['{service_name=~"ord.*"}', ['service_name'], []],
    ['{service_name=`we"ird`}', ['service_name'], ['we"ird']],
    ['{service_name="a\\"b"}', ['service_name'], ['a"b']],
    ['sum by (service) (rate(calls{service="gateway", job="x"}[5m]))', ['service', 'job'], ['gateway', 'x']],
    ['{ resource.service.name = "inventory" && status = error }', ['resource.service.name'], ['inventory']],
    ['{my_service_name="nope"}', ['service_name'], []],
    ['', ['service_name'], []],
  ])('%s → %p', (query, labels, expected) => {
    expect(servicesInQuery(query, labels)).toEqual(expected);
  });
});

describe('links from panels and Explore', () => {
  it('carries the time range, services and data source of a Loki panel', () => {
    const url = parse(
      linkFromQueries(
        panelMenuContext({
          targets: [loki('{service_name="orders"} | detected_level="error"')],
          timeRange: { from: 'now-6h', to: 'now' },
        })
      )
    );
    expect(url.pathname).toBe(`${BASE}/errors`);
    expect(url.searchParams.getAll('var-services')).toEqual(['orders']);
    expect(url.searchParams.get('from')).toBe('now-6h');
    expect(url.searchParams.get('var-loki')).toBe('loki-uid');
  });

  it('reads services from a Prometheus query in Explore and an absolute range of DateTime objects', () => {
    const url = parse(
      linkFromQueries(
        exploreContext({ targets: [prom('rate(x{service="payments"}[5m])')], timeRange: absoluteRange(1000, 2000) })
      )
    );
    expect(url.searchParams.getAll('var-services')).toEqual(['payments']);
    expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual(['1000', '2000']);
    expect(url.searchParams.get('var-metrics')).toBe('mimir');
  });

  it('names the service of an OTLP `job` (`<namespace>/<name>`) as Loki and Tempo name it', () => {
    const url = parse(
      linkFromQueries(
        exploreContext({ targets: [prom('rate(x{job="shop/orders"}[5m]) + rate(x{job="payments"}[5m])')] })
      )
    );
    expect(url.searchParams.getAll('var-services')).toEqual(['orders', 'payments']);
  });

  it('takes the data source of a query that leaves it to the panel from the panel’s last request', () => {
    const url = parse(
      linkFromQueries(
        panelMenuContext({
          targets: [{ refId: 'A', expr: '{service_name="orders"}' }],
          panelDataSource: { type: 'loki', uid: 'panel-loki' },
          timeRange: { from: 'now-1h', to: 'now' },
        })
      )
    );
    expect(url.searchParams.getAll('var-services')).toEqual(['orders']);
    expect(url.searchParams.get('var-loki')).toBe('panel-loki');
    expect(linkFromQueries({ targets: [{ refId: 'A', expr: 'x' }], data: { request: 'odd' } })).toBeUndefined();
  });

  it('opens the trace when a Tempo query in Explore is a trace id', () => {
    expect(linkFromQueries(exploreContext({ targets: [tempo(' 4BF92F3577B34DA6A3CE929D0E0E4736 ')] }))).toBe(
      `${BASE}/trace/4bf92f3577b34da6a3ce929d0e0e4736?var-tempo=tempo-uid`
    );
  });

  it('leaves out data source uids that are template variables', () => {
    expect(
      parse(linkFromQueries(panelMenuContext({ targets: [loki('{service_name="a"}', '${ds}')] }))).searchParams.has(
        'var-loki'
      )
    ).toBe(false);
  });

  it.each([
    ['no context', undefined],
    ['no targets', { timeRange: { from: 'now-1h', to: 'now' } }],
    ['targets of other data sources', { targets: [{ datasource: { type: 'elasticsearch' }, query: 'x' }] }],
    ['targets that are not objects', { targets: [null, 42, 'x'] }],
    ['targets not in an array', { targets: 'loki' }],
  ])('gives no link for %s', (_label, context) => {
    expect(linkFromQueries(context)).toBeUndefined();
  });

  it('survives odd values: a huge query, a broken time range', () => {
    const url = parse(
      linkFromQueries({
        targets: [loki('{service_name="a"}' + 'x'.repeat(1_000_000))],
        timeRange: { from: {}, to: null },
      })
    );
    expect(url.searchParams.getAll('var-services')).toEqual(['a']);
    expect(url.searchParams.has('from')).toBe(false);
  });
});

describe('safely', () => {
  it('turns a throw into no link and a path into a link', () => {
    expect(
      safely(() => {
        throw new Error('boom');
      })({})
    ).toBeUndefined();
    expect(safely(() => '/x')({})).toEqual({ path: '/x' });
  });
});
