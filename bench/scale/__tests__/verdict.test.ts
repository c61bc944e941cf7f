import { grafanaStep, interpolate } from '../replay';
import { isLogQLMetric, selectsAllStreams, verdict, type PageFigures } from '../verdict';

const page = (over: Partial<PageFigures> = {}): PageFigures => ({
  page: 'errors',
  requests: 2,
  queries: [],
  longestTaskMs: 10,
  ...over,
});

describe('scale verdict', () => {
  it('prints one line with every figure and finds a quiet page within limits', () => {
    const v = verdict(
      page({
        queries: [
          { backend: 'loki', query: '{service_name="a"} |= "x"', series: 0, lines: 1000, bytes: 1200 },
          { backend: 'prometheus', query: 'sum(rate(x[5m]))', series: 12, lines: 0, bytes: 5000 },
        ],
      })
    );
    expect(v.line).toBe(
      'scale errors requests=2 maxSeriesPerQuery=12 maxLinesPerQuery=1000 bytesToBrowser=5000 longestTaskMs=10'
    );
    expect(v).toMatchObject({ within: true, reasons: [] });
  });

  it('names each broken limit once: Loki series, all streams, refusals, bytes, long tasks, not measured', () => {
    const all = 'sum by (service_name) (count_over_time({service_name=~".+"} [$__auto]))';
    const v = verdict(
      page({
        longestTaskMs: 201,
        failure: 'still loading after 60 s',
        queries: [
          { backend: 'loki', query: all, series: 501, lines: 0, bytes: 10 },
          { backend: 'loki', query: all, series: 501, lines: 0, bytes: 10 },
          { backend: 'loki', query: '{service_name=~".+"} | trace_id="abc"', series: 0, lines: 3, bytes: 2_000_001 },
          { backend: 'tempo', query: 'abc', series: 0, lines: 0, bytes: 10, refused: '429 job queue full' },
        ],
      })
    );
    expect(v.within).toBe(false);
    expect(v.reasons).toEqual([
      `Loki query returns 501 series (max_query_series 500): ${all}`,
      'Loki log query selects every stream, no narrowing matcher: {service_name=~".+"} | trace_id="abc"',
      'tempo refused: 429 job queue full (query: abc)',
      '2000001 bytes to the browser in one answer (over 2000000): {service_name=~".+"} | trace_id="abc"',
      'a 201 ms task in Chromium (over 200 ms)',
      'not measured: still loading after 60 s',
    ]);
  });

  it('reads which selectors select every stream, and which queries are counts', () => {
    expect(selectsAllStreams('{service_name=~".+"} | trace_id="x"')).toBe(true);
    expect(selectsAllStreams('{service_name=~".*", namespace!=""}')).toBe(true);
    expect(selectsAllStreams('{service_name=~"a|b"} | trace_id="x"')).toBe(false);
    expect(selectsAllStreams('{service_name=~".+", namespace="shop"}')).toBe(false);
    // Bad input: no selector at all is no claim of selecting every stream.
    expect(selectsAllStreams('')).toBe(false);
    expect(selectsAllStreams('not logql')).toBe(false);
    expect(isLogQLMetric('sum(count_over_time({a="b"}[5m]))')).toBe(true);
    expect(isLogQLMetric('{a="b"} |= "count_over_time"')).toBe(false);
  });
});

describe('PromQL replay as Grafana sends it', () => {
  it('steps at the request interval, never under the scrape interval nor over 11,000 points', () => {
    const hour = { fromMs: 0, toMs: 3_600_000 };
    expect(grafanaStep({ ...hour, intervalMs: 20_000 })).toBe(60_000);
    expect(grafanaStep({ ...hour, intervalMs: 120_000 })).toBe(120_000);
    expect(grafanaStep({ ...hour, maxDataPoints: 30 })).toBe(120_000);
    expect(grafanaStep({ fromMs: 0, toMs: 365 * 86_400_000, intervalMs: 60_000 })).toBe(2_867_000);
  });

  it("substitutes Grafana's variables", () => {
    expect(
      interpolate('rate(x[$__rate_interval]) / $__range_s + y[$__range] + z[$__interval]', 60_000, 3_600_000)
    ).toBe('rate(x[240s]) / 3600 + y[3600s] + z[60s]');
    expect(interpolate('rate(x[$__rate_interval])', 120_000, 7_200_000)).toBe('rate(x[240s])');
  });
});
