import type { CauseGroup } from '../../correlation/changes/cause';
import { isFlagged } from '../../correlation/changes/rank';
import type { ChangeRow } from '../../correlation/changes/types';
import { compareSpanOf } from './answers';
import type { ScenarioRun } from './pipeline';
import type { TrueCause } from './scenarios';
import { DB } from './shop';
import type { Simulation } from './simTypes';

/**
 * Reading a run's rows against the scenario's truth: which service a row is about, whether it names
 * the true cause, whether a flagged attribute row's rate really changed. Test code.
 */

const argmax = (counts: Map<string, number>) => [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];

/** The attribute and value a span row is about, from its id (`attribute:`, `slow:`, `version:`). */
export function rowAttribute(row: ChangeRow): { name: string; value: string } | undefined {
  const m = /^(?:attribute|slow):(.*?)=(.*)$/.exec(row.id);
  if (m) {
    return { name: m[1], value: m[2] };
  }
  const v = /^version:(.*)$/.exec(row.id);
  return v ? { name: 'resource.service.version', value: v[1] } : undefined;
}

/**
 * The service a row is about: its own, else the service that logs most of a signature's lines, else
 * the service owning most spans with a row's attribute value (a pod, a version).
 */
export function rowService(row: ChangeRow, sim: Simulation): string | undefined {
  if (row.service) {
    return row.service;
  }
  const counts = new Map<string, number>();
  if (row.kind === 'signature') {
    const pattern = row.id.replace(/^signature:/, '');
    for (const l of sim.logs) {
      if (l.pattern === pattern) {
        counts.set(l.service, (counts.get(l.service) ?? 0) + 1);
      }
    }
    return argmax(counts);
  }
  const a = rowAttribute(row);
  if (a) {
    for (const s of sim.spans) {
      if (String(compareSpanOf(s).attributes[a.name]) === a.value) {
        counts.set(s.service, (counts.get(s.service) ?? 0) + 1);
      }
    }
  }
  return argmax(counts);
}

const mentions = (row: ChangeRow, text: string | undefined) =>
  Boolean(text) && (row.id.includes(text!) || row.title.includes(text!));

/** Whether `row` names the true cause (not one of its symptoms). */
export function namesCause(row: ChangeRow | undefined, cause: TrueCause, sim: Simulation): boolean {
  if (!row) {
    return false;
  }
  const service = rowService(row, sim);
  switch (cause.kind) {
    case 'deploy':
    case 'rollback':
      return service === cause.service && mentions(row, cause.version);
    case 'dependency':
      // The client-span attribute that names the database, or the statement that got slow.
      return (
        /db\.statement|db\.system|server\.address|peer\.service/.test(`${row.id} ${row.title}`) &&
        (mentions(row, 'stock') || mentions(row, DB.address))
      );
    case 'crash':
      return service === cause.service;
    case 'recovery':
      return service === cause.service && row.direction === 'down';
    case 'errors':
      return service === cause.service && row.direction === 'up';
    case 'traffic':
      return row.id.startsWith('red:rate:') && row.direction === 'up';
  }
}

/**
 * Whether the page's probable cause (its headline) is the true cause: the service, and for a deploy or
 * rollback a row of the group naming the version, for a dependency a row naming its client-span
 * attribute. Proportional traffic is no cause at all.
 */
export function groupNamesCause(group: CauseGroup, cause: TrueCause, sim: Simulation): boolean {
  switch (cause.kind) {
    case 'deploy':
    case 'rollback':
      return group.service === cause.service && group.rows.some((r) => mentions(r, cause.version));
    case 'dependency':
      // The service graph may name the database by its address; the attribute must be named by a row.
      return group.rows.some((r) => namesCause(r, cause, sim));
    case 'crash':
      return group.service === cause.service;
    case 'recovery':
      return group.service === cause.service && group.polarity === 'down';
    case 'errors':
      return group.service === cause.service && group.polarity === 'up';
    case 'traffic':
      return false;
  }
}

export const flaggedRows = (rows: ChangeRow[]) => rows.filter(isFlagged);

/**
 * Flagged attribute rows whose value's failure (or slow) rate did not change: the same within a factor
 * of 1.5 in both windows, over the spans compare() counts (server spans), each side with 20 or more spans.
 */
export function unchangedAttributeFlags(run: ScenarioRun): ChangeRow[] {
  const { windows, sim } = run;
  return flaggedRows(run.rows).filter((row) => {
    const a = rowAttribute(row);
    if (row.kind !== 'attribute' || !a) {
      return false;
    }
    const slow = row.id.startsWith('slow:');
    const rate = (w: { fromMs: number; toMs: number }) => {
      let n = 0;
      let hit = 0;
      for (const s of sim.spans) {
        if (
          s.kind === 'server' &&
          s.startMs >= w.fromMs &&
          s.startMs < w.toMs &&
          String(compareSpanOf(s).attributes[a.name]) === a.value
        ) {
          n++;
          hit += (slow ? s.durationMs >= 1000 : s.failed) ? 1 : 0;
        }
      }
      return n >= 20 ? (hit + 0.5) / (n + 1) : undefined;
    };
    const before = rate(windows.baseline);
    const after = rate(windows.incident);
    return before !== undefined && after !== undefined && after / before < 1.5 && before / after < 1.5;
  });
}
