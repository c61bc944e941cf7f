import { LoadingState } from '@grafana/data';
import { loadChanges, type ChangeSources, type KindState } from '../loadChanges';
import { lokiSampleQueries } from '../changedQueries';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const HOUR = 3_600_000;

/** Loki's instant answer to the top-services count: one labelled frame per service (as Grafana's Loki back end). */
const countFrame = (service: string, value: number) => ({
  refId: 'top',
  fields: [
    { name: 'Time', type: 'time', values: [NOW] },
    { name: 'Value', type: 'number', values: [value], labels: { service_name: service } },
  ],
  length: 1,
});

/**
 * Sources whose Loki has no patterns API (HTTP 404, as Grafana's backend service rejects), recording
 * queries; the top-services count answers `top`, or fails with `countError`.
 */
function sources(queries: string[], top: Array<[string, number]> = [], countError?: string): ChangeSources {
  return {
    query: async (_ds, qs) => {
      qs.forEach((q) => queries.push(String(q.expr ?? q.query ?? '')));
      if (qs.some((q) => q.refId === 'top')) {
        return countError
          ? { series: [], state: LoadingState.Error, errors: [{ message: countError }] }
          : { series: top.map(([s, n]) => countFrame(s, n)) };
      }
      return { series: [] };
    },
    resource: async () => Promise.reject({ status: 404, data: { message: 'not found' } }),
    redDetection: async () => ({ tried: [] }),
    lokiUid: () => 'loki-uid',
    tempoUid: () => undefined,
  };
}

describe('What changed: error signatures without the patterns API', () => {
  const run = async (src: ChangeSources) => {
    const kinds: Record<string, KindState> = {};
    await loadChanges({
      windows: {
        mode: 'previous',
        incident: { fromMs: NOW - HOUR, toMs: NOW },
        baseline: { fromMs: NOW - 2 * HOUR, toMs: NOW - HOUR },
      } as never,
      services: [],
      errorLevels: ['error'],
      sources: src,
      now: NOW,
      onKind: (id, state) => (kinds[id] = state),
    });
    return kinds;
  };
  // The old fallback sent `{service_name=~".+"} | detected_level=~…` for each window.
  const everyStreamLines = (queries: string[]) =>
    queries.filter((q) => q.includes('service_name=~".+"') && !q.includes('count_over_time'));

  it('with no service chosen, reads the lines of the services with the most errors, never every stream', async () => {
    const queries: string[] = [];
    const kinds = await run(
      sources(queries, [
        ['payments', 40],
        ['orders', 12],
      ])
    );
    expect(everyStreamLines(queries)).toEqual([]);
    // One count bounded by the incident window, then the lines of the two services it found.
    expect(queries.filter((q) => q.startsWith('topk(20, sum by (service_name) (count_over_time('))).toHaveLength(1);
    const lines = queries.filter((q) => q.startsWith('{service_name'));
    // One page of lines per window, of the two services the count found.
    expect(lines).toEqual(Array(2).fill('{service_name=~"payments|orders"} | detected_level=~"(?i)error"'));
    expect(kinds.signatures).toMatchObject({ status: 'done', method: { fallback: true } });
  });

  it('when Loki cannot count the services (over its series limit), says so and to pick services', async () => {
    const queries: string[] = [];
    const kinds = await run(sources(queries, [], 'maximum of series (500) reached for a single query'));
    expect(everyStreamLines(queries)).toEqual([]);
    expect(kinds.signatures).toMatchObject({ status: 'failed' });
    expect(kinds.signatures.error).toMatch(
      /^No error signatures: Loki has no patterns API \(HTTP 404: not found\): .*\(pattern_ingester\.enabled\)\. Without it .*maximum of series \(500\).*Pick the services to compare\.$/
    );
  });

  it('refuses to build a sample of every service', () => {
    expect(() => lokiSampleQueries([], ['error'], 60_000)).toThrow(/No services/);
    expect(lokiSampleQueries(['a'], ['error'], 60_000)[0].expr).toMatch(/^\{service_name="a"\}/);
  });
});
