import { comparisonOfAnswers, rowsOfKinds } from '../../../correlation/changes/answerRows';
import { redTraffic } from '../../../correlation/changes/redChanges';
import type { ChangeRow } from '../../../correlation/changes/types';
import { readServiceEdges } from '../../../correlation/serviceGraph/edges';
import { loadChanges, type EdgesState, type KindState } from '../../../pages/changed/loadChanges';
import { serviceEdgesQueries } from '../../../queries/serviceGraph';
import { runScenario } from '../pipeline';
import * as S from '../scenarios';
import { simSources } from '../sources';

/**
 * The seam: comparisonOfAnswers (answerRows.ts), which the simulated incidents drive, reads the rows,
 * traffic and edges the page's own loader reads from the same answers. If the page reads its kinds
 * differently, this fails.
 */
describe('comparisonOfAnswers is the page’s pipeline', () => {
  it.each([
    ['a bad deploy', S.badDeploy],
    ['a crashed low-traffic service', S.crashedLowTraffic],
    ['a slow dependency', S.slowDependency],
  ])('%s: loadChanges over the simulated data sources reads the same rows, traffic and edges', async (_name, make) => {
    const run = runScenario(make(1), 1);
    const kinds = new Map<string, KindState>();
    let edges: EdgesState | undefined;
    await loadChanges({
      windows: run.windows,
      services: run.answers.services,
      errorLevels: run.answers.errorLevels,
      sources: simSources(run),
      now: run.windows.incident.toMs + 30_000,
      onKind: (id, state) => kinds.set(id, state),
      onEdges: (e) => (edges = e),
    });
    const states = [...kinds.entries()].map(([id, k]) => [id, k.status, k.error ?? k.method?.method]);
    expect(states.sort()).toEqual([
      ['red', 'done', expect.stringContaining('span metrics')],
      ['signatures', 'done', expect.stringContaining('Loki patterns API')],
      ['slowCalls', 'done', expect.any(String)],
      ['spans', 'done', expect.stringContaining('compare()')],
    ]);
    // What ChangedView.comparison() gives compareAll, against what the simulated incidents give it.
    const a = run.answers;
    expect(run.rows.length).toBeGreaterThan(5);
    const same = (rows: ChangeRow[]) => [...rows].sort((x, y) => x.id.localeCompare(y.id));
    const expected = comparisonOfAnswers(a);
    expect(same([...kinds.values()].flatMap((k) => k.rows))).toEqual(same(rowsOfKinds(a)));
    expect(kinds.get('red')?.traffic).toEqual(redTraffic(a.red!));
    expect(edges?.incident).toEqual(readServiceEdges(a.edges!.incident).edges);
    expect(edges?.baseline).toEqual(readServiceEdges(a.edges!.baseline).edges);
    expect(expected.rows.map((r) => r.id)).toEqual(run.rows.map((r) => r.id));
  });

  it('searches the slow calls of the service that got slower, says why compare() could not, and reports Tempo refusing', async () => {
    const run = runScenario(S.slowDependency(1), 1);
    const load = async (sources: ReturnType<typeof simSources>) => {
      const kinds = new Map<string, KindState>();
      await loadChanges({
        windows: run.windows,
        services: run.answers.services,
        errorLevels: run.answers.errorLevels,
        sources,
        now: run.windows.incident.toMs + 30_000,
        onKind: (id, state) => kinds.set(id, state),
        onEdges: () => undefined,
      });
      return kinds.get('slowCalls')!;
    };
    // One service's two windows at a time, so the searches' jobs do not all sit in Tempo's queue at once.
    const plain = simSources(run);
    let inFlight = 0;
    const most: number[] = [];
    const slow = await load({
      ...plain,
      query: async (ds, queries, w) => {
        const search = ds === 'tempo' && String(queries[0]?.query).includes('kind = client');
        inFlight += search ? 1 : 0;
        most.push(inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= search ? 1 : 0;
        return plain.query(ds, queries, w);
      },
    });
    expect(run.answers.slowCalls!.length).toBe(2);
    expect(Math.max(...most)).toBe(2);
    expect(slow.status).toBe('done');
    expect(slow.method?.method).toMatch(/^a sample of slow client spans .* of inventory \(3\d ms or more\)/);
    expect(slow.method?.reason).toContain('metrics_generator.processor.local_blocks.filter_server_spans is false');
    expect(slow.rows[0].title).toBe(
      'Slow calls from inventory: db.statement = UPDATE stock SET reserved = reserved + ? WHERE sku = ? (postgres.shop.svc)'
    );
    // Tempo refusing the search (here: the window longer than its max_duration) fails this kind alone.
    const sources = simSources(run);
    const refusing: typeof sources = {
      ...sources,
      query: (ds, queries, w) =>
        ds === 'tempo' && String(queries[0]?.query).includes('kind = client')
          ? sources.query(ds, queries, { fromMs: w.fromMs - 200 * 3_600_000, toMs: w.toMs })
          : sources.query(ds, queries, w),
    };
    const refused = await load(refusing);
    expect(refused).toMatchObject({ status: 'failed', rows: [] });
    expect(refused.error).toBe(
      "Tempo could not search the slow calls of inventory (failed to execute search query status: 400 Bad Request). Open the service's slow traces instead."
    );
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
