import { flaggedRows, groupNamesCause, namesCause, rowService, unchangedAttributeFlags } from '../../../test/sim/judge';
import { runScenario, type ScenarioRun } from '../../../test/sim/pipeline';
import * as S from '../../../test/sim/scenarios';
import type { ChangeRow } from '../types';

/**
 * Issue 21's "Done when": seeded, request-level incidents (src/test/sim) through What changed's own
 * pipeline (answerRows.ts rowsOfAnswers, the page's composition), each data source's answer built by the doubles of its upstream shape. Each
 * scenario on 3 seeds; the true cause must come first.
 */

const SEEDS = [1, 2, 3];
const runs = new Map<string, ScenarioRun>();
/** One run per scenario and seed, shared by the tests that read it. */
function run(make: (seed: number) => S.Scenario, seed: number): ScenarioRun {
  const key = `${make.name}:${seed}`;
  let r = runs.get(key);
  if (!r) {
    r = runScenario(make(seed), seed);
    runs.set(key, r);
  }
  return r;
}

/** The top rows in words, so a failure says what came first instead. */
const top = (r: ScenarioRun, n = 4) =>
  r.rows
    .slice(0, n)
    .map((row: ChangeRow) => `${row.score.toFixed(1)} ${row.direction} [${rowService(row, r.sim)}] ${row.title}`)
    .join('\n');

/**
 * The true cause comes first: the page's probable cause (its headline) when it names one, else its
 * first row; proportional traffic is named by no probable cause, only by a request-rate row first.
 */
function expectCauseFirst(r: ScenarioRun) {
  const cause = r.scenario.cause!;
  const probable = r.comparison.analysis.probable;
  const ok = probable
    ? groupNamesCause(probable, cause, r.sim) && namesCauseOrIsItsGroup(r)
    : namesCause(r.rows[0], cause, r.sim);
  if (!ok) {
    const headline = probable
      ? `probable cause: ${probable.service ?? '(none)'} (${probable.polarity})`
      : 'no probable cause';
    throw new Error(
      `${r.scenario.name}, seed ${r.seed}: ${cause.service} (${cause.kind}) is not first; ${headline}:\n${top(r)}`
    );
  }
}

/** The first row is the probable cause's own (or, for a dependency without spans, the group has none). */
function namesCauseOrIsItsGroup(r: ScenarioRun) {
  const probable = r.comparison.analysis.probable!;
  return probable.rows.length === 0 || probable.rows[0].id === r.rows[0]?.id;
}

/**
 * Checks expected to fail, by check and seed (`it.failing`, so the file tells when one starts to
 * pass; then take it out). None now: the slow dependency's client-span attribute is named by a search
 * of the slow calls (src/correlation/changes/slowCalls.ts), which compare() could not see (Tempo's
 * local blocks keep server spans only, filter_server_spans).
 */
const FAILING_ON_MAIN: Record<string, number[]> = {};

/** One test per seed; a check listed in FAILING_ON_MAIN for a seed is expected to fail there. */
function eachSeed(check: string, fn: (seed: number) => void) {
  for (const seed of SEEDS) {
    const known = FAILING_ON_MAIN[check]?.includes(seed);
    (known ? it.failing : it)(`${check} (seed ${seed})`, () => fn(seed));
  }
}

describe('simulated incidents: the true cause comes first', () => {
  eachSeed('a bad deploy', (seed) => expectCauseFirst(run(S.badDeploy, seed)));

  eachSeed('a slow dependency, its client-span attribute named', (seed) =>
    expectCauseFirst(run(S.slowDependency, seed))
  );

  eachSeed('a crashed low-traffic service', (seed) => expectCauseFirst(run(S.crashedLowTraffic, seed)));

  eachSeed('a rollback', (seed) => expectCauseFirst(run(S.rollback, seed)));

  eachSeed('a rollback flags no attribute whose failure or slow rate never changed', (seed) => {
    const r = run(S.rollback, seed);
    expect(unchangedAttributeFlags(r).map((row) => row.title)).toEqual([]);
  });

  eachSeed('a recovery, shown as a fall', (seed) => expectCauseFirst(run(S.recovery, seed)));

  eachSeed('another service’s incident during a healthy deploy', (seed) =>
    expectCauseFirst(run(S.healthyDeployDuringIncident, seed))
  );

  eachSeed('a healthy deploy is not flagged', (seed) => {
    const r = run(S.healthyDeployDuringIncident, seed);
    expect(flaggedRows(r.rows).filter((row) => row.title.includes('1.9.0') || row.id.includes('1.9.0'))).toEqual([]);
  });

  eachSeed('proportional traffic growth', (seed) => expectCauseFirst(run(S.trafficGrowth, seed)));

  eachSeed('proportional traffic growth flags no error or signature row', (seed) => {
    const r = run(S.trafficGrowth, seed);
    const errorRows = flaggedRows(r.rows).filter((row) => row.kind === 'signature' || row.id.startsWith('red:errors:'));
    expect(errorRows.map((row) => row.title)).toEqual([]);
  });

  eachSeed('a 3-line burst against a 1,000-line change', (seed) => expectCauseFirst(run(S.burstAgainstChange, seed)));
});

describe('simulated: nothing changed', () => {
  it('at most 2 of 20 seeded comparisons flag anything', () => {
    const noisy: string[] = [];
    for (let seed = 101; seed <= 120; seed++) {
      const r = runScenario(S.nothingChanged(seed), seed);
      const flagged = flaggedRows(r.rows);
      if (flagged.length) {
        noisy.push(`seed ${seed}: ${flagged.map((row) => row.title).join('; ')}`);
      }
    }
    expect(noisy.length).toBeLessThanOrEqual(2);
  });
});
