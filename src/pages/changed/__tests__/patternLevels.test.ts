import { levelsPatternsCannotSee } from '../../../correlation/changes/patternsResponse';
import { comparisonWindows, type Window } from '../../../correlation/changes/windows';
import { lokiFrame, lokiMetricFrame } from '../../../test/mocks/lokiFrame';
import { lokiPatternsBody, patternsCall, type PatternLine } from '../../../test/mocks/lokiPatterns';
import { loadChanges, type ChangeSources, type KindState } from '../loadChanges';

const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);
const MIN = 60_000;
const { windows } = comparisonWindows({ fromMs: T0, toMs: T0 + 15 * MIN }, 'previous');

/** `disk full` at the level `emergency`: 2 lines a minute in the baseline, 40 in the incident. */
const perMinute = (w: Window) => (w === windows.incident ? 40 : 2);
function patternLines(): PatternLine[] {
  return [windows.baseline, windows.incident].flatMap((w) =>
    Array.from({ length: 15 }, (_x, m) => ({
      timeMs: w.fromMs + m * MIN,
      pattern: 'disk full on <_>',
      level: 'emergency',
      count: perMinute(w),
    }))
  );
}

/** Loki as the doubles answer it: the patterns call, and each window's error lines and their count. */
function sources(calls: string[]): ChangeSources {
  return {
    query: async (ds, queries, w) => {
      if (ds !== 'loki') {
        return { series: [] };
      }
      calls.push(...queries.map((q) => String(q.expr)));
      const n = perMinute(w.fromMs === windows.incident.fromMs ? windows.incident : windows.baseline) * 15;
      const rows = Array.from({ length: n }, (_x, i) => ({
        timeMs: w.toMs - i * 1000,
        line: `disk full on /dev/sda${i % 3}`,
        labels: { service_name: 'payments' },
        structuredMetadata: { detected_level: 'emergency' },
      }));
      return {
        series: queries.map((q) =>
          q.refId === 'lines'
            ? lokiFrame(rows, 'lines')
            : lokiMetricFrame('total', { service_name: 'payments' }, [[w.fromMs, n]])
        ),
      };
    },
    resource: async (url) => {
      const call = patternsCall(url);
      calls.push('patterns');
      return lokiPatternsBody(patternLines(), call!.startMs, call!.endMs, Number(call!.step.replace(/s$/, '')) * 1000);
    },
    redDetection: async () => ({ tried: [] }),
    lokiUid: () => 'loki-uid',
    tempoUid: () => undefined,
  };
}

async function signatures(errorLevels: string[], calls: string[] = []) {
  let state: KindState | undefined;
  await loadChanges({
    windows,
    services: ['payments'],
    errorLevels,
    sources: sources(calls),
    now: windows.incident.toMs + MIN,
    onKind: (id, s) => id === 'signatures' && (state = s),
  });
  return state!;
}

describe('What changed: error levels the patterns API cannot see', () => {
  it('reads the lines of a level Loki files under "unknown", and says why', async () => {
    const calls: string[] = [];
    const state = await signatures(['error', 'emergency'], calls);
    // The old loader asked for patterns, found none at `emergency` and showed nothing, as if nothing changed.
    expect(calls).not.toContain('patterns');
    expect(state.method).toMatchObject({ fallback: true });
    expect(state.method?.reason).toContain('emergency');
    expect(state.method?.reason).toContain('"unknown"');
    expect(state.rows[0]).toMatchObject({ kind: 'signature', direction: 'up' });
    expect(state.rows[0].title).toContain('disk full on /dev/sda');
  });

  it('keeps the patterns API for levels it knows, whatever their case or spaces', async () => {
    const calls: string[] = [];
    const state = await signatures([' ERROR ', 'Fatal', 'critical'], calls);
    expect(calls).toEqual(['patterns']);
    expect(state.method).toMatchObject({ fallback: false });
  });

  it('names at most five unknown levels, however many are set', async () => {
    const many = Array.from({ length: 40 }, (_x, i) => `lvl${i}`);
    expect(levelsPatternsCannotSee(many)).toHaveLength(40);
    const state = await signatures(many);
    expect(state.method?.reason).toContain('lvl4 and 35 more');
    expect(state.method!.reason!.length).toBeLessThan(400);
  });

  it('tells the levels Loki files under "unknown" from those it knows', () => {
    expect(
      levelsPatternsCannotSee(['error', 'Emergency', 'ALERT', 'emergency', ' ', 'warn', 'unknown', 'err'])
    ).toEqual(['emergency', 'alert', 'err']);
  });
});
