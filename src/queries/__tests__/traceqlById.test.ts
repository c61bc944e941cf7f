import { ERROR_SPAN_FIELDS, traceByIdSearchQuery, traceErrorSpansQuery } from '../traceql';
import { parseTraceQL } from './grammar';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('trace-by-id searches (trace:id, Tempo v2.10.8 pkg/traceql/enum_attributes.go:248)', () => {
  it('asks for one trace by its id, in TraceQL Grafana parses', () => {
    const q = traceByIdSearchQuery(ID);
    expect(q).toBe(`{ trace:id = "${ID}" }`);
    const parsed = parseTraceQL(q);
    expect(parsed.errors).toEqual([]);
    expect(parsed.strings).toEqual([`"${ID}"`]);
  });

  it('asks for the failing spans with their parent and service', () => {
    const q = traceErrorSpansQuery(ID.toUpperCase());
    expect(q).toBe(
      `{ trace:id = "${ID}" && status = error } | select(span:parentID, resource.service.name, statusMessage, kind)`
    );
    expect(parseTraceQL(q).errors).toEqual([]);
    expect(ERROR_SPAN_FIELDS).toContain('span:parentID');
  });

  it('widens a 16-character id as the trace-id lookup does', () => {
    expect(traceByIdSearchQuery('a3ce929d0e0e4736')).toBe('{ trace:id = "0000000000000000a3ce929d0e0e4736" }');
  });

  it.each(['', 'not-an-id', `${ID}" } || { true`, '${__all}', `${ID}\n`.repeat(2), 42 as any, undefined as any])(
    'refuses %p: nothing but a trace id reaches the query',
    (bad) => {
      expect(() => traceByIdSearchQuery(bad)).toThrow(/Not a trace id/);
      expect(() => traceErrorSpansQuery(bad)).toThrow(/Not a trace id/);
    }
  );
});
