import { lokiCheck, type LokiCounts } from '../lokiCheck';
import type { SampledLine } from '../sampledLines';
import { traceIdsCheck } from '../traceIdsCheck';
import { failed, fetched } from '../types';

const LEVELS = ['error', 'critical', 'fatal'];
const lv = (level: string | undefined, value: number) => ({
  labels: (level ? { detected_level: level } : {}) as Record<string, string>,
  value,
});
const counts = (over: Partial<LokiCounts> = {}) =>
  fetched<LokiCounts>({
    topErrorServices: [
      { labels: { service_name: 'orders' }, value: 40 },
      { labels: { service_name: 'payments' }, value: 12 },
    ],
    errorServices: 2,
    errorLines: 52,
    levels: [lv('error', 52), lv('info', 900)],
    ...over,
  });
const base = {
  counts: counts(),
  services: fetched(['orders', 'payments', 'gateway']),
  labelNames: fetched(['service_name', 'service_namespace']),
  errorLevels: LEVELS,
  lokiUid: 'loki-uid',
};

describe('Loki check', () => {
  it('ok: services, error lines per service, levels', () => {
    const r = lokiCheck(base);
    expect(r.state).toBe('ok');
    expect(r.figure).toBe('3 services with logs; 52 error lines from 2 services');
    expect(r.details[0].rows.map((x) => [x.name, x.figure])).toEqual([
      ['orders', '40 error lines'],
      ['payments', '12 error lines'],
    ]);
    expect(r.details[1].rows.map((x) => x.name)).toEqual(['info', 'error']);
    expect(r.links).toEqual([{ url: '/connections/datasources/edit/loki-uid', text: 'Loki settings' }]);
  });

  it('ok without errors, naming the levels it saw', () => {
    const r = lokiCheck({
      ...base,
      counts: counts({ topErrorServices: [], errorServices: 0, errorLines: 0, levels: [lv('info', 5)] }),
    });
    expect(r.state).toBe('ok');
    expect(r.figure).toContain('No error lines in this window (levels: `info`)');
  });

  it('broken: logs without service_name, naming the labels there are', () => {
    const r = lokiCheck({ ...base, services: fetched([]), labelNames: fetched(['job', 'container', 'namespace']) });
    expect(r.state).toBe('broken');
    expect(r.figure).toBe('No service_name; labels in this window: `job`, `container` and `namespace`');
    expect(r.cause).toContain('none carries a `service_name` label');
    expect(r.fix).toContain('discover_service_name');
    expect(r.links.map((l) => l.url)).toEqual([
      '/connections/datasources/edit/loki-uid',
      '/plugins/correlate-investigation-app#health-loki',
    ]);
  });

  it('broken: no logs at all', () => {
    const r = lokiCheck({ ...base, services: fetched([]), labelNames: fetched([]) });
    expect(r.state).toBe('broken');
    expect(r.figure).toBe('No logs in this window');
  });

  it('broken: no line has detected_level', () => {
    const r = lokiCheck({ ...base, counts: counts({ levels: [lv(undefined, 700)], errorLines: 0, errorServices: 0 }) });
    expect(r.state).toBe('broken');
    expect(r.cause).toBe(
      'None of the 700 lines in this window has `detected_level`, so Correlate’s error queries find nothing.'
    );
    expect(r.fix).toContain('discover_log_levels');
  });

  it('degraded: levels that look like errors are not counted', () => {
    const r = lokiCheck({ ...base, counts: counts({ levels: [lv('ERR', 30), lv('info', 100), lv('error', 52)] }) });
    expect(r.state).toBe('degraded');
    expect(r.cause).toBe('Levels `ERR` look like errors, but Correlate counts only `error`, `critical` and `fatal`.');
    expect(r.fix).toContain('Add `ERR` to Error levels');
  });

  it('degraded: a share of lines without detected_level, or mostly unknown levels', () => {
    const without = lokiCheck({ ...base, counts: counts({ levels: [lv('error', 52), lv(undefined, 48)] }) });
    expect(without.state).toBe('degraded');
    expect(without.cause).toBe('48% of the lines (48) have no `detected_level`; their errors are not counted.');
    const unknown = lokiCheck({ ...base, counts: counts({ levels: [lv('error', 10), lv('unknown', 90)] }) });
    expect(unknown.state).toBe('degraded');
    expect(unknown.cause).toContain('could not tell the level of 90% of the lines');
  });

  it('could not check: Loki answered nothing, with its error', () => {
    const r = lokiCheck({
      ...base,
      counts: failed('dial tcp 10.0.0.1:3100: connection refused'),
      services: failed('x'),
    });
    expect(r.state).toBe('unknown');
    expect(r.figure).toBe('Could not check');
    expect(r.cause).toBe('Loki did not answer: dial tcp 10.0.0.1:3100: connection refused');
  });

  it('shows the worst 20 services and counts the rest', () => {
    const top = Array.from({ length: 20 }, (_, i) => ({ labels: { service_name: `svc-${i}` }, value: 100 - i }));
    const r = lokiCheck({ ...base, counts: counts({ topErrorServices: top, errorServices: 4321 }) });
    expect(r.details[0].rows).toHaveLength(20);
    expect(r.details[0].more).toBe(4301);
    expect(r.details[0].rows[0].name).toBe('svc-0');
  });
});

let t = 0;
const line = (
  service: string,
  kind: 'otlp' | 'json' | 'text',
  id?: string,
  source?: SampledLine['source']
): SampledLine => ({
  service,
  timeMs: ++t,
  line: kind === 'json' ? '{"msg":"boom"}' : 'boom',
  labels: kind === 'otlp' ? { service_name: service, severity_number: '17' } : { service_name: service },
  traceId: id,
  source: id ? (source ?? 'fields') : undefined,
});
const ID = 'a'.repeat(32);
const many = (n: number, f: () => SampledLine) => Array.from({ length: n }, f);

describe('Trace ids in error logs', () => {
  it('ok: every service at 100%, with the paths', () => {
    const r = traceIdsCheck({
      lines: fetched([
        ...many(6, () => line('orders', 'otlp', ID)),
        ...many(2, () => line('inventory', 'json', ID, 'json')),
      ]),
    });
    expect(r.state).toBe('ok');
    expect(r.figure).toBe(
      '8 of 8 sampled error lines carry a trace id (100%) in 2 services; by structured metadata or labels 75%, JSON 25%'
    );
  });

  it('broken: one OTLP service at 0% while another OTLP service is fine names its SDK, not the collector', () => {
    const r = traceIdsCheck({
      lines: fetched([...many(10, () => line('orders', 'otlp', ID)), ...many(5, () => line('payments', 'otlp'))]),
    });
    expect(r.state).toBe('broken');
    expect(r.cause).toBe(
      '`payments` at 0% while other services are not. `payments` logs over OpenTelemetry without trace context, while `orders` sends it through the same pipeline: the collector keeps trace ids, so the SDK setup of `payments` is at fault.'
    );
    expect(r.fix).toContain('log while the request’s span is active');
    expect(r.details[0].rows[0]).toEqual({ name: 'payments', figure: '0 of 5 (0%)', state: 'broken', note: undefined });
  });

  it('broken: every OTLP service at 0% points at the collector or every SDK', () => {
    const r = traceIdsCheck({
      lines: fetched([...many(4, () => line('a', 'otlp')), ...many(4, () => line('b', 'otlp'))]),
    });
    expect(r.state).toBe('broken');
    expect(r.cause).toContain('No sampled error line carries a trace id');
    expect(r.cause).toContain('either no SDK attaches the span context to log records, or the collector drops it');
  });

  it('broken: JSON lines without an id point at the logger and the trace-id fields setting', () => {
    const r = traceIdsCheck({
      lines: fetched([...many(4, () => line('orders', 'otlp', ID)), ...many(4, () => line('legacy', 'json'))]),
    });
    expect(r.state).toBe('broken');
    expect(r.cause).toContain('`legacy` writes JSON lines without a trace-id field');
    expect(r.fix).toContain('Trace-id fields');
  });

  it('broken: plain text points at the log format or a pattern', () => {
    const r = traceIdsCheck({ lines: fetched(many(3, () => line('cron', 'text'))) });
    expect(r.cause).toContain('`cron` writes plain-text lines without a trace id.');
    expect(r.fix).toContain('trace-id pattern');
  });

  it('degraded: a service below 90%, or at 0% on too few lines to call it broken', () => {
    const partial = traceIdsCheck({
      lines: fetched([...many(5, () => line('orders', 'otlp', ID)), ...many(5, () => line('orders', 'otlp'))]),
    });
    expect(partial.state).toBe('degraded');
    expect(partial.cause).toContain('`orders` below 90%.');
    const few = traceIdsCheck({ lines: fetched([...many(5, () => line('a', 'otlp', ID)), line('b', 'text')]) });
    expect(few.state).toBe('degraded');
    expect(few.details[0].rows[0]).toMatchObject({ name: 'b', figure: '0 of 1 (0%)', state: 'degraded' });
  });

  it('could not check: no lines, or Loki failed', () => {
    expect(traceIdsCheck({ lines: fetched([]) })).toMatchObject({
      state: 'unknown',
      figure: 'No error lines in this window',
    });
    expect(traceIdsCheck({ lines: failed('HTTP 502') })).toMatchObject({
      state: 'unknown',
      cause: 'Loki did not give error lines: HTTP 502',
    });
  });

  it('lists thousands of services worst first, 20 shown and the rest counted', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => line(`svc-${i}`, 'otlp', i % 2 ? ID : undefined));
    const r = traceIdsCheck({ lines: fetched(lines) });
    expect(r.details[0].rows).toHaveLength(20);
    expect(r.details[0].more).toBe(2980);
    expect(r.details[0].rows.every((x) => x.figure === '0 of 1 (0%)')).toBe(true);
  });
});
