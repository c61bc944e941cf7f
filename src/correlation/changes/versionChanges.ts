import { countText, percentText, secondsText } from './format';
import { FLAG_SCORE, rateChange, TOLERANCE, type Score } from './score';
import type { SpanCounts, ValueCounts } from './spanCounts';
import type { ChangeRow } from './types';
import { fallbackLink, MAX_ATTRIBUTE_ROWS, unscoped, type SpanChangesInput } from './attributeChanges';
import { log2Quantile, mergeBuckets, type VersionLatency } from './versionLatency';

/**
 * Deploys judged by harm (issue 21): every deploy changes the versions' shares of the spans, so a
 * share says nothing. A version whose share grew (a deploy, or a rollback to an older one) is compared
 * with the versions it replaces: their failing fraction and slow fraction (spans at or above the slow
 * threshold, from the slow compare()) in the same window while both run (a rollout), or in the
 * baseline when the old ones are gone. The row is scored by that difference: a harmless deploy is
 * listed as "deployed; errors and latency unchanged" and never flagged; a harmful one says so with
 * both sides' figures; one that fails less (a rollback, a fix) is a fall. Pure.
 */

const VERSION = 'service.version';
/** Replaced versions a deploy row names; the rest are counted (10,000 made an 88,930-character title). */
const NAMED_REPLACED = 3;
/** A version longer than this is cut in a title (the full value stays in the row's query). */
const VERSION_TEXT = 60;

const versionText = (v: string) => (v.length > VERSION_TEXT ? `${v.slice(0, VERSION_TEXT - 1)}…` : v);

interface Side {
  failed: number;
  slow: number;
  total: number;
  slowTotal: number;
}
const emptySide = (): Side => ({ failed: 0, slow: 0, total: 0, slowTotal: 0 });

function versionValues(counts: SpanCounts | undefined) {
  const name = [...(counts?.attributes.keys() ?? [])].find((n) => unscoped(n) === VERSION);
  return name ? { name, ...counts!.attributes.get(name)! } : undefined;
}

/** Each version's failing and slow spans in one window, from the failing and the slow compare(). */
function sides(failing: SpanCounts, slow: SpanCounts | undefined): Map<string, Side & { type: ValueCounts['type'] }> {
  const out = new Map<string, Side & { type: ValueCounts['type'] }>();
  const get = (v: string, type: ValueCounts['type']) => out.get(v) ?? { ...emptySide(), type };
  for (const [v, c] of versionValues(failing)?.values ?? []) {
    const s = get(v, c.type);
    out.set(v, { ...s, failed: s.failed + c.failed, total: s.total + c.total });
  }
  for (const [v, c] of versionValues(slow)?.values ?? []) {
    const s = get(v, c.type);
    out.set(v, { ...s, slow: s.slow + c.slow, slowTotal: s.slowTotal + c.total });
  }
  return out;
}

const add = (a: Side, b: Side): Side => ({
  failed: a.failed + b.failed,
  slow: a.slow + b.slow,
  total: a.total + b.total,
  slowTotal: a.slowTotal + b.slowTotal,
});

function figures(s: Side): string {
  const slow = s.slowTotal > 0 ? `, ${percentText(s.slow / s.slowTotal)} slow` : '';
  return `${percentText(s.total > 0 ? s.failed / s.total : NaN)} failing${slow} (${countText(s.total, 'spans')})`;
}

/** The stronger of the two differences, failing or slow, with its direction. */
function harmOf(next: Side, old: Side): { score: Score; errors: Score; slow: Score } {
  const errors = rateChange({ count: next.failed, exposure: next.total }, { count: old.failed, exposure: old.total });
  const slow = rateChange({ count: next.slow, exposure: next.slowTotal }, { count: old.slow, exposure: old.slowTotal });
  const up = [errors, slow].filter((s) => s.direction === 'up').sort((a, b) => b.score - a.score)[0];
  const down = [errors, slow].filter((s) => s.direction === 'down').sort((a, b) => b.score - a.score)[0];
  // Worse on either measure is harm, whatever the other did.
  const score =
    up && up.score > 0 ? up : down && down.score > 0 ? down : { score: 0, direction: 'up' as const, ratio: 1 };
  return { score, errors, slow };
}

/** "fails more and is slower than the old version", from the measures that moved the row's way. */
function verdictOf(direction: Score['direction'], errors: Score, slow: Score): string {
  const moved = (s: Score) => s.direction === direction && s.score >= FLAG_SCORE;
  const up = direction === 'up';
  const parts = [
    moved(errors) ? (up ? 'fails more' : 'fails less') : '',
    moved(slow) ? (up ? 'is slower' : 'is faster') : '',
  ].filter(Boolean);
  return `${parts.join(' and ')} than the old version`;
}

/** Each version's duration histogram in both windows (histogram_over_time), for the deploy rows' p95. */
export interface DeployLatency {
  incident: VersionLatency;
  baseline: VersionLatency;
}

type VersionInput = SpanChangesInput & { slow?: { incident: SpanCounts; baseline: SpanCounts } };

/** Who was deployed and what it replaced, in which window the old versions are judged. */
function deployPlan(input: Omit<VersionInput, 'tracesQuery'>) {
  const inc = sides(input.incident, input.slow?.incident);
  const base = sides(input.baseline, input.slow?.baseline);
  const incAll = [...inc.values()].reduce(add, emptySide());
  const baseAll = [...base.values()].reduce(add, emptySide());
  if (incAll.total <= 0 || baseAll.total <= 0) {
    return undefined;
  }
  const truncated = versionValues(input.incident)?.truncated || versionValues(input.baseline)?.truncated;
  const share = (s: Side | undefined, all: Side) => (s?.total ?? 0) / all.total;
  // A version whose share grew beyond the tolerance is being deployed; the others are what it replaces.
  const deployed = [...inc.keys()].filter((v) => {
    const grew = share(inc.get(v), incAll) / Math.max(share(base.get(v), baseAll), 1e-9);
    return grew > TOLERANCE && !(truncated && !base.has(v));
  });
  const isDeployed = new Set(deployed);
  // What the deploys replace: the versions whose share shrank beyond the tolerance (other services'
  // versions, compared together when several services are, keep theirs and are not what was replaced).
  // The same for every deployed version, so found once: 10,000 versions each way stay linear.
  const olds = [...base.keys()].filter(
    (o) => !isDeployed.has(o) && share(inc.get(o), incAll) < share(base.get(o), baseAll) / TOLERANCE
  );
  const oldNow = olds.map((o) => inc.get(o)).filter((s): s is NonNullable<typeof s> => Boolean(s));
  // While the old versions still run, they are compared in the same window; once gone, in the baseline.
  const sameWindow = oldNow.reduce(add, emptySide()).total > 0;
  const old = (sameWindow ? oldNow : (olds.map((o) => base.get(o)).filter(Boolean) as Side[])).reduce(add, emptySide());
  return { inc, base, incAll, baseAll, deployed, olds, sameWindow, old };
}

/**
 * The versions whose latency the deploy rows compare (the new ones, then the ones they replace), with
 * the version attribute's name: what the p95 query asks for. None when there is no deploy row.
 */
export function deployVersions(input: Omit<VersionInput, 'tracesQuery'>): {
  attribute: string;
  versions: Array<{ value: string; type: ValueCounts['type'] }>;
} {
  const plan = deployPlan(input);
  const attribute = versionValues(input.incident)?.name ?? VERSION;
  if (!plan || plan.old.total <= 0 || plan.deployed.length === 0) {
    return { attribute, versions: [] };
  }
  const typed = (v: string) => ({ value: v, type: (plan.inc.get(v) ?? plan.base.get(v))!.type });
  return { attribute, versions: [...plan.deployed, ...plan.olds].map(typed) };
}

/** ", p95 120 ms → 480 ms": the old versions' p95 then the new one's, when both are known. */
function p95Text(latency: DeployLatency | undefined, oldVersions: string[], sameWindow: boolean, v: string): string {
  if (!latency) {
    return '';
  }
  const old = mergeBuckets(oldVersions.map((o) => (sameWindow ? latency.incident : latency.baseline).get(o)));
  const before = log2Quantile(0.95, old);
  const after = log2Quantile(0.95, latency.incident.get(v) ?? new Map());
  return Number.isFinite(before) && Number.isFinite(after)
    ? `, p95 ${secondsText(before)} → ${secondsText(after)}`
    : '';
}

export function versionChanges(input: VersionInput & { latency?: DeployLatency }): ChangeRow[] {
  const { services } = input;
  const plan = deployPlan(input);
  if (!plan) {
    return [];
  }
  const { inc, base, incAll, baseAll, deployed, olds, sameWindow, old } = plan;
  const attribute = versionValues(input.incident)?.name ?? VERSION;
  const who = services.length === 1 ? `${services[0]}: ` : '';
  const rows: ChangeRow[] = [];
  const goneVersions = olds.filter((o) => !inc.has(o));
  const gone = goneVersions.map(versionText);
  const more = gone.length > NAMED_REPLACED ? ` and ${countText(gone.length - NAMED_REPLACED, 'more')}` : '';
  const replacing = gone.length ? ` (replacing ${gone.slice(0, NAMED_REPLACED).join(', ')}${more})` : '';
  // The old versions whose latency is compared: those still running while they run, else all of them.
  const oldTimed = sameWindow ? olds.filter((o) => inc.has(o)) : olds;
  for (const v of old.total > 0 ? deployed : []) {
    const next = inc.get(v)!;
    const { score, errors, slow } = harmOf(next, old);
    const flagged = score.score >= FLAG_SCORE;
    const verdict = flagged ? `: ${verdictOf(score.direction, errors, slow)}` : '; errors and latency unchanged';
    const query = input.tracesQuery({ attribute, value: v, type: next.type });
    rows.push({
      id: `version:${v}`,
      kind: 'version',
      title: `${who}service.version ${versionText(v)} deployed${replacing}${verdict}${p95Text(input.latency, oldTimed, sameWindow, v)}`,
      service: services.length === 1 ? services[0] : undefined,
      baselineText: `old versions${sameWindow ? ', same window' : ', baseline'}: ${figures(old)}`,
      incidentText: `${versionText(v)}: ${figures(next)}`,
      baselineValue: old.total > 0 ? old.failed / old.total : 0,
      incidentValue: next.total > 0 ? next.failed / next.total : 0,
      // A harmless deploy is listed, never flagged, however many spans moved to it.
      score: flagged ? score.score : Math.min(score.score, FLAG_SCORE / 2),
      direction: score.direction,
      ratio: score.ratio,
      appeared: !base.has(v),
      measure: 'deploy',
      link: query ? { to: 'traces', query } : fallbackLink(services),
    });
  }
  // The gone versions a deploy row replaced, named or counted in its title, get no row of their own;
  // an old version still running (a rollout, a rollback in progress) may get one.
  const covered = new Set(rows.length > 0 ? goneVersions : []);
  rows.push(...removedRows(input, { inc, base, incAll, baseAll, deployed, covered }));
  return rows.sort((a, b) => b.score - a.score).slice(0, MAX_ATTRIBUTE_ROWS);
}

/**
 * A version that went away with no deploy row naming it (a rollback to a version other services also
 * run): judged by the harm it did while it ran, against the other versions in the baseline. Removing a
 * version that failed more is a fall (the rollback is what recovered); removing a harmless one is listed only.
 */
function removedRows(
  input: SpanChangesInput,
  c: {
    inc: Map<string, Side>;
    base: Map<string, Side>;
    incAll: Side;
    baseAll: Side;
    deployed: string[];
    covered: Set<string>;
  }
): ChangeRow[] {
  const deployed = new Set(c.deployed);
  const share = (s: Side | undefined, all: Side) => (s?.total ?? 0) / all.total;
  const out: ChangeRow[] = [];
  for (const [v, was] of c.base) {
    const left = share(c.inc.get(v), c.incAll) < share(was, c.baseAll) / (TOLERANCE * TOLERANCE);
    if (!left || deployed.has(v) || c.covered.has(v)) {
      continue;
    }
    // Every other version in the baseline: the whole baseline less this one.
    const others = {
      failed: c.baseAll.failed - was.failed,
      slow: c.baseAll.slow - was.slow,
      total: c.baseAll.total - was.total,
      slowTotal: c.baseAll.slowTotal - was.slowTotal,
    };
    if (others.total <= 0) {
      continue;
    }
    const { score, errors, slow } = harmOf(was, others);
    const harmful = score.direction === 'up' && score.score >= FLAG_SCORE;
    const who = input.services.length === 1 ? `${input.services[0]}: ` : '';
    out.push({
      id: `version:${v}`,
      kind: 'version',
      title: harmful
        ? `${who}service.version ${versionText(v)} removed (rolled back); it ${verdictOf('up', errors, slow).replace(' than the old version', ' than the other versions')}`
        : `${who}service.version ${versionText(v)} removed; errors and latency unchanged`,
      service: input.services.length === 1 ? input.services[0] : undefined,
      baselineText: `${versionText(v)} while it ran: ${figures(was)}`,
      incidentText: c.inc.get(v) ? `${versionText(v)}: ${figures(c.inc.get(v)!)}` : 'not seen',
      baselineValue: was.total > 0 ? was.failed / was.total : 0,
      incidentValue: 0,
      // Its removal is the fall: scored by the harm it did.
      score: harmful ? score.score : Math.min(score.score, FLAG_SCORE / 2),
      direction: 'down',
      ratio: score.ratio > 0 ? 1 / score.ratio : 1,
      disappeared: !c.inc.has(v),
      measure: 'deploy',
      link: fallbackLink(input.services),
    });
  }
  return out;
}
