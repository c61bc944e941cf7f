import { RE2JS } from 're2js';
import { joinNames, serviceNamesCheck } from '../nameJoin';
import type { SampledLine } from '../sampledLines';
import { failed, fetched } from '../types';
import { lokiToTempoCheck, metricsToTempoCheck, tempoToLokiCheck, traceToLogsOf, derivedValue } from '../wiringChecks';
import { provisionedSettings, UIDS } from './scenarios';

const settings = (jsonData: Record<string, unknown>) => fetched({ uid: 'x', name: 'x', type: 'x', jsonData });
const FORBIDDEN = failed<never>(
  "You'll need additional permissions to perform this action. Permissions needed: datasources:read",
  403
);
const provisioned = provisionedSettings();

describe('Grafana: Tempo links traces to logs', () => {
  const run = (jsonData: Record<string, unknown>) =>
    tempoToLokiCheck({ settings: settings(jsonData), targetUid: UIDS.loki, ownUid: UIDS.tempo });

  it('ok: our provisioning (custom query on the trace_id structured metadata)', () => {
    const r = run(provisioned[UIDS.tempo]);
    expect(r.state).toBe('ok');
    expect(r.figure).toBe('Trace to logs → correlate-loki, by trace id (custom query)');
  });

  it('reads the pre-V2 settings as Grafana does, and a V3 list first', () => {
    expect(traceToLogsOf({ tracesToLogs: { datasourceUid: 'l', filterByTraceID: true } })).toEqual({
      datasourceUid: 'l',
      filterByTraceID: true,
      customQuery: false,
    });
    expect(
      traceToLogsOf({ tracesToLogsV3: [{ datasourceUid: 'v3' }], tracesToLogsV2: { datasourceUid: 'v2' } })
        ?.datasourceUid
    ).toBe('v3');
    expect(run({ tracesToLogs: { datasourceUid: UIDS.loki, filterByTraceID: true } }).state).toBe('ok');
  });

  it('broken: not set', () => {
    const r = run({});
    expect(r.state).toBe('broken');
    expect(r.figure).toBe('Trace to logs is not set');
    expect(r.links.map((l) => l.url)).toEqual([
      '/connections/datasources/edit/correlate-tempo',
      '/plugins/correlate-investigation-app#health-tempo-to-loki',
    ]);
  });

  it('degraded: another Loki, or not by trace id', () => {
    expect(run({ tracesToLogsV2: { datasourceUid: 'other', filterByTraceID: true } }).cause).toContain(
      'uid `other`), not to Correlate’s Loki (uid `correlate-loki`)'
    );
    const builtin = run({ tracesToLogsV2: { datasourceUid: UIDS.loki, filterByTraceID: false, customQuery: false } });
    expect(builtin.state).toBe('degraded');
    expect(builtin.cause).toContain('“Filter by trace ID” is off');
    const custom = run({ tracesToLogsV2: { datasourceUid: UIDS.loki, customQuery: true, query: '{${__tags}}' } });
    expect(custom.cause).toContain('custom trace-to-logs query does not use the trace id');
    expect(
      run({
        tracesToLogsV2: { datasourceUid: UIDS.loki, customQuery: true, query: '{${__tags}} |= "$__span.traceId"' },
      }).state
    ).toBe('ok');
  });

  it('could not check: 403, naming the permission', () => {
    const r = tempoToLokiCheck({ settings: FORBIDDEN, targetUid: UIDS.loki, ownUid: UIDS.tempo });
    expect(r.state).toBe('unknown');
    expect(r.cause).toBe(
      "Could not read the Tempo data source’s settings: You'll need additional permissions to perform this action. Permissions needed: datasources:read. Reading a data source’s settings needs the datasources:read permission (an admin has it)"
    );
  });
});

const sampled = (service: string, line: string, labels: Record<string, string>, traceId?: string): SampledLine => ({
  service,
  timeMs: 1,
  line,
  labels,
  traceId,
  source: traceId ? 'fields' : undefined,
});
const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('Grafana: Loki links log lines to traces', () => {
  const otlp = sampled('orders', 'declined', { service_name: 'orders', trace_id: ID }, ID);
  const json = sampled('inventory', `{"msg":"x","traceId":"${ID}"}`, { service_name: 'inventory' }, ID);
  const run = (jsonData: Record<string, unknown>, lines = [otlp, json]) =>
    lokiToTempoCheck({ settings: settings(jsonData), targetUid: UIDS.tempo, ownUid: UIDS.loki, lines });

  it('derives values the way Grafana does: label names by regex, the first capture group in the line', () => {
    const re = (source: string) => RE2JS.compile(source);
    expect(derivedValue({ name: 'a', matcherType: 'label', matcherRegex: 'trace_id' }, re('trace_id'), otlp)).toBe(ID);
    expect(derivedValue({ name: 'b', matcherRegex: '"traceId":"(\\w+)"' }, re('"traceId":"(\\w+)"'), json)).toBe(ID);
    expect(derivedValue({ name: 'c', matcherType: 'other', matcherRegex: '.' }, re('.'), json)).toBeUndefined();
  });

  it('ok: our provisioning links both OTLP and pushed JSON lines', () => {
    const r = run(provisioned[UIDS.loki]);
    expect(r.state).toBe('ok');
    expect(r.figure).toBe('2 derived fields linking to Tempo; 2 of 2 sampled lines with a trace id get a link (100%)');
  });

  it('degraded: lines whose id no derived field reads are named by service', () => {
    const r = run({
      derivedFields: [{ name: 'trace_id', matcherType: 'label', matcherRegex: 'trace_id', datasourceUid: UIDS.tempo }],
    });
    expect(r.state).toBe('degraded');
    expect(r.figure).toContain('1 of 2 sampled lines with a trace id get a link (50%)');
    expect(r.cause).toBe(
      'Lines of `inventory` carry a trace id that no derived field reads, so Explore shows no trace link for them.'
    );
  });

  it('degraded: a regex that does not compile', () => {
    const r = run({ derivedFields: [{ name: 'bad', matcherRegex: '(unclosed', datasourceUid: UIDS.tempo }] });
    expect(r.state).toBe('degraded');
    expect(r.cause).toContain('`bad` has a regular expression that does not compile');
  });

  it('broken: no derived field to Tempo, or only to another data source', () => {
    expect(run({}).figure).toBe('No derived fields');
    const other = run({ derivedFields: [{ name: 't', matcherRegex: 'x', datasourceUid: 'jaeger' }] });
    expect(other.state).toBe('broken');
    expect(other.cause).toContain('uid `jaeger`');
  });

  it('odd settings are read as far as they make sense', () => {
    expect(run({ derivedFields: 'nope' }).state).toBe('broken');
    expect(run({ derivedFields: [null, 7, { name: 5 }] }).state).toBe('broken');
  });

  it('could not check: forbidden', () => {
    expect(lokiToTempoCheck({ settings: FORBIDDEN, targetUid: UIDS.tempo, lines: [] }).state).toBe('unknown');
  });
});

describe('Grafana: metrics link exemplars to traces', () => {
  const run = (jsonData: Record<string, unknown>, exemplarLabels = ['traceID']) =>
    metricsToTempoCheck({ settings: settings(jsonData), targetUid: UIDS.tempo, ownUid: UIDS.metrics, exemplarLabels });
  it('ok: our provisioning names traceID and trace_id', () => {
    expect(run(provisioned[UIDS.metrics])).toMatchObject({
      state: 'ok',
      figure: 'Exemplar links to Tempo for `traceID` and `trace_id`',
    });
  });
  it('degraded: the exemplars carry a label no destination names (exact match)', () => {
    const r = run({ exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: UIDS.tempo }] }, ['traceID']);
    expect(r.state).toBe('degraded');
    expect(r.fix).toBe('Add an exemplar destination named `traceID` with an internal link to Tempo.');
  });
  it('broken: none to Tempo', () => {
    expect(run({}).state).toBe('broken');
    expect(run({ exemplarTraceIdDestinations: [{ name: 'traceID', datasourceUid: 'elsewhere' }] }).figure).toBe(
      '1 exemplar links, none to Correlate’s Tempo'
    );
  });
  it('could not check', () => {
    expect(metricsToTempoCheck({ settings: failed('HTTP 500'), exemplarLabels: [] }).state).toBe('unknown');
  });
});

describe('service names: Loki against the metrics', () => {
  it('matches `job` with a namespace on either side', () => {
    expect(joinNames(['orders', 'payments'], ['shop/orders', 'payments'])).toEqual({
      matched: 1,
      onlyLoki: [],
      onlyMetrics: [],
      nearMisses: [{ loki: 'orders', metrics: 'shop/orders', cause: 'namespace' }],
    });
    expect(joinNames(['shop/orders'], ['orders']).nearMisses).toEqual([
      { loki: 'shop/orders', metrics: 'orders', cause: 'namespace' },
    ]);
  });

  it('takes `job` without its namespace for otel-http, as the RED queries do', () => {
    expect(joinNames(['orders', 'api'], ['shop/orders', 'staging/api', 'worker'], true)).toEqual({
      matched: 2,
      onlyLoki: [],
      onlyMetrics: ['worker'],
      nearMisses: [],
    });
  });

  it('matches case differences and dots, dashes or underscores', () => {
    expect(
      joinNames(['Checkout', 'cart.service', 'billing-api'], ['checkout', 'cart_service', 'Billing_API']).nearMisses
    ).toEqual([
      { loki: 'Checkout', metrics: 'checkout', cause: 'case' },
      { loki: 'billing-api', metrics: 'Billing_API', cause: 'separators' },
      { loki: 'cart.service', metrics: 'cart_service', cause: 'separators' },
    ]);
    expect(joinNames(['Shop/Cart.Service'], ['cart_service']).nearMisses[0].cause).toBe('namespace');
  });

  it('pairs each leftover at most once and leaves real strangers alone', () => {
    const j = joinNames(['a.b', 'a_b'], ['A-B', 'zzz']);
    expect(j.nearMisses).toHaveLength(1);
    expect(j.onlyLoki).toEqual(['a_b']);
    expect(j.onlyMetrics).toEqual(['zzz']);
  });

  it('joins tens of thousands of names in one pass', () => {
    const loki = Array.from({ length: 20_000 }, (_, i) => `svc.${i}`);
    const metrics = Array.from({ length: 20_000 }, (_, i) => `ns/svc_${i}`);
    const t = Date.now();
    const j = joinNames(loki, metrics);
    expect(j.nearMisses).toHaveLength(20_000);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  const check = (
    loki: string[],
    metrics: string[],
    errors: string[] = [],
    profile: 'tempo-spanmetrics' | 'otel-http' = 'tempo-spanmetrics'
  ) =>
    serviceNamesCheck({
      lokiServices: fetched(loki),
      metricServices: fetched(metrics),
      profile,
      errorServices: new Set(errors),
    });

  it('ok: the same names', () => {
    expect(check(['a', 'b'], ['a', 'b'])).toMatchObject({
      state: 'ok',
      figure: '2 services in both; 0 only in Loki, 0 only in the metrics (service)',
    });
  });

  it('degraded: near misses with their cause and fix', () => {
    const r = check(['orders', 'payments'], ['shop/orders', 'payments']);
    expect(r.state).toBe('degraded');
    expect(r.cause).toBe(
      '1 service is named differently, for example `orders` in Loki and `shop/orders` in the metrics: one side names the service `<namespace>/<name>`, as a `job` label does.'
    );
    expect(r.fix).toContain('use the `otel-http` RED source');
    expect(r.details[0].rows).toEqual([{ name: 'orders ↔ shop/orders', figure: 'namespace', state: 'degraded' }]);
    expect(check(['Orders', 'b'], ['orders', 'b']).fix).toContain('OTEL_SERVICE_NAME');
  });

  it('degraded: a service with error logs and no metrics; a quiet one only listed', () => {
    const r = check(['a', 'batch', 'cron'], ['a'], ['batch']);
    expect(r.state).toBe('degraded');
    expect(r.cause).toBe(
      '`batch` logs errors but has no RED metrics: no server spans (or HTTP server metrics) under that name.'
    );
    expect(r.details[1].rows.map((x) => [x.name, x.figure])).toEqual([
      ['batch', 'has error logs, no RED metrics'],
      ['cron', 'logs only'],
    ]);
    expect(check(['a', 'cron'], ['a']).state).toBe('ok');
  });

  it('broken: no name in common', () => {
    const r = check(['orders'], ['shop/orders']);
    expect(r.state).toBe('broken');
    expect(r.cause).toContain('No service has the same name in Loki and in the metrics');
    const strangers = check(['x'], ['y']);
    expect(strangers.fix).toBe('Loki has `x`, the metrics `y`: make `service.name` the same for logs and traces.');
  });

  it('could not check: either side failed, or no RED family', () => {
    expect(
      serviceNamesCheck({
        lokiServices: failed('HTTP 502'),
        metricServices: fetched([]),
        profile: 'otel-http',
        errorServices: new Set(),
      }).state
    ).toBe('unknown');
    expect(
      serviceNamesCheck({
        lokiServices: fetched(['a']),
        metricServices: failed('x'),
        profile: 'otel-http',
        errorServices: new Set(),
      }).cause
    ).toBe('The metrics data source did not list its services: x');
    expect(
      serviceNamesCheck({ lokiServices: fetched(['a']), metricServices: fetched([]), errorServices: new Set() }).figure
    ).toBe('No RED metrics to compare with');
  });

  it('odd names: quotes, braces, newlines, unicode and 10 KB names stay names', () => {
    const odd = ['a"b', '} or vector(1) {', 'new\nline', '中文服务', 'x'.repeat(10_000)];
    const r = check(
      odd,
      odd.map((n) => `ns/${n}`)
    );
    expect(r.state).toBe('broken');
    expect(r.details[0].rows).toHaveLength(5);
    expect(r.cause).toContain('one side names the service `<namespace>/<name>`');
  });
});

describe('derived-field regexes on hostile lines (security review F2)', () => {
  const field = (matcherRegex: string, name = 'tid') => ({
    derivedFields: [{ name, matcherRegex, datasourceUid: UIDS.tempo }],
  });
  const hostile = Array.from({ length: 400 }, (_, i) =>
    sampled(`svc${i % 20}`, 'x'.repeat(5000), { service_name: `svc${i % 20}`, trace_id: ID }, ID)
  );
  const run = (jsonData: Record<string, unknown>, lines: SampledLine[]) =>
    lokiToTempoCheck({ settings: settings(jsonData), targetUid: UIDS.tempo, ownUid: UIDS.loki, lines });

  it.each(['.*traceID=(\\w+)', '(?:\\w+\\s?)*traceID=(\\w+)'])(
    '%p over the 400-line sample of 5,000-character lines takes well under a second (4.9 s before)',
    (regex) => {
      const t = performance.now();
      const r = run(field(regex), hostile);
      expect(performance.now() - t).toBeLessThan(500);
      expect(r.state).toBe('degraded');
      expect(r.figure).toMatch(/^1 derived field linking to Tempo; 0 of \d+ sampled lines/);
    }
  );

  it('still links an id the regex reads, and says how many lines it did not try', () => {
    const line = sampled('orders', `traceID=${ID} rest`, { service_name: 'orders' }, ID);
    const r = run(
      field('traceID=(\\w+)'),
      Array.from({ length: 150 }, () => line)
    );
    expect(r.state).toBe('ok');
    // At most 100 lines, fewer if 50 ms run out first (a loaded machine): the rest are counted.
    const m =
      /^1 derived field linking to Tempo; (\d+) of (\d+) sampled lines with a trace id get a link \(100%\) \((\d+) more lines not tried, to keep the page responsive\)$/.exec(
        r.figure
      );
    expect(m).not.toBeNull();
    const [linked, tried, untried] = m!.slice(1).map(Number);
    expect(linked).toBe(tried);
    expect(tried).toBeLessThanOrEqual(100);
    expect(tried + untried).toBe(150);
  });

  it('skips a regex RE2 cannot run, saying so, instead of running it in JavaScript', () => {
    const line = sampled('orders', `traceID=${ID}`, { service_name: 'orders' }, ID);
    const r = run(field('(?<=traceID=)(\\w+)', 'lookbehind'), [line]);
    expect(r.state).toBe('degraded');
    expect(r.cause).toMatch(/`lookbehind` was not tried .*RE2/);
    expect(r.details[0].rows[0]).toMatchObject({ state: 'unknown', note: expect.stringMatching(/^not tried: RE2/) });
  });
});
