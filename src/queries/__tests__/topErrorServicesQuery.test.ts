import { topErrorServicesOfAllQuery, topErrorServicesQuery } from '../logql';
import { HOSTILE_VALUES, decodeGoString, parseLogQL } from './grammar';

const HOUR = 3_600_000;

describe('topErrorServicesQuery: the services of a batch with the most errors', () => {
  it('writes a topk over the batch’s per-service count, with the search', () => {
    expect(topErrorServicesQuery({ services: ['a', 'b.c'], levels: ['error'], rangeMs: HOUR, top: 21 })).toBe(
      'topk(21, sum by (service_name) (count_over_time({service_name=~"a|b\\\\.c"} | detected_level=~"(?i)error" [3600s])))'
    );
    expect(topErrorServicesQuery({ services: ['a'], levels: ['error'], search: 'x(', rangeMs: HOUR, top: 1 })).toBe(
      'topk(1, sum by (service_name) (count_over_time({service_name="a"} | detected_level=~"(?i)error" |~ "(?i)x\\\\(" [3600s])))'
    );
  });

  it('never selects every stream, and refuses a bad top or window', () => {
    expect(() => topErrorServicesQuery({ services: [], rangeMs: HOUR, top: 20 })).toThrow(/at least one service/);
    expect(() => topErrorServicesQuery({ services: ['a'], rangeMs: HOUR, top: 0 })).toThrow(/Invalid top/);
    expect(() => topErrorServicesQuery({ services: ['a'], rangeMs: 0, top: 20 })).toThrow(/Invalid window/);
  });

  it.each(HOSTILE_VALUES.map((v) => [JSON.stringify(v.slice(0, 20)), v]))(
    'parses as LogQL with the service %s kept literal',
    (_name, value) => {
      const parsed = parseLogQL(topErrorServicesQuery({ services: [value], search: value, rangeMs: HOUR, top: 21 }));
      expect(parsed.errors).toEqual([]);
      if (value.trim() !== '') {
        expect(decodeGoString(parsed.strings[0])).toBe(value);
      }
    }
  );
});

describe('topErrorServicesOfAllQuery: the services with the most errors, no service chosen', () => {
  it('is a count bounded by the window, parsed by the LogQL grammar, with hostile levels kept literal', () => {
    expect(topErrorServicesOfAllQuery({ levels: ['error'], rangeMs: HOUR, top: 20 })).toBe(
      'topk(20, sum by (service_name) (count_over_time({service_name=~".+"} | detected_level=~"(?i)error" [3600s])))'
    );
    for (const value of HOSTILE_VALUES.filter((v) => v.trim() !== '')) {
      const parsed = parseLogQL(topErrorServicesOfAllQuery({ levels: [value], rangeMs: HOUR, top: 20 }));
      expect(parsed.errors).toEqual([]);
    }
    expect(() => topErrorServicesOfAllQuery({ rangeMs: HOUR, top: 0 })).toThrow(/Invalid top/);
    expect(() => topErrorServicesOfAllQuery({ rangeMs: 0, top: 20 })).toThrow(/Invalid window/);
  });
});
