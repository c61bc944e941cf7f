import { compareAll } from '../../../correlation/changes/compareAll';
import { edgeChanges } from '../../../correlation/changes/edgeChanges';
import { windowSeconds } from '../../../correlation/changes/windows';
import type { ChangeRow } from '../../../correlation/changes/types';
import { loadChanges, type EdgesState, type KindState } from '../../../pages/changed/loadChanges';
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
      ['spans', 'done', expect.stringContaining('compare()')],
    ]);
    expect(kinds.size).toBe(3);
    // As ChangedView.comparison() composes them.
    const w = run.windows;
    const rows: ChangeRow[] = compareAll({
      kinds: ['signatures', 'red', 'spans'].map((id) => ({ label: id, ...kinds.get(id)! })),
      traffic: kinds.get('red')?.traffic,
      edges: edges
        ? edgeChanges({
            ...edges,
            incidentSeconds: windowSeconds(w.incident),
            baselineSeconds: windowSeconds(w.baseline),
          })
        : [],
      windows: w,
      now: w.incident.toMs + 30_000,
    }).rows;
    expect(rows.length).toBeGreaterThan(5);
    expect(rows).toEqual(run.rows);
  });
});
