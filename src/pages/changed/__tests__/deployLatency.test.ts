import { LoadingState } from '@grafana/data';
import { comparisonWindows, stepMsFor, type Window } from '../../../correlation/changes/windows';
import { histogramAnswer } from '../../../test/mocks/tempoHistogram';
import { compareAnswer, tempoMetricsFrames, type CompareSpan } from '../../../test/mocks/tempoMetrics';
import { loadChanges, type ChangeSources, type KindState } from '../loadChanges';

const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);
const { windows } = comparisonWindows({ fromMs: T0, toMs: T0 + 15 * 60_000 }, 'previous');

/** payments' server spans: 1.4.0 before; in the incident half on 1.5.0, failing a quarter of the time and 400 ms slower. */
function spans(w: Window): CompareSpan[] {
  const n = 1000;
  return Array.from({ length: n }, (_x, i) => {
    const next = w === windows.incident && i % 2 === 1;
    return {
      timeMs: w.fromMs + 1 + ((w.toMs - w.fromMs - 2) * i) / n,
      durationMs: 20 + (next ? 400 : 0),
      attributes: {
        status: (next ? i % 4 === 1 : i % 50 === 0) ? 'error' : 'unset',
        'resource.service.version': next ? '1.5.0' : '1.4.0',
      },
    };
  });
}

/** Tempo answering compare() as the double does, and the latency histogram as the double does or with an error. */
function sources(latency: 'ok' | 'fail', asked: string[]): ChangeSources {
  return {
    query: async (ds, queries, w) => {
      const query = String(queries[0]?.query ?? '');
      if (ds !== 'tempo') {
        return { series: [] };
      }
      asked.push(query);
      const win = w.fromMs === windows.incident.fromMs ? windows.incident : windows.baseline;
      const opts = { ...w, stepMs: stepMsFor(windows.incident) };
      if (query.includes('| compare(')) {
        return { series: tempoMetricsFrames(compareAnswer(query, spans(win), opts)) };
      }
      if (latency === 'fail') {
        return { series: [], state: LoadingState.Error, errors: [{ message: 'query is too expensive' }] };
      }
      return { series: tempoMetricsFrames(histogramAnswer(query, spans(win), opts)) };
    },
    resource: async () => Promise.reject({ status: 404, data: { message: '' } }),
    redDetection: async () => ({ tried: [] }),
    lokiUid: () => undefined,
    tempoUid: () => 'tempo-uid',
  };
}

async function spanKind(latency: 'ok' | 'fail', asked: string[] = []) {
  let state: KindState | undefined;
  await loadChanges({
    windows,
    services: ['payments'],
    errorLevels: ['error'],
    sources: sources(latency, asked),
    now: windows.incident.toMs + 60_000,
    onKind: (id, s) => id === 'spans' && (state = s),
  });
  return state!;
}

describe('What changed: a deploy’s p95, new version against old', () => {
  it('puts both versions’ p95 in the deploy row, from one histogram query per window', async () => {
    const asked: string[] = [];
    const state = await spanKind('ok', asked);
    expect(asked.filter((q) => q.includes('histogram_over_time'))).toHaveLength(2);
    const deploy = state.rows.find((r) => r.measure === 'deploy')!;
    // 420 ms is under the 1 s slow threshold, so only the p95 shows the slowdown. 20 ms spans are in the
    // 2^25 ns bucket, 420 ms ones in 2^29 ns: Tempo's p95 of each is 95% into its bucket.
    expect(deploy.title).toBe(
      'payments: service.version 1.5.0 deployed: fails more than the old version, p95 32.4 ms → 519 ms'
    );
    expect(state.method?.method).toContain("each deploy's p95 from Tempo's histogram_over_time(duration)");
  });

  it('keeps the deploy row, without p95, when Tempo refuses the histogram, and says why', async () => {
    const state = await spanKind('fail');
    expect(state.status).toBe('done');
    const deploy = state.rows.find((r) => r.measure === 'deploy')!;
    expect(deploy.title).toBe('payments: service.version 1.5.0 deployed: fails more than the old version');
    expect(state.method?.method).toContain("the deployed versions' p95 could not be read (query is too expensive)");
  });

  it('asks for no histogram when nothing was deployed', async () => {
    const asked: string[] = [];
    const quiet: ChangeSources = {
      ...sources('ok', asked),
      query: async (ds, queries, w) => {
        const query = String(queries[0]?.query ?? '');
        asked.push(query);
        const same = spans(windows.baseline).map((s) => ({
          ...s,
          timeMs: s.timeMs - windows.baseline.fromMs + w.fromMs,
        }));
        return ds === 'tempo' && query.includes('| compare(')
          ? { series: tempoMetricsFrames(compareAnswer(query, same, { ...w, stepMs: stepMsFor(windows.incident) })) }
          : { series: [] };
      },
    };
    let state: KindState | undefined;
    await loadChanges({
      windows,
      services: ['payments'],
      errorLevels: ['error'],
      sources: quiet,
      now: windows.incident.toMs + 60_000,
      onKind: (id, s) => id === 'spans' && (state = s),
    });
    expect(state!.status).toBe('done');
    expect(asked.some((q) => q.includes('histogram_over_time'))).toBe(false);
  });
});
