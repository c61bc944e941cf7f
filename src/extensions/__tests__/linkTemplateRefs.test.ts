import { linkFromQueries, servicesInQuery } from '../linkContext';

/** The panel-menu context Grafana builds (dashboard-scene PanelMenuBehavior.tsx, createExtensionContext, 12.4 and 13.2): a repeated panel's or row's variables in `scopedVars`, queries as written. */
const panel = (expr: string, scopedVars?: Record<string, unknown>) => ({
  targets: [{ refId: 'A', datasource: { type: 'loki', uid: 'loki-uid' }, expr }],
  timeRange: { from: 'now-1h', to: 'now' },
  scopedVars,
});
const services = (path?: string) => new URL(path!, 'http://g').searchParams.getAll('var-services');

describe('template references in panel queries', () => {
  it.each([
    '{service_name="$service"}',
    '{service_name="${service}"}',
    '{service_name="${service:raw}"}',
    '{service_name="[[service]]"}',
    '{service_name=~"$service"}',
    '{service_name=~"${service:regex}"}',
    '{service_name="pre-$service"}',
  ])('are never taken as a service name: %s', (query) => {
    expect(servicesInQuery(query, ['service_name'])).toEqual([]);
    expect(services(linkFromQueries(panel(query)))).toEqual([]);
  });

  it('take the value of a repeated panel’s variable from the context’s scopedVars', () => {
    const scoped = { service: { text: 'checkout', value: 'checkout' } };
    expect(services(linkFromQueries(panel('{service_name="$service"}', scoped)))).toEqual(['checkout']);
    expect(services(linkFromQueries(panel('{service_name=~"${service:regex}"}', scoped)))).toEqual(['checkout']);
  });

  it('take every value of a multi-value variable, and none of All or of a value that is itself a reference', () => {
    const multi = { service: { value: ['orders', 'payments'] } };
    expect(servicesInQuery('{service_name=~"$service"}', ['service_name'], multi)).toEqual(['orders', 'payments']);
    expect(servicesInQuery('{service_name=~"$service"}', ['service_name'], { service: { value: '$__all' } })).toEqual(
      []
    );
    expect(servicesInQuery('{service_name="$service"}', ['service_name'], { service: { value: '${x}' } })).toEqual([]);
    expect(servicesInQuery('{service_name="$service"}', ['service_name'], { other: { value: 'a' } })).toEqual([]);
    expect(servicesInQuery('{service_name="$service"}', ['service_name'], { service: 'odd' })).toEqual([]);
  });

  it('keep plain names beside a reference', () => {
    expect(servicesInQuery('{service_name="orders"} or {service_name="$service"}', ['service_name'])).toEqual([
      'orders',
    ]);
  });
});
