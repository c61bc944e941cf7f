import { errorLogsQuery, errorVolumeQuery, traceLogsQuery, traceLogsTextQuery } from '../logql';
import { redQueries } from '../promql';
import { RED_PROFILE_IDS, RED_PROFILES } from '../redProfiles';
import { errorTracesQuery, slowTracesQuery } from '../traceql';
import { HOSTILE_VALUES, decodeGoString, parseLogQL, parsePromQL, parseTraceQL } from './grammar';

/**
 * The contract: every query a builder can produce parses without error nodes under the grammar
 * Grafana uses for that language, and each value reaches the query as exactly that literal.
 */

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const label = (v: string) => JSON.stringify(v.length > 30 ? v.slice(0, 30) + '…' : v);

/** A decoded RE2 pattern as a JS RegExp with the same full-match meaning. */
function fullMatch(pattern: string): RegExp {
  const caseless = pattern.startsWith('(?i)');
  return new RegExp(`^(?:${caseless ? pattern.slice(4) : pattern})$`, caseless ? 'i' : '');
}

describe.each(HOSTILE_VALUES.map((v) => [label(v), v]))('hostile value %s', (_name, value) => {
  it('LogQL: one service reaches the selector exactly', () => {
    const parsed = parseLogQL(errorLogsQuery({ services: [value] }));
    expect(parsed.errors).toEqual([]);
    expect(decodeGoString(parsed.strings[0])).toBe(value);
  });

  it('LogQL: several services, levels and search stay literal', () => {
    const q = errorLogsQuery({ services: [value, 'other'], levels: [value], search: value });
    const parsed = parseLogQL(q);
    expect(parsed.errors).toEqual([]);
    const [services, levels, search] = parsed.strings.map(decodeGoString);
    const svc = fullMatch(services);
    expect(svc.test(value)).toBe(true);
    expect(svc.test('other')).toBe(true);
    expect(svc.test(value + 'x')).toBe(false);
    if (value.trim() !== '') {
      expect(fullMatch(levels).test(value)).toBe(true);
      expect(fullMatch(levels).test(value + 'x')).toBe(false);
      // A line filter is a substring search: it must find the text, and only the text.
      const s = search.slice(4);
      expect(new RegExp(s, 'i').test(`prefix ${value} suffix`)).toBe(true);
      expect(new RegExp(s, 'i').test('unrelated line')).toBe(value === '.*' ? false : value.length === 0);
    }
  });

  it('LogQL: error volume and trace logs (value as a field name) parse', () => {
    expect(parseLogQL(errorVolumeQuery({ services: [value], levels: [value], search: value })).errors).toEqual([]);
    expect(
      parseLogQL(errorVolumeQuery({ services: [value], levels: [value], search: value, interval: '90s' })).errors
    ).toEqual([]);
    expect(parseLogQL(traceLogsQuery(ID, [value], [value, 'b'])).errors).toEqual([]);
    expect(parseLogQL(traceLogsTextQuery(ID, [value])).errors).toEqual([]);
  });

  it('TraceQL: the service reaches the query exactly (literal or anchored regex)', () => {
    for (const build of [errorTracesQuery, slowTracesQuery]) {
      for (const services of [[value], [value, 'other']]) {
        const parsed = parseTraceQL(build({ services, minDurationMs: 250 }));
        expect(parsed.errors).toEqual([]);
        const decoded = parsed.strings.map(decodeGoString);
        expect(decoded).toHaveLength(services.length);
        decoded.forEach((lit, i) => {
          if (lit !== services[i]) {
            // An anchored RE2 pattern: it must match exactly the value.
            expect(lit.startsWith('^(?:')).toBe(true);
            expect(new RegExp(lit).test(services[i])).toBe(true);
            expect(new RegExp(lit).test(services[i] + 'x')).toBe(false);
          }
        });
      }
    }
  });

  it.each(RED_PROFILE_IDS)('PromQL (%s): parses and keeps the service literal', (profile) => {
    const one = redQueries(profile, { services: [value] });
    for (const q of [one.rate, one.errors, one.duration]) {
      const parsed = parsePromQL(q);
      expect(parsed.errors).toEqual([]);
      const strings = parsed.strings.map(decodeGoString);
      if (RED_PROFILES[profile].namespacedJob) {
        // job as OTLP translation writes it: the name, or "<namespace>/<name>", and nothing else.
        const job = strings.map(fullMatch).find((r) => r.test(`shop/${value}`));
        expect(job).toBeDefined();
        expect(job!.test(value)).toBe(!value.includes('/'));
        expect(job!.test(`${value}x`)).toBe(false);
        expect(job!.test(`shop/x${value}`)).toBe(false);
      } else {
        expect(strings).toContain(value);
      }
    }
    const many = redQueries(profile, { services: [value, 'other'] });
    const parsed = parsePromQL(many.rate);
    expect(parsed.errors).toEqual([]);
    const regexes = parsed.strings.map(decodeGoString).filter((s) => fullMatch(s).test('other'));
    // A namespaced job holds a name with a slash only behind a namespace.
    const series = RED_PROFILES[profile].namespacedJob && value.includes('/') ? `shop/${value}` : value;
    expect(regexes.some((r) => fullMatch(r).test(series) && !fullMatch(r).test(series + 'x'))).toBe(true);
  });
});
