import type { DataFrame } from '@grafana/data';
import { SCALE } from '../../../browser/harness/scale/facts';
import { longestPluginTask, longestPluginTaskMs } from '../../../browser/harness/scale/measure';
import { scaleResponder } from '../../../browser/harness/scale/responder';

const TOTAL = 'sum by (service) (rate(traces_spanmetrics_calls_total{span_kind="SPAN_KIND_SERVER"}[1h]))';

describe('scale doubles', () => {
  const now = Date.now();
  const respond = scaleResponder(
    now,
    () => [],
    () => {
      throw new Error('not asked');
    }
  );
  const ask = (expr: string) =>
    respond({
      uid: 'demo-mimir',
      type: 'prometheus',
      targets: [{ refId: 'count', expr, instant: true }],
      fromMs: now - 3_600_000,
      toMs: now,
      startedAt: now,
    }) as DataFrame[];

  // The Services page asks `count(...)` for how many services there are: Prometheus answers one
  // series, not the 3,000 it counts (which made the page read 1 MB it would never get).
  it('answers count(...) as Prometheus does: one series holding how many there are', () => {
    const frames = ask(`count(${TOTAL})`);
    expect(frames).toHaveLength(1);
    const value = frames[0].fields.find((f) => f.type === 'number')!.values;
    expect(value[value.length - 1]).toBe(SCALE.services);
    expect(
      ask(`count(${TOTAL.replace('SPAN_KIND_SERVER"', 'SPAN_KIND_SERVER", service=~"nothing-matches"')})`)
    ).toEqual([]);
  });

  it('names the longest task less the doubles, so a profile can look into it', () => {
    const tasks = [
      { start: 0, duration: 300 },
      { start: 1000, duration: 250 },
    ];
    // The first task was mostly a double answering.
    const doubles = [{ start: 10, end: 250 }];
    expect(longestPluginTask(tasks, doubles)).toEqual({ start: 1000, duration: 250, pluginMs: 250 });
    expect(longestPluginTaskMs(tasks, doubles)).toBe(250);
    expect(longestPluginTask([], doubles)).toBeUndefined();
  });
});
