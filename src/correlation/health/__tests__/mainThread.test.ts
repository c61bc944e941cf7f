import { grafanaHealthClient } from '../../../pages/health/grafanaHealthClient';
import { count, groupOf } from '../format';
import { runHealthChecks } from '../runner';
import { nextTask } from '../../slices';
import { DETAIL_ROWS } from '../types';
import { devStack, installStack, SETTINGS } from './scenarios';

// Issue 20: no task over 200 ms. The Health page's longest task was all its checks at once, each
// formatting a row for every one of thousands of services.
describe('Health checks share the main thread', () => {
  it('builds detail rows only for the rows shown, however many items there are', () => {
    const row = jest.fn((i: number) => ({ name: `svc-${i}`, figure: count(i) }));
    const items = Array.from({ length: 3000 }, (_, i) => i);
    const g = groupOf('Services, worst first', items, row);
    expect(row).toHaveBeenCalledTimes(DETAIL_ROWS);
    expect(g.rows.map((r) => r.name)).toEqual(items.slice(0, DETAIL_ROWS).map((i) => `svc-${i}`));
    expect(g.more).toBe(3000 - DETAIL_ROWS);
    expect(groupOf('None', [], row)).toEqual({ title: 'None', rows: [], more: 0 });
  });

  it('formats counts as before, with one formatter', () => {
    for (const n of [0, 7, 999.5, 1234, -12345.4, 98_000, 1e12]) {
      expect(count(n)).toBe(Math.round(n).toLocaleString('en-US'));
    }
    expect(count(NaN)).toBe('–');
    expect(count(Infinity)).toBe('–');
  });

  it('runs its checks in tasks of their own, the browser having its turn between them', async () => {
    const nowMs = Date.now();
    installStack(devStack(nowMs));
    const turns: number[] = [];
    const nextTask = jest.fn(async () => {
      turns.push(turns.length);
    });
    const report = await runHealthChecks(
      { ...grafanaHealthClient(), nextTask },
      {
        settings: SETTINGS,
        dataSources: {
          loki: { uid: SETTINGS.lokiUid },
          tempo: { uid: SETTINGS.tempoUid },
          metrics: { uid: SETTINGS.metricsUid },
        },
        range: { fromMs: nowMs - 3_600_000, toMs: nowMs },
        nowMs,
      }
    );
    // Between the ten checks: the first three pairs of the first wave, then the four on sampled rows.
    expect(nextTask.mock.calls.length).toBeGreaterThanOrEqual(7);
    expect(report.complete).toBe(true);
    expect(report.checks.filter((c) => c.pending)).toEqual([]);
  });
});

describe('nextTask', () => {
  it('resolves in a later task, not among the microtasks of this one', async () => {
    let done = false;
    const next = nextTask().then(() => {
      done = true;
    });
    for (let i = 0; i < 10; i++) {
      await Promise.resolve();
    }
    expect(done).toBe(false);
    await next;
    expect(done).toBe(true);
  });
});
