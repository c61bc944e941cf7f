import { rankChanges } from '../../../correlation/changes/rank';
import type { ChangeRow } from '../../../correlation/changes/types';
import { readServiceEdges } from '../../../correlation/serviceGraph/edges';
import { loadChanges, type KindState } from '../../../pages/changed/loadChanges';
import { serviceEdgesQueries } from '../../../queries/serviceGraph';
import { runScenario } from '../pipeline';
import * as S from '../scenarios';
import { simSources } from '../sources';

/**
 * The seam: rowsOfAnswers (answerRows.ts), which the simulated incidents drive, gives the rows the
 * page's own loader gives for the same answers. If the page composes its kinds differently, this fails.
 */
describe('rowsOfAnswers is the page’s pipeline', () => {
  it.each([
    ['a bad deploy', S.badDeploy],
    ['a crashed low-traffic service', S.crashedLowTraffic],
  ])('%s: loadChanges over the simulated data sources gives the same ranked rows', async (_name, make) => {
    const run = runScenario(make(1), 1);
    const kinds = new Map<string, KindState>();
    await loadChanges({
      windows: run.windows,
      services: run.answers.services,
      errorLevels: run.answers.errorLevels,
      sources: simSources(run),
      now: run.windows.incident.toMs + 30_000,
      onKind: (id, state) => kinds.set(id, state),
    });
    const states = [...kinds.entries()].map(([id, k]) => [id, k.status, k.error ?? k.method?.method]);
    expect(states.sort()).toEqual([
      ['red', 'done', expect.stringContaining('span metrics')],
      ['signatures', 'done', expect.stringContaining('Loki patterns API')],
      ['spans', 'done', expect.stringContaining('compare()')],
    ]);
    expect(kinds.size).toBe(3);
    const rows: ChangeRow[] = rankChanges([...kinds.values()].flatMap((k) => k.rows));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows).toEqual(run.rows);
  });

  it('answers the service graph around a service, and refuses what it does not simulate', async () => {
    const run = runScenario(S.crashedLowTraffic(2), 2);
    const q = serviceEdgesQueries('checkout');
    const targets = (Object.keys(q) as Array<keyof typeof q>).map((refId) => ({ refId, expr: q[refId] }));
    const sources = simSources(run);
    const answer = await sources.query('metrics', targets, run.windows.incident);
    const shipping = readServiceEdges(answer.series).edges.find(
      (e) => e.client === 'checkout' && e.server === 'shipping'
    );
    expect(shipping?.errorFraction).toBeGreaterThan(0.8);
    await expect(sources.query('loki', [{ refId: 'x', expr: '{}' }], run.windows.incident)).rejects.toThrow(
      /does not answer/
    );
    await expect(sources.resource('/api/datasources/uid/loki/resources/labels')).rejects.toMatchObject({ status: 404 });
  });
});
