import { redQueries } from '../promql';
import { RED_PROFILE_IDS } from '../redProfiles';

describe('redQueries', () => {
  it('builds the Tempo span-metrics queries', () => {
    const q = redQueries('tempo-spanmetrics', { services: ['checkout'] });
    const sel = '{span_kind="SPAN_KIND_SERVER", service="checkout"}';
    const total = `sum by (service) (rate(traces_spanmetrics_calls_total${sel}[$__rate_interval]))`;
    expect(q.rate).toBe(total);
    expect(q.errors).toBe(
      `(sum by (service) (rate(traces_spanmetrics_calls_total{span_kind="SPAN_KIND_SERVER", service="checkout", status_code="STATUS_CODE_ERROR"}[$__rate_interval])) or ${total} * 0) / ${total}`
    );
    expect(q.duration).toBe(
      `histogram_quantile(0.95, sum by (service, le) (rate(traces_spanmetrics_latency_bucket${sel}[$__rate_interval])))`
    );
  });

  it('converts millisecond histograms to seconds', () => {
    expect(redQueries('otel-spanmetrics', { services: [] }).duration).toMatch(/ \/ 1000$/);
    expect(redQueries('otel-spanmetrics-nosuffix', { services: [] }).duration).toContain(
      'traces_span_metrics_duration_bucket'
    );
  });

  it('uses HTTP 5xx as the error condition for otel-http', () => {
    const q = redQueries('otel-http', { services: ['a'], rateInterval: '5m' });
    expect(q.errors).toContain('http_response_status_code=~"5.."');
  });

  it('otel-http: matches job as <service.namespace>/<service.name> or <service.name>, reports the name', () => {
    // OTLP translation (Prometheus and Mimir createAttributes) writes job = "<namespace>/<name>".
    const name = (e: string) =>
      `label_replace(label_replace(${e}, "otlp_job", "\\x241", "job", "(.*)"), "job", "\\x241", "job", "(?:[^/]*/)?(.*)")`;
    const sum = (by: string, e: string) => `sum by (${by}) (${name(`sum by (${by}) (${e})`)})`;
    const calls = 'http_server_request_duration_seconds_count';
    expect(redQueries('otel-http', { services: [], rateInterval: '5m' }).rate).toBe(sum('job', `rate(${calls}{}[5m])`));
    const q = redQueries('otel-http', { services: ['orders', 'a.b', 'team/api'], rateInterval: '5m' });
    // A name with a slash is only matched behind a namespace: alone its first part is the namespace.
    const jobs = '{job=~"(?:[^/]*/)?orders|(?:[^/]*/)?a\\\\.b|[^/]*/team/api"}';
    expect(q.rate).toBe(sum('job', `rate(${calls}${jobs}[5m])`));
    expect(q.duration).toBe(
      `histogram_quantile(0.95, ${sum('job, le', `rate(http_server_request_duration_seconds_bucket${jobs}[5m])`)})`
    );
  });

  it('leaves the other profiles’ service label as it is', () => {
    for (const id of RED_PROFILE_IDS.filter((p) => p !== 'otel-http')) {
      const q = redQueries(id, { services: ['shop/orders'] });
      expect(q.rate).not.toContain('label_replace');
      expect(q.rate).toMatch(/service(_name)?="shop\/orders"/);
    }
  });

  it('escapes service names for RE2 and for the string', () => {
    expect(redQueries('tempo-spanmetrics', { services: ['a.b', 'c"d'] }).rate).toContain('service=~"a\\\\.b|c\\"d"');
  });

  it.each(RED_PROFILE_IDS)('uses no template variable but $__rate_interval (%s)', (id) => {
    const q = redQueries(id, { services: ['x'] });
    for (const text of [q.rate, q.errors, q.duration]) {
      expect(text.replace(/\$__rate_interval/g, '')).not.toContain('$');
    }
  });

  it.each(['5', '5 m', '1m; drop', '$__interval', '', '[1m]'])('rejects the rate interval %p', (bad) => {
    expect(() => redQueries('tempo-spanmetrics', { services: [], rateInterval: bad })).toThrow(/Invalid rate interval/);
  });

  it('rejects an unknown profile', () => {
    expect(() => redQueries('nope' as any, { services: [] })).toThrow(/Unknown RED metrics source/);
  });
});
