import { changedEdgesQueries, serviceEdgesQueries } from '../serviceGraph';
import { HOSTILE_VALUES, decodeGoString, parsePromQL } from './grammar';

describe('serviceEdgesQueries', () => {
  it('builds both directions of every edge query over the window', () => {
    const q = serviceEdgesQueries('orders');
    const both = (metric: string, by = 'client, server') =>
      `(sum by (${by}) (rate(${metric}{client="orders"}[$__range])) or sum by (${by}) (rate(${metric}{server="orders"}[$__range])))`;
    const requests = both('traces_service_graph_request_total');
    expect(q.requests).toBe(requests);
    expect(q.errors).toBe(`(${both('traces_service_graph_request_failed_total')} or ${requests} * 0) / ${requests}`);
    const p95 = (side: string) =>
      `histogram_quantile(0.95, ${both(`traces_service_graph_request_${side}_seconds_bucket`, 'client, server, le')})`;
    expect(q.p95).toBe(
      `(${p95('server')} and on (client, server) (${both('traces_service_graph_request_server_seconds_sum')} > 0)) or ${p95('client')}`
    );
    expect(q.present).toBe('group(traces_service_graph_request_total)');
  });

  it('takes a fixed range, and refuses a range or a name that is not one', () => {
    expect(serviceEdgesQueries('a', { range: '2h' }).requests).toContain('[2h]');
    for (const bad of ['5', '1m; drop', '$__interval', '']) {
      expect(() => serviceEdgesQueries('a', { range: bad })).toThrow(/Invalid range/);
    }
    expect(() => serviceEdgesQueries('')).toThrow(/service name is needed/);
  });

  it('uses no template variable but $__range', () => {
    const q = serviceEdgesQueries('x');
    for (const text of Object.values(q)) {
      expect(text.replace(/\$__range/g, '')).not.toContain('$');
    }
  });

  it.each(HOSTILE_VALUES.filter((v) => v !== '').map((v) => [JSON.stringify(v.slice(0, 30)), v]))(
    'parses with the hostile name %s kept literal',
    (_label, value) => {
      for (const text of Object.values(serviceEdgesQueries(value))) {
        const parsed = parsePromQL(text);
        expect(parsed.errors).toEqual([]);
        for (const literal of parsed.strings) {
          expect(decodeGoString(literal)).toBe(value);
        }
      }
    }
  );
});

describe('changedEdgesQueries', () => {
  it('reads the edges of the compared services both ways, or the busiest of all', () => {
    const q = changedEdgesQueries(['checkout', 'shipping']);
    expect(q.requests).toBe(
      '(sum by (client, server) (rate(traces_service_graph_request_total{client="checkout"}[$__range])) or sum by (client, server) (rate(traces_service_graph_request_total{server="checkout"}[$__range])) or sum by (client, server) (rate(traces_service_graph_request_total{client="shipping"}[$__range])) or sum by (client, server) (rate(traces_service_graph_request_total{server="shipping"}[$__range])))'
    );
    const all = changedEdgesQueries([]);
    expect(all.requests).toBe(
      'topk(500, sum by (client, server) (rate(traces_service_graph_request_total[$__range])))'
    );
    expect(all.errors).toContain(') and on (client, server) topk(500, ');
    expect(all.p95).toContain(') and on (client, server) topk(500, ');
  });

  it.each(HOSTILE_VALUES.filter((v) => v !== '').map((v) => [JSON.stringify(v.slice(0, 30)), v]))(
    'parses with the hostile name %s kept literal',
    (_label, value) => {
      for (const services of [[value], [value, 'b'], []]) {
        for (const text of Object.values(changedEdgesQueries(services))) {
          const parsed = parsePromQL(text);
          expect(parsed.errors).toEqual([]);
          for (const literal of parsed.strings) {
            expect([value, 'b']).toContain(decodeGoString(literal));
          }
        }
      }
    }
  );
});
