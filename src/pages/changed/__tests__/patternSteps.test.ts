import { patternWindows } from '../../../correlation/changes/patternWindows';
import { comparisonWindows, stepMsFor, type Windows } from '../../../correlation/changes/windows';
import { lokiPatternsBody, patternsCall, type PatternLine } from '../../../test/mocks/lokiPatterns';
import { loadChanges, type ChangeSources, type KindState } from '../loadChanges';

const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);
const MIN = 60_000;

/** Sources whose Loki answers the patterns call from these lines, as Loki v3.7 buckets them (the double). */
function patternSources(lines: PatternLine[], calls: Array<{ startMs: number; endMs: number }>): ChangeSources {
  return {
    query: async () => ({ series: [] }),
    resource: async (url) => {
      const call = patternsCall(url);
      if (!call) {
        throw { status: 404, data: { message: 'not found' } };
      }
      calls.push(call);
      return lokiPatternsBody(lines, call.startMs, call.endMs, Number(call.step.replace(/s$/, '')) * 1000);
    },
    redDetection: async () => ({ tried: [] }),
    lokiUid: () => 'loki-uid',
    tempoUid: () => undefined,
  };
}

async function signatures(windows: Windows, lines: PatternLine[], calls: Array<{ startMs: number; endMs: number }>) {
  let state: KindState | undefined;
  await loadChanges({
    windows,
    services: ['payments'],
    errorLevels: ['error'],
    sources: patternSources(lines, calls),
    now: windows.incident.toMs + MIN,
    onKind: (id, s) => id === 'signatures' && (state = s),
  });
  return state!;
}

describe('What changed: Loki pattern buckets on its step boundaries', () => {
  // A 15-minute incident starting 17 s after a 30-s step boundary (the step What changed asks for).
  const { windows } = comparisonWindows({ fromMs: T0 + 17_000, toMs: T0 + 17_000 + 15 * MIN }, 'previous');
  const stepMs = stepMsFor(windows.incident);

  it('counts a burst at the incident start in the incident, and the first partial bucket in the baseline', async () => {
    expect(stepMs).toBe(30_000);
    const lines: PatternLine[] = [
      // 5 lines 2 s after the call's first 10-s sample (Loki files them in a bucket that starts before it).
      { timeMs: windows.baseline.fromMs + 5_000, pattern: 'TypeError: <_>', level: 'error', count: 5 },
      // 60 lines 3 s into the incident, in the 30-s bucket that starts 17 s before it.
      { timeMs: windows.incident.fromMs + 3_000, pattern: 'TypeError: <_>', level: 'error', count: 60 },
    ];
    const calls: Array<{ startMs: number; endMs: number }> = [];
    const state = await signatures(windows, lines, calls);
    expect(state.status).toBe('done');
    // One call, starting on a step boundary, covering both windows.
    expect(calls).toHaveLength(1);
    expect(calls[0].startMs % stepMs).toBe(0);
    expect(calls[0].startMs).toBeLessThanOrEqual(windows.baseline.fromMs);
    expect(calls[0].endMs).toBe(windows.incident.toMs);
    const [row] = state.rows;
    // The old split (by bucket start against the page's windows) dropped the 5 and called the 60 the baseline's.
    expect(row).toMatchObject({ title: 'Error signature grew: TypeError: <_>', direction: 'up' });
    expect([row.baselineValue, row.incidentValue]).toEqual([5, 60]);
  });

  it('puts the windows on the step: the incident from the boundary at or before its start, a baseline as long', () => {
    const w = patternWindows(windows, stepMs);
    expect(w.incident).toEqual({ fromMs: T0, toMs: windows.incident.toMs });
    expect(w.baseline).toEqual({ fromMs: T0 - 31 * stepMs, toMs: T0 });
    // Windows already on the step are left as they are.
    const aligned = comparisonWindows({ fromMs: T0, toMs: T0 + 15 * MIN }, 'previous').windows;
    expect(patternWindows(aligned, stepMs)).toEqual(aligned);
  });
});
