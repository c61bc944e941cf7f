import { metricsPieces, TEMPO_METRICS_MAX_DURATION_MS, withinPiece } from '../metricsRanges';
import { spanCountsFromCompare } from '../spanCounts';
import { compareAnswer, tempoMetricsFrames, type CompareSpan } from '../../../test/mocks/tempoMetrics';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 24, 6, 7, 13);

describe('metricsPieces (Tempo refuses TraceQL metrics ranges over 3 h)', () => {
  it('leaves a window of 3 h or less whole', () => {
    expect(metricsPieces({ fromMs: T0, toMs: T0 + 3 * H }, 360_000)).toEqual([{ fromMs: T0, toMs: T0 + 3 * H }]);
    expect(metricsPieces({ fromMs: T0, toMs: T0 + 60_000 }, 2_000)).toEqual([{ fromMs: T0, toMs: T0 + 60_000 }]);
  });

  it.each([
    [3 * H + 1, 360_000],
    [6 * H, 720_000],
    [6 * H - 7_000, 719_767],
    [5 * H, 600_000],
  ])('splits %d ms (step %d) into pieces of at most 3 h that cover it, at multiples of the step', (length, step) => {
    const window = { fromMs: T0, toMs: T0 + length };
    const pieces = metricsPieces(window, step);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces[0].fromMs).toBe(window.fromMs);
    expect(pieces[pieces.length - 1].toMs).toBe(window.toMs);
    pieces.forEach((p, i) => {
      expect(p.toMs - p.fromMs).toBeLessThanOrEqual(TEMPO_METRICS_MAX_DURATION_MS);
      expect(p.toMs).toBeGreaterThan(p.fromMs);
      if (i > 0) {
        expect(p.fromMs).toBe(pieces[i - 1].toMs);
        expect(p.fromMs % step).toBe(0);
      }
    });
  });

  it('bad input gives the window unsplit, never a loop', () => {
    const w = { fromMs: T0, toMs: T0 + 6 * H };
    expect(metricsPieces(w, 0)).toEqual([w]);
    expect(metricsPieces(w, NaN)).toEqual([w]);
    expect(metricsPieces(w, 4 * H)).toEqual([w]);
    expect(metricsPieces({ fromMs: T0, toMs: T0 - 1 }, 1000)).toEqual([{ fromMs: T0, toMs: T0 - 1 }]);
  });
});

describe('withinPiece: the pieces of a compare() add up to the whole window', () => {
  // 6 h of server spans, one every 37 s; every seventh failing, versions changing half way.
  const window = { fromMs: T0, toMs: T0 + 6 * H };
  const spans: CompareSpan[] = [];
  for (let t = window.fromMs, i = 0; t <= window.toMs; t += 37_000, i++) {
    const failing = i % 7 === 0;
    spans.push({
      timeMs: t,
      attributes: {
        status: failing ? 'error' : 'unset',
        'resource.service.version': t < T0 + 3.3 * H ? '1.4.0' : '1.5.0',
      },
    });
  }
  const query = '{ resource.service.name = "payments" && kind = server } | compare({ status = error }, 20)';
  const stepMs = (6 * H) / 30;
  const frames = (w: { fromMs: number; toMs: number }) =>
    tempoMetricsFrames(compareAnswer(query, spans, { ...w, stepMs }));

  it('counts every span once, as one query over the window would', () => {
    const pieces = metricsPieces(window, stepMs);
    expect(pieces).toHaveLength(3);
    const merged = pieces.flatMap((p, i) => withinPiece(frames(p), p, i === 0, i === pieces.length - 1));
    const whole = spanCountsFromCompare(frames(window));
    const split = spanCountsFromCompare(merged);
    expect(split.spans).toBe(whole.spans);
    expect(split.failed).toBe(whole.failed);
    expect(split.attributes).toEqual(whole.attributes);
    // Without trimming, the intervals at the inner boundaries are counted twice.
    const naive = spanCountsFromCompare(pieces.flatMap(frames));
    expect(naive.spans).toBeGreaterThan(whole.spans);
  });

  it('leaves odd frames as they are', () => {
    const piece = { fromMs: T0, toMs: T0 + H };
    const odd = [{ fields: [] }, { fields: [{ name: 'x', type: 'number', values: [1] }] }, { name: 'n' } as never];
    expect(withinPiece(odd, piece, false, false)).toEqual(odd);
  });
});
