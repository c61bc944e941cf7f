import { parser as logqlParser } from '@grafana/lezer-logql';
import { serviceSelector } from '../logql';
import {
  COMPARE_TOP_VALUES,
  spansWithAttributeQuery,
  failureCompareQuery,
  SLOW_SPAN_MS,
  slowCompareQuery,
  slowTracesQuery,
  spanSampleQuery,
  slowCallsQuery,
  traceqlAttribute,
} from '../traceql';
import { HOSTILE_VALUES, decodeGoString, parseTraceQL } from './grammar';

/** The queries What changed sends, with the grammars Grafana uses. */

describe('What changed TraceQL', () => {
  it('compares failing server spans with the rest, per service', () => {
    expect(failureCompareQuery({ services: ['payments'] })).toBe(
      `{ resource.service.name = "payments" && kind = server } | compare({ status = error }, ${COMPARE_TOP_VALUES})`
    );
    expect(failureCompareQuery({ services: [] })).toBe('{ kind = server } | compare({ status = error }, 20)');
    expect(failureCompareQuery({ services: ['a', 'b'], topN: 1e9 })).toBe(
      '{ (resource.service.name = "a" || resource.service.name = "b") && kind = server } | compare({ status = error }, 100)'
    );
  });

  it('compares slow server spans (1 s or more, as the service detail’s slow traces) with the rest', () => {
    expect(SLOW_SPAN_MS).toBe(1000);
    expect(slowCompareQuery({ services: ['payments'] })).toBe(
      `{ resource.service.name = "payments" && kind = server } | compare({ duration >= 1000ms }, ${COMPARE_TOP_VALUES})`
    );
    expect(slowTracesQuery({ services: ['payments'] })).toBe(
      '{ resource.service.name = "payments" && kind = server && duration >= 1000ms }'
    );
    expect(slowCompareQuery({ services: [], minDurationMs: 250.4, topN: 0 })).toBe(
      '{ kind = server } | compare({ duration >= 250ms }, 1)'
    );
    // A threshold that is not a sane number of milliseconds falls back to the app's.
    for (const bad of [NaN, -5, 0, Infinity, '300' as never, undefined]) {
      expect(slowCompareQuery({ services: [], minDurationMs: bad })).toBe(
        '{ kind = server } | compare({ duration >= 1000ms }, 20)'
      );
    }
    expect(slowCompareQuery({ services: [], minDurationMs: 1e12 })).toBe(
      '{ kind = server } | compare({ duration >= 86400000ms }, 20)'
    );
    expect(slowCompareQuery(undefined as never)).toBe('{ kind = server } | compare({ duration >= 1000ms }, 20)');
    for (const q of [
      slowCompareQuery({ services: ['payments', 'orders'] }),
      slowCompareQuery({ services: [], minDurationMs: 1e12 }),
      spansWithAttributeQuery({
        services: ['payments'],
        attribute: 'span.http.route',
        value: '/c',
        type: 'string',
        among: 'slow',
      })!,
    ]) {
      expect(parseTraceQL(q).errors).toEqual([]);
    }
  });

  it('samples server spans with the attributes the fallback compares', () => {
    expect(spanSampleQuery({ services: ['payments'] })).toBe(
      '{ resource.service.name = "payments" && kind = server } | select(status, resource.service.version, span.http.route, span.http.response.status_code, resource.k8s.pod.name, resource.host.name, span.db.system, span.rpc.method)'
    );
  });

  it('shows the failing spans of one attribute value, typed; refuses names and values it cannot write', () => {
    const services = ['payments'];
    expect(
      spansWithAttributeQuery({ services, attribute: 'span.http.response.status_code', value: '500', type: 'number' })
    ).toBe(
      '{ resource.service.name = "payments" && kind = server && span.http.response.status_code = 500 && status = error }'
    );
    expect(
      spansWithAttributeQuery({
        services,
        attribute: 'resource.service.version',
        value: '1.5.0',
        type: 'string',
        among: 'all',
      })
    ).toBe('{ resource.service.name = "payments" && kind = server && resource.service.version = "1.5.0" }');
    expect(
      spansWithAttributeQuery({
        services,
        attribute: 'resource.service.version',
        value: '1.1.0',
        type: 'string',
        among: 'slow',
      })
    ).toBe(
      '{ resource.service.name = "payments" && kind = server && resource.service.version = "1.1.0" && duration >= 1000ms }'
    );
    expect(spansWithAttributeQuery({ services: [], attribute: 'http.route', value: '/charge', type: 'string' })).toBe(
      '{ kind = server && .http.route = "/charge" && status = error }'
    );
    expect(
      spansWithAttributeQuery({ services, attribute: 'span.x', value: '1 || true', type: 'number' })
    ).toBeUndefined();
    expect(spansWithAttributeQuery({ services, attribute: 'span.x', value: 'yes', type: 'bool' })).toBeUndefined();
    expect(
      spansWithAttributeQuery({ services, attribute: 'span.a b } || { true', value: 'x', type: 'string' })
    ).toBeUndefined();
    expect(traceqlAttribute('name')).toBe('name');
    expect(traceqlAttribute(42 as never)).toBeUndefined();
  });

  it('searches one service’s slow client spans with what they called, all span kinds (not compare())', () => {
    expect(slowCallsQuery({ service: 'inventory', minDurationMs: 31.2 })).toBe(
      '{ resource.service.name = "inventory" && kind = client && duration >= 31ms } | select(span.peer.service, span.server.address, span.db.name, span.db.system, span.db.statement)'
    );
    // A threshold that is not one falls back to the app's slow request; a row's link names its callee.
    for (const bad of [NaN, -5, 0, undefined]) {
      expect(slowCallsQuery({ service: 'inventory', minDurationMs: bad })).toContain('duration >= 1000ms');
    }
    expect(
      slowCallsQuery({
        service: 'inventory',
        minDurationMs: 31,
        callee: { attribute: 'server.address', value: 'pg"1' },
      })
    ).toBe(
      '{ resource.service.name = "inventory" && kind = client && duration >= 31ms && span.server.address = "pg\\"1" } | select(span.peer.service, span.server.address, span.db.name, span.db.system, span.db.statement)'
    );
    expect(() => slowCallsQuery({ service: '' })).toThrow('No service');
    expect(() => slowCallsQuery({ service: 'a', callee: { attribute: 'span.x } || { true', value: 'v' } })).toThrow(
      'Not an attribute of a call'
    );
    expect(parseTraceQL(slowCallsQuery({ service: 'inventory', minDurationMs: 31 })).errors).toEqual([]);
  });

  describe.each(HOSTILE_VALUES.map((v) => [JSON.stringify(v.slice(0, 30)), v]))('hostile value %s', (_n, value) => {
    it('parses, and the value reaches the query exactly', () => {
      for (const q of [
        slowCallsQuery({ service: value, minDurationMs: 40 }),
        slowCallsQuery({ service: 'inventory', minDurationMs: 40, callee: { attribute: 'peer.service', value } }),
      ]) {
        const parsed = parseTraceQL(q);
        expect(parsed.errors).toEqual([]);
        for (const lit of parsed.strings.map(decodeGoString)) {
          if (lit !== value && lit !== 'inventory') {
            expect(new RegExp(lit).test(value)).toBe(true);
            expect(new RegExp(lit).test(value + 'x')).toBe(false);
          }
        }
        expect(parsed.strings.map(decodeGoString).some((lit) => lit === value || new RegExp(lit).test(value))).toBe(
          true
        );
      }
      for (const q of [
        failureCompareQuery({ services: [value] }),
        slowCompareQuery({ services: [value] }),
        spanSampleQuery({ services: [value] }),
      ]) {
        const parsed = parseTraceQL(q);
        expect(parsed.errors).toEqual([]);
      }
      for (const among of ['failing', 'slow'] as const) {
        const q = spansWithAttributeQuery({
          services: [value],
          attribute: 'span.http.route',
          value,
          type: 'string',
          among,
        })!;
        const parsed = parseTraceQL(q);
        expect(parsed.errors).toEqual([]);
        for (const lit of parsed.strings.map(decodeGoString)) {
          if (lit !== value) {
            expect(new RegExp(lit).test(value)).toBe(true);
            expect(new RegExp(lit).test(value + 'x')).toBe(false);
          }
        }
      }
    });

    it('the patterns API selector is matchers only, as Loki requires', () => {
      const selector = serviceSelector([value]);
      const tree = logqlParser.parse(selector);
      let errors = 0;
      let pipeline = false;
      tree.iterate({
        enter: (n) => {
          errors += n.type.isError ? 1 : 0;
          pipeline ||= n.name === 'PipelineExpr';
        },
      });
      expect([errors, pipeline]).toEqual([0, false]);
    });
  });
});
