import { parser as logqlParser } from '@grafana/lezer-logql';
import { serviceSelector } from '../logql';
import {
  COMPARE_TOP_VALUES,
  failingWithAttributeQuery,
  failureCompareQuery,
  spanSampleQuery,
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

  it('samples server spans with the attributes the fallback compares', () => {
    expect(spanSampleQuery({ services: ['payments'] })).toBe(
      '{ resource.service.name = "payments" && kind = server } | select(status, resource.service.version, span.http.route, span.http.response.status_code, resource.k8s.pod.name, resource.host.name, span.db.system, span.rpc.method)'
    );
  });

  it('shows the failing spans of one attribute value, typed; refuses names and values it cannot write', () => {
    const services = ['payments'];
    expect(
      failingWithAttributeQuery({ services, attribute: 'span.http.response.status_code', value: '500', type: 'number' })
    ).toBe(
      '{ resource.service.name = "payments" && kind = server && span.http.response.status_code = 500 && status = error }'
    );
    expect(
      failingWithAttributeQuery({
        services,
        attribute: 'resource.service.version',
        value: '1.5.0',
        type: 'string',
        allSpans: true,
      })
    ).toBe('{ resource.service.name = "payments" && kind = server && resource.service.version = "1.5.0" }');
    expect(failingWithAttributeQuery({ services: [], attribute: 'http.route', value: '/charge', type: 'string' })).toBe(
      '{ kind = server && .http.route = "/charge" && status = error }'
    );
    expect(
      failingWithAttributeQuery({ services, attribute: 'span.x', value: '1 || true', type: 'number' })
    ).toBeUndefined();
    expect(failingWithAttributeQuery({ services, attribute: 'span.x', value: 'yes', type: 'bool' })).toBeUndefined();
    expect(
      failingWithAttributeQuery({ services, attribute: 'span.a b } || { true', value: 'x', type: 'string' })
    ).toBeUndefined();
    expect(traceqlAttribute('name')).toBe('name');
    expect(traceqlAttribute(42 as never)).toBeUndefined();
  });

  describe.each(HOSTILE_VALUES.map((v) => [JSON.stringify(v.slice(0, 30)), v]))('hostile value %s', (_n, value) => {
    it('parses, and the value reaches the query exactly', () => {
      for (const q of [failureCompareQuery({ services: [value] }), spanSampleQuery({ services: [value] })]) {
        const parsed = parseTraceQL(q);
        expect(parsed.errors).toEqual([]);
      }
      const q = failingWithAttributeQuery({ services: [value], attribute: 'span.http.route', value, type: 'string' })!;
      const parsed = parseTraceQL(q);
      expect(parsed.errors).toEqual([]);
      for (const lit of parsed.strings.map(decodeGoString)) {
        if (lit !== value) {
          expect(new RegExp(lit).test(value)).toBe(true);
          expect(new RegExp(lit).test(value + 'x')).toBe(false);
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
