import { lokiMetricFrame } from '../../test/mocks/lokiFrame';
import { LINE_SERVICES, linesFromCounts, serviceErrorCounts, topErrorServices } from '../topErrorServices';

describe('top error services from count frames', () => {
  it('adds a per-service volume chart’s buckets, and ranks most first, ties by name', () => {
    const frames = [
      lokiMetricFrame('volume', { service_name: 'b' }, [
        [1, 2],
        [2, 3],
      ]),
      lokiMetricFrame('volume', { service_name: 'a' }, [[1, 5]]),
      lokiMetricFrame('volume', { service_name: 'c' }, [[1, 1]]),
      lokiMetricFrame('other', { service_name: 'd' }, [[1, 100]]),
    ];
    const counts = serviceErrorCounts(frames, ['volume'], 'range');
    expect([...counts]).toEqual([
      ['b', 5],
      ['a', 5],
      ['c', 1],
    ]);
    expect(topErrorServices(counts, 2)).toEqual([
      { service: 'a', lines: 5 },
      { service: 'b', lines: 5 },
    ]);
  });

  it('reads instant batches, skipping refIds not asked, frames without a service, zeros and junk', () => {
    const frames = [
      lokiMetricFrame('count0', { service_name: 'a' }, [[1, 7]]),
      lokiMetricFrame('count1', { service_name: 'b' }, [[1, 9]]),
      lokiMetricFrame('count0', {}, [[1, 50]]),
      lokiMetricFrame('count0', { service_name: 'z' }, [[1, 0]]),
      { refId: 'count0', fields: 'junk' } as never,
      null as never,
    ];
    expect([...serviceErrorCounts(frames, ['count0'], 'instant')]).toEqual([['a', 7]]);
    expect(serviceErrorCounts(undefined, ['count0'], 'instant').size).toBe(0);
    expect(serviceErrorCounts('junk' as never, ['count0'], 'range').size).toBe(0);
  });

  it('keeps 20 by default', () => {
    const counts = new Map(Array.from({ length: 50 }, (_, i) => [`s${i}`, i + 1] as [string, number]));
    const top = topErrorServices(counts);
    expect(top).toHaveLength(LINE_SERVICES);
    expect(top[0]).toEqual({ service: 's49', lines: 50 });
    expect(topErrorServices(counts, -1)).toEqual([]);
  });
});

describe('linesFromCounts', () => {
  const frame = (refId: string, service: string, n: number) =>
    lokiMetricFrame(refId, { service_name: service }, [[1, n]]);

  it('reads every erroring service with no coverage note when they are few', () => {
    const r = linesFromCounts({
      frames: [frame('count0', 'a', 3), frame('count1', 'b', 5)],
      errors: [],
      refIds: ['count0', 'count1'],
      kind: 'instant',
      known: 800,
    });
    expect(r.top.map((s) => s.service)).toEqual(['b', 'a']);
    expect(r.coverage).toBeUndefined();
  });

  it('falls back to the batches that answered, and says how many services were not counted and why', () => {
    const r = linesFromCounts({
      frames: [frame('count1', 'b', 5)],
      errors: [{ refId: 'count0', message: 'maximum number of series (500) reached' }, { message: 'no refId' }],
      refIds: ['count0', 'count1'],
      kind: 'instant',
      known: 800,
    });
    expect(r.top).toEqual([{ service: 'b', lines: 5 }]);
    expect(r.coverage?.uncounted).toEqual({ services: 400, reason: 'maximum number of series (500) reached' });
    expect(r.countErrors).toHaveLength(1);
  });

  it('names the choice when more services have errors than are read', () => {
    const frames = Array.from({ length: 5 }, (_, i) => frame('volume', `s${i}`, i + 1));
    const r = linesFromCounts({ frames, errors: undefined, refIds: ['volume'], kind: 'range', known: 5 }, 2);
    expect(r.top.map((s) => s.service)).toEqual(['s4', 's3']);
    expect(r.coverage).toEqual({ services: r.top, of: 5, uncounted: undefined });
  });
});
