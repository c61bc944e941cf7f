import { errorsUrl, healthUrl, serviceUrl, servicesUrl, traceUrl, URL_KEYS } from '../urls';

const BASE = '/a/correlate-investigation-app';
const parse = (url: string) => new URL(url, 'http://grafana');

describe('URL builders', () => {
  it('writes the Errors page state so that it reads back exactly', () => {
    const services = ['orders', 'we&ird=name', 'ünï/cøde'];
    const url = parse(
      errorsUrl({
        range: { from: 'now-6h', to: 'now' },
        services,
        levels: ['error', 'fatal'],
        search: '"} or vector(1) #&?',
        signature: 'payment declined for order ord-<id>',
        dataSources: { loki: 'loki-uid', metrics: 'm' },
      })
    );
    expect(url.pathname).toBe(`${BASE}/errors`);
    expect(url.searchParams.getAll(URL_KEYS.services)).toEqual(services);
    expect(url.searchParams.getAll(URL_KEYS.levels)).toEqual(['error', 'fatal']);
    expect(url.searchParams.get(URL_KEYS.search)).toBe('"} or vector(1) #&?');
    expect(url.searchParams.get(URL_KEYS.signature)).toBe('payment declined for order ord-<id>');
    expect(url.searchParams.get('from')).toBe('now-6h');
    expect(url.searchParams.get(URL_KEYS.loki)).toBe('loki-uid');
    expect(url.searchParams.has(URL_KEYS.tempo)).toBe(false);
  });

  it('leaves out what is not set', () => {
    expect(errorsUrl()).toBe(`${BASE}/errors`);
    expect(servicesUrl()).toBe(`${BASE}/services`);
  });

  it('puts the trace id in the path and the hints in the query; drops a time that is not a number', () => {
    const url = parse(traceUrl('4bf92f3577b34da6a3ce929d0e0e4736', { timeMs: 1764000000123.7, service: 'a b' }));
    expect(url.pathname).toBe(`${BASE}/trace/4bf92f3577b34da6a3ce929d0e0e4736`);
    expect(url.searchParams.get('time')).toBe('1764000000124');
    expect(url.searchParams.get('service')).toBe('a b');
    expect(traceUrl('x', { timeMs: NaN })).toBe(`${BASE}/trace/x`);
  });

  it('encodes a service name as one path segment', () => {
    const url = parse(serviceUrl('shop/orders?x#y', { range: { from: 1, to: 2 } }));
    expect(url.pathname).toBe(`${BASE}/services/shop%2Forders%3Fx%23y`);
    expect(decodeURIComponent(url.pathname.split('/').pop()!)).toBe('shop/orders?x#y');
    expect(url.searchParams.get('to')).toBe('2');
  });

  it('writes the Health page with its window, data sources and the check whose detail is open', () => {
    expect(healthUrl()).toBe(`${BASE}/health`);
    const url = parse(
      healthUrl({ range: { from: 1000, to: 2000 }, check: 'trace-ids', dataSources: { loki: 'l&x', tempo: 't' } })
    );
    expect(url.pathname).toBe(`${BASE}/health`);
    expect(url.searchParams.get(URL_KEYS.check)).toBe('trace-ids');
    expect(url.searchParams.get('from')).toBe('1000');
    expect(url.searchParams.get(URL_KEYS.loki)).toBe('l&x');
    expect(url.searchParams.has(URL_KEYS.metrics)).toBe(false);
  });
});
