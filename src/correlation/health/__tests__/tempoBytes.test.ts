import { getDataSourceSrv } from '@grafana/runtime';
import { map, type Observable } from 'rxjs';
import type { DataQueryResponse } from '@grafana/data';
import { runHealth } from '../../../pages/health/runHealth';
import { check, devStack, installStack, SETTINGS, traceId } from './scenarios';

/**
 * Health asks Tempo whether it has each sampled trace. A 50,000-span trace (cut by Tempo at
 * `max_bytes_per_trace`, limits/tempoLimits.ts) must not reach the browser whole: no Tempo answer over 2 MB.
 */
const TWO_MB = 2_000_000;

async function runMeasured(spans: number) {
  const now = Date.now();
  const scenario = devStack(now);
  const big = traceId(0);
  scenario.tempo.spans = { [big]: spans };
  installStack(scenario, { tempoLimits: undefined });
  const srv = getDataSourceSrv();
  const get = srv.get.bind(srv);
  const sizes: Array<{ query: string; bytes: number }> = [];
  jest.spyOn(srv, 'get').mockImplementation(async (ref) => {
    const ds = await get(ref);
    if (ds.uid !== SETTINGS.tempoUid) {
      return ds;
    }
    const proxy = Object.create(ds);
    proxy.query = (request: { targets: Array<{ query?: string }> }) =>
      (ds.query(request as never) as Observable<DataQueryResponse>).pipe(
        map((r: DataQueryResponse) => {
          sizes.push({ query: String(request.targets[0]?.query), bytes: JSON.stringify(r.data).length });
          return r;
        })
      );
    return proxy;
  });
  const report = await runHealth(
    SETTINGS,
    { loki: { uid: SETTINGS.lokiUid }, tempo: { uid: SETTINGS.tempoUid }, metrics: { uid: SETTINGS.metricsUid } },
    { fromMs: now - 3_600_000, toMs: now }
  );
  return { report, sizes, big };
}

describe('Health’s trace lookups send no trace to the browser', () => {
  afterEach(() => jest.restoreAllMocks());

  it('a 50,000-span trace is found with a search of about a kilobyte, not downloaded', async () => {
    const { report, sizes, big } = await runMeasured(50_000);
    expect(check(report, 'tempo-traces').figure).toBe('20 of 20 sampled trace ids found in Tempo (100%)');
    const mine = sizes.filter((s) => s.query.includes(big));
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes.map((s) => s.bytes))).toBeLessThan(TWO_MB);
    // Each answer is a search of one trace and one span.
    expect(Math.max(...sizes.map((s) => s.bytes))).toBeLessThan(5_000);
  }, 60_000);
});
