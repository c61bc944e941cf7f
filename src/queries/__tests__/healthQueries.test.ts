import { errorLineCountQuery, errorsByServiceQuery, levelCountsQuery, logqlRange, serviceBatches } from '../logql';
import {
  HEALTH_EXEMPLAR_SERVICES,
  healthExemplarsQuery,
  metricNamesSelector,
  promLabelName,
  redServerSelector,
  seriesSelector,
} from '../promql';
import { RED_PROFILE_IDS } from '../redProfiles';
import { traceIdLookupQuery } from '../traceql';
import { HOSTILE_VALUES, decodeGoString, parseLogQL, parsePromQL } from './grammar';

const HOUR = 3_600_000;

describe('health LogQL: counts over the whole window', () => {
  it('writes the instant queries the health checks send', () => {
    const opts = { levels: ['error', 'fatal'], rangeMs: HOUR };
    const inner = 'count_over_time({service_name=~".+"} | detected_level=~"(?i)error|fatal" [3600s])';
    expect(errorsByServiceQuery({ ...opts, services: ['a', 'b.c'] })).toBe(
      'sum by (service_name) (count_over_time({service_name=~"a|b\\\\.c"} | detected_level=~"(?i)error|fatal" [3600s]))'
    );
    expect(errorLineCountQuery(opts)).toBe(`sum(${inner})`);
    expect(levelCountsQuery({ rangeMs: 90_500, top: 50 })).toBe(
      'topk(50, sum by (detected_level) (count_over_time({service_name=~".+"} [91s])))'
    );
  });

  it.each([0, -1, NaN, Infinity, 722 * HOUR, '1h' as unknown as number])('refuses the window %p', (ms) => {
    expect(() => logqlRange(ms)).toThrow(/Invalid window/);
    expect(() => errorLineCountQuery({ rangeMs: ms })).toThrow(/Invalid window/);
  });

  it.each([0, 1.5, 10_001, NaN])('refuses top %p', (top) => {
    expect(() => levelCountsQuery({ rangeMs: HOUR, top })).toThrow(/Invalid top/);
  });

  it.each(HOSTILE_VALUES.map((v) => [JSON.stringify(v.slice(0, 20)), v]))(
    'parses with the level %s kept literal',
    (_name, value) => {
      for (const q of [
        errorsByServiceQuery({ levels: [value], rangeMs: HOUR, services: ['checkout'] }),
        errorsByServiceQuery({ levels: [value, 'error'], rangeMs: HOUR, services: ['a', 'b'] }),
        errorLineCountQuery({ levels: [value], rangeMs: 1 }),
      ]) {
        const parsed = parseLogQL(q);
        expect(parsed.errors).toEqual([]);
        if (value.trim() !== '') {
          const levels = decodeGoString(parsed.strings[1]);
          expect(new RegExp(`^(?:${levels.slice(4)})$`, 'is').test(value)).toBe(true);
        }
      }
      expect(parseLogQL(levelCountsQuery({ rangeMs: HOUR, top: 50 })).errors).toEqual([]);
    }
  );
});

describe('per-service counts in batches under max_query_series', () => {
  it('never selects every stream: an empty batch is refused', () => {
    expect(() => errorsByServiceQuery({ rangeMs: HOUR, services: [] })).toThrow(/at least one service/);
    expect(() => errorsByServiceQuery({ rangeMs: HOUR, services: [''] })).toThrow(/at least one service/);
  });

  it('splits 3,000 services into batches of at most 400 services and 4,000 characters', () => {
    const services = Array.from({ length: 3000 }, (_, i) => `svc-${String(i).padStart(4, '0')}`);
    const batches = serviceBatches(services);
    expect(batches.flat()).toEqual(services);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(400);
    expect(batches.every((b) => b.join('|').length <= 4000)).toBe(true);
    const long = ['x'.repeat(5000), 'a', 'b'];
    expect(serviceBatches(long)).toEqual([[long[0]], ['a', 'b']]);
    expect(serviceBatches([])).toEqual([]);
  });

  it.each(HOSTILE_VALUES.map((v) => [JSON.stringify(v.slice(0, 20)), v]))('a batch with %s parses', (_n, value) => {
    const q = errorsByServiceQuery({ rangeMs: HOUR, services: serviceBatches([value, 'ok'])[0] });
    expect(parseLogQL(q).errors).toEqual([]);
  });
});

describe('health PromQL: selectors for the label and exemplar APIs', () => {
  it('writes the selectors', () => {
    expect(metricNamesSelector(['traces_spanmetrics_calls_total', 'http:requests'])).toBe(
      '{__name__=~"traces_spanmetrics_calls_total|http:requests"}'
    );
    expect(seriesSelector('traces_service_graph_request_total')).toBe('traces_service_graph_request_total{}');
    expect(redServerSelector('tempo-spanmetrics', 'calls')).toBe(
      'traces_spanmetrics_calls_total{span_kind="SPAN_KIND_SERVER"}'
    );
    expect(redServerSelector('otel-http', 'buckets')).toBe('http_server_request_duration_seconds_bucket{}');
  });

  it('asks exemplars of one family’s server buckets for a few services, every bucket', () => {
    expect(healthExemplarsQuery('tempo-spanmetrics', ['payments', 'orders'])).toBe(
      'traces_spanmetrics_latency_bucket{span_kind="SPAN_KIND_SERVER", service=~"payments|orders"}'
    );
    expect(healthExemplarsQuery('otel-spanmetrics', ['payments'])).toBe(
      'traces_span_metrics_duration_milliseconds_bucket{span_kind="SPAN_KIND_SERVER", service_name="payments"}'
    );
    // OTLP `job`: the name with or without its namespace.
    expect(healthExemplarsQuery('otel-http', ['shop/payments', 'orders'])).toBe(
      'http_server_request_duration_seconds_bucket{job=~"[^/]*/shop/payments|(?:[^/]*/)?orders"}'
    );
  });

  it('parses every family’s selectors and the exemplar expression', () => {
    for (const id of RED_PROFILE_IDS) {
      expect(parsePromQL(redServerSelector(id, 'calls')).errors).toEqual([]);
      expect(parsePromQL(redServerSelector(id, 'buckets')).errors).toEqual([]);
    }
    for (const id of RED_PROFILE_IDS) {
      expect(parsePromQL(healthExemplarsQuery(id, ['a', 'b/c'])).errors).toEqual([]);
    }
  });

  it.each(HOSTILE_VALUES.map((v) => [JSON.stringify(v.slice(0, 20)), v]))(
    'keeps the exemplar service %s literal',
    (_n, value) => {
      const parsed = parsePromQL(healthExemplarsQuery('tempo-spanmetrics', [value]));
      expect(parsed.errors).toEqual([]);
      expect(parsed.strings.map(decodeGoString)).toContain(value);
    }
  );

  it.each(HOSTILE_VALUES.map((v) => [JSON.stringify(v.slice(0, 20)), v]))('keeps the value %s literal', (_n, value) => {
    const parsed = parsePromQL(seriesSelector('m', { client: value }));
    expect(parsed.errors).toEqual([]);
    expect(decodeGoString(parsed.strings[0])).toBe(value);
  });

  it.each([['bad name'], ['1abc'], ['a{b}'], [''], ['"} or vector(1) {"']])('refuses the name %p', (name) => {
    expect(() => seriesSelector(name)).toThrow(/Invalid metric name/);
    expect(() => seriesSelector('m', { [name]: 'x' })).toThrow(/Invalid label name/);
    expect(() => promLabelName(name)).toThrow(/Invalid label name/);
    // An empty name is dropped from the list, which is then empty.
    expect(() => metricNamesSelector([name])).toThrow(name ? /Invalid metric name/ : /No metric names/);
  });

  it('refuses unknown families and empty lists', () => {
    expect(() => redServerSelector('nope' as never, 'calls')).toThrow(/Unknown RED metrics source/);
    expect(() => healthExemplarsQuery('nope' as never, ['a'])).toThrow(/Unknown RED metrics source/);
    expect(() => healthExemplarsQuery('tempo-spanmetrics', [])).toThrow(/No services/);
    expect(() => healthExemplarsQuery('tempo-spanmetrics', ['', 1 as never])).toThrow(/No services/);
    const many = Array.from({ length: HEALTH_EXEMPLAR_SERVICES + 1 }, (_x, i) => `s${i}`);
    expect(() => healthExemplarsQuery('tempo-spanmetrics', many)).toThrow(/5 services at most/);
    expect(() => metricNamesSelector([])).toThrow(/No metric names/);
  });
});

describe('trace-id lookups', () => {
  it('sends a valid id as Tempo’s data source reads it (lowercase hex, 64-bit ids padded)', () => {
    expect(traceIdLookupQuery('4BF92F3577B34DA6A3CE929D0E0E4736')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdLookupQuery('a3ce929d0e0e4736')).toBe('0000000000000000a3ce929d0e0e4736');
  });

  it.each([[''], ['{ status = error }'], ['0'.repeat(32)], ['xyz'], [undefined as unknown as string]])(
    'refuses %p',
    (value) => {
      expect(() => traceIdLookupQuery(value)).toThrow(/Not a trace id/);
    }
  );
});
