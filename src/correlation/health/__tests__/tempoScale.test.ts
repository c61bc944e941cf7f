import { TEMPO_LIMITS } from '../../../test/mocks/limits/tempoLimits';
import { spanMetricsSeries, type HealthScenario } from '../../../test/mocks/healthStack';
import { exemplarServices } from '../exemplarsCheck';
import { concurrencyLimit, isQueueFull, retryWhenQueueFull, TEMPO_LOOKUPS_AT_ONCE } from '../tempoLookups';
import { check, devStack, runScenario, SETTINGS, traceId } from './scenarios';

/** Health at scale, against the Tempo double's default limits (src/test/mocks/limits/tempoLimits.ts). */

const stack = (edit: (s: HealthScenario, nowMs: number) => void = () => undefined) => {
  const now = Date.now();
  const s = devStack(now);
  edit(s, now);
  return s;
};

describe('Tempo lookups within the query queue', () => {
  it('32 lookups while others hold 600 of Tempo’s 2,000 queued jobs: all answered, none refused', async () => {
    // All at once, 32 × 50 jobs + 600 overflow the queue and Tempo answers 429 to the later ones.
    const run = await runScenario(stack(), {
      delayMs: 50,
      lokiSplitting: false,
      tempoLimits: { ...TEMPO_LIMITS, jobsInUse: 600 },
    });
    expect(check(run.report, 'tempo-traces').figure).toBe('20 of 20 sampled trace ids found in Tempo (100%)');
    expect(check(run.report, 'exemplars').state).toBe('ok');
    expect(run.report.requests.filter((r) => r.what.includes('again after HTTP 429'))).toHaveLength(0);
    expect(run.backendCalls.filter((c) => c.type === 'tempo')).toHaveLength(32);
  });

  it('a lookup Tempo refuses with its queue full is asked again after a pause, and then found', async () => {
    // Room for one lookup at a time: the second log lookup, sent with the first, is refused at first.
    const settings = { ...SETTINGS, healthTraceSample: 2 };
    const run = await runScenario(stack(), {
      delayMs: 50,
      settings,
      tempoLimits: { ...TEMPO_LIMITS, jobsInUse: 1950 },
    });
    expect(check(run.report, 'tempo-traces').figure).toBe('2 of 2 sampled trace ids found in Tempo (100%)');
    expect(check(run.report, 'exemplars').state).toBe('ok');
    const again = run.report.requests.filter((r) => r.what.includes('again after HTTP 429'));
    expect(again.length).toBeGreaterThanOrEqual(1);
    expect(run.backendCalls.filter((c) => c.type === 'tempo')).toHaveLength(4 + again.length);
  }, 15_000);

  it('a queue that stays full: three tries each, then Tempo’s own words', async () => {
    const settings = { ...SETTINGS, healthTraceSample: 1 };
    const run = await runScenario(stack(), { settings, tempoLimits: { ...TEMPO_LIMITS, jobsInUse: 2000 } });
    const tempo = check(run.report, 'tempo-traces');
    expect(tempo.state).not.toBe('ok');
    expect(JSON.stringify(tempo)).toContain('429 Too Many Requests');
    expect(run.backendCalls.filter((c) => c.type === 'tempo')).toHaveLength(2 * 3);
  }, 15_000);
});

describe('exemplars bounded at the server', () => {
  it('asks only for Loki’s top error services: 300 other services’ exemplars are not downloaded', async () => {
    const run = await runScenario(
      stack((s, now) => {
        for (let i = 0; i < 300; i++) {
          const { calls, bucket } = spanMetricsSeries(`quiet-${i}`, { source: 'tempo' });
          s.metrics.series.push(...calls, bucket);
          for (let j = 0; j < 3; j++) {
            s.metrics.exemplars.push({
              series: bucket,
              labels: { traceID: traceId(5000 + i * 3 + j) },
              timeMs: now - 5_000,
            });
          }
        }
      })
    );
    expect(check(run.report, 'exemplars').figure).toMatch(
      /^12 exemplars on traces_spanmetrics_latency_bucket in the last minute/
    );
  });

  it('picks Loki’s top error services the RED family names, else the family’s first, 5 at most', () => {
    expect(exemplarServices(['a', 'x', 'b'], ['a', 'b', 'c', 'd', 'e', 'f'], 'tempo-spanmetrics')).toEqual(['a', 'b']);
    expect(exemplarServices(['x'], ['a', 'b', 'c', 'd', 'e', 'f'], 'tempo-spanmetrics')).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(exemplarServices(['a', 'b', 'c', 'd', 'e', 'f', 'a'], [], 'tempo-spanmetrics')).toHaveLength(5);
    expect(exemplarServices(['a', 'b'], [], 'tempo-spanmetrics')).toEqual(['a', 'b']);
    expect(exemplarServices([], ['shop/a', 'b'], 'otel-http')).toEqual(['a', 'b']);
    expect(exemplarServices(['a'], ['shop/a'], 'otel-http')).toEqual(['a']);
    expect(exemplarServices(['', 3 as never], ['', 'z'], 'tempo-spanmetrics')).toEqual(['z']);
    expect(exemplarServices([], [], 'tempo-spanmetrics')).toEqual([]);
  });
});

describe('tempoLookups', () => {
  it('reads a full queue from the text Grafana passes on', () => {
    expect(isQueueFull('failed to get trace with id: 1 Status: 429 Too Many Requests Body: job queue full')).toBe(true);
    expect(isQueueFull('job queue full')).toBe(true);
    expect(isQueueFull('failed to get trace with id: 1 Status: 404 Not Found Body: trace not found')).toBe(false);
    expect(isQueueFull('trace 4290aa not found')).toBe(false);
    expect(isQueueFull(undefined)).toBe(false);
  });

  it('runs at most n tasks at once, in order, a failing one freeing its place', async () => {
    const gate = concurrencyLimit(TEMPO_LOOKUPS_AT_ONCE);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      running++;
      most = Math.max(most, running);
      order.push(i);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (i % 3 === 0) {
        throw new Error(`task ${i}`);
      }
      return i;
    };
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_x, i) => gate(task(i))));
    expect(most).toBe(4);
    expect(order).toEqual(Array.from({ length: 20 }, (_x, i) => i));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(7);
  });

  it('retries a full queue only, at most once per pause', async () => {
    let tries = 0;
    const full = { error: 'Status: 429 Too Many Requests Body: job queue full' };
    expect(await retryWhenQueueFull(async () => (tries++ < 1 ? full : { error: undefined }), [1, 1])).toEqual({
      error: undefined,
    });
    expect(tries).toBe(2);
    tries = 0;
    expect(await retryWhenQueueFull(async () => (tries++, full), [1, 1])).toBe(full);
    expect(tries).toBe(3);
    tries = 0;
    await retryWhenQueueFull(async () => (tries++, { error: 'trace not found' }), [1, 1]);
    expect(tries).toBe(1);
  });
});
