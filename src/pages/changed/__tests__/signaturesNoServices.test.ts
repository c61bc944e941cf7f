import { loadChanges, type ChangeSources, type KindState } from '../loadChanges';
import { lokiSampleQueries } from '../changedQueries';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const HOUR = 3_600_000;

/** Sources whose Loki has no patterns API (HTTP 404, as Grafana's backend service rejects), recording queries. */
function sources(queries: string[]): ChangeSources {
  return {
    query: async (_ds, qs) => {
      qs.forEach((q) => queries.push(String(q.expr ?? q.query ?? '')));
      return { series: [] };
    },
    resource: async () => Promise.reject({ status: 404, data: { message: 'not found' } }),
    redDetection: async () => ({ tried: [] }),
    lokiUid: () => 'loki-uid',
    tempoUid: () => undefined,
  };
}

describe('What changed: error signatures without the patterns API', () => {
  it('reads no line query over every stream when no service is chosen, and says to pick services', async () => {
    const queries: string[] = [];
    const kinds: Record<string, KindState> = {};
    await loadChanges({
      windows: {
        mode: 'previous',
        incident: { fromMs: NOW - HOUR, toMs: NOW },
        baseline: { fromMs: NOW - 2 * HOUR, toMs: NOW - HOUR },
      } as never,
      services: [],
      errorLevels: ['error'],
      sources: sources(queries),
      now: NOW,
      onKind: (id, state) => (kinds[id] = state),
    });
    // The old fallback sent `{service_name=~".+"} | detected_level=~…` for each window.
    expect(queries.filter((q) => q.includes('service_name=~".+"') && !q.includes('count_over_time'))).toEqual([]);
    expect(kinds.signatures).toMatchObject({ status: 'failed' });
    expect(kinds.signatures.error).toMatch(
      /^No error signatures: Loki has no patterns API \(HTTP 404: not found\): .*\(pattern_ingester\.enabled\)\. Without it .*Pick the services to compare\.$/
    );
  });

  it('refuses to build a sample of every service', () => {
    expect(() => lokiSampleQueries([], ['error'], 60_000)).toThrow(/No services/);
    expect(lokiSampleQueries(['a'], ['error'], 60_000)[0].expr).toMatch(/^\{service_name="a"\}/);
  });
});
