import {
  OVERVIEW_MAX,
  containsPattern,
  overviewOrder,
  overviewQueries,
  redQueries,
  visibleRowsQueries,
} from '../promql';
import { RED_PROFILE_IDS, RED_PROFILES } from '../redProfiles';
import { HOSTILE_VALUES, decodeGoString, parsePromQL } from './grammar';

/** A decoded RE2 pattern as a JS RegExp with the same full-match meaning (PromQL anchors label regexes). */
function fullMatch(pattern: string): RegExp {
  const caseless = pattern.startsWith('(?i)');
  return new RegExp(`^(?:${caseless ? pattern.slice(4) : pattern})$`, caseless ? 's' + 'i' : 's');
}

describe('overviewQueries', () => {
  it('ranks with topk at the server over the whole range, one value per service', () => {
    const q = overviewQueries('tempo-spanmetrics', { limit: 100 });
    const sel = '{span_kind="SPAN_KIND_SERVER"}';
    const total = `sum by (service) (rate(traces_spanmetrics_calls_total${sel}[$__range]))`;
    const failed =
      'sum by (service) (rate(traces_spanmetrics_calls_total{span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"}[$__range]))';
    const top = `topk(100, (${failed} > 0) or on (service) (-1 / (1 + ${total})))`;
    expect(q.rate).toBe(`${total} and on (service) ${top}`);
    expect(q.errors).toBe(`(${failed} or ${total} * 0) / ${total} and on (service) ${top}`);
    expect(q.count).toBe(`count(${total})`);
    expect(q.all).toBeUndefined();
  });

  it.each(RED_PROFILE_IDS)('parses as PromQL, with and without a search (%s)', (id) => {
    for (const q of [overviewQueries(id, { limit: 5 }), overviewQueries(id, { limit: 5, search: 'pay' })]) {
      for (const text of Object.values(q)) {
        expect(parsePromQL(text).errors).toEqual([]);
      }
      for (const text of [q.rate, q.errors]) {
        expect(text).toContain(`topk(5, `);
        expect(text).toContain(`on (${RED_PROFILES[id].serviceLabel})`);
      }
    }
  });

  it('searches every service at the server, any case, and counts both the matches and all services', () => {
    const q = overviewQueries('tempo-spanmetrics', { limit: 100, search: '  Pay ' });
    expect(q.rate).toContain('service=~"(?i).*Pay.*"');
    expect(q.count).toContain('service=~"(?i).*Pay.*"');
    expect(q.all).toBe(`count(${redQueries('tempo-spanmetrics', { services: [], rateInterval: '$__range' }).rate})`);
  });

  it.each([0, -1, OVERVIEW_MAX + 1, NaN, '10; drop' as unknown as number])('refuses the limit %p', (limit) => {
    expect(() => overviewQueries('tempo-spanmetrics', { limit })).toThrow(/Invalid number of services/);
  });

  it('refuses a search longer than 200 characters, saying what to do', () => {
    expect(() => overviewQueries('tempo-spanmetrics', { limit: 10, search: 'x'.repeat(201) })).toThrow(
      'The search is 201 characters long: type at most 200.'
    );
  });

  it('orders failing services by failed requests per second, then the rest by volume', () => {
    const rows = [
      { service: 'quiet-broken', rate: 0.001, errorFraction: 1 },
      { service: 'busy', rate: 100, errorFraction: 0 },
      { service: 'busy-failing', rate: 200, errorFraction: 0.02 },
      { service: 'idle', rate: 1, errorFraction: 0 },
    ];
    expect([...rows].sort(overviewOrder).map((r) => r.service)).toEqual([
      'busy-failing',
      'quiet-broken',
      'busy',
      'idle',
    ]);
  });
});

describe.each(HOSTILE_VALUES.filter((v) => v.trim().length <= 200).map((v) => [JSON.stringify(v.slice(0, 30)), v]))(
  'hostile search %s',
  (_n, value) => {
    it.each(RED_PROFILE_IDS)('stays one literal that finds the text inside a name (%s)', (id) => {
      const text = value.trim();
      const q = overviewQueries(id, { limit: 10, search: value });
      const parsed = parsePromQL(q.rate);
      expect(parsed.errors).toEqual([]);
      if (!text) {
        expect(q.all).toBeUndefined();
        return;
      }
      const pattern = parsed.strings.map(decodeGoString).find((s) => s === containsPattern(text));
      expect(pattern).toBeDefined();
      const re = fullMatch(pattern!);
      expect(re.test(`pre${text}post`)).toBe(true);
      expect(re.test(text.toUpperCase())).toBe(true);
      if (text.length > 1) {
        expect(re.test(text.slice(1))).toBe(false);
      }
    });
  }
);

describe('visibleRowsQueries', () => {
  it('asks p95 over the range and the error fraction over time, for the named services only', () => {
    const q = visibleRowsQueries('tempo-spanmetrics', ['a', 'b.c']);
    expect(q.duration).toBe(
      'histogram_quantile(0.95, sum by (service, le) (rate(traces_spanmetrics_latency_bucket{span_kind="SPAN_KIND_SERVER", service=~"a|b\\\\.c"}[$__range])))'
    );
    expect(q.spark).toBe(redQueries('tempo-spanmetrics', { services: ['a', 'b.c'] }).errors);
    expect(parsePromQL(q.duration).errors).toEqual([]);
  });

  it('refuses an empty list rather than asking for every service', () => {
    expect(() => visibleRowsQueries('tempo-spanmetrics', [])).toThrow('No services to ask for.');
  });
});
