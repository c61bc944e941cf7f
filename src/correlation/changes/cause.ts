import { edgePoints, type EdgeChange } from './edgeChanges';
import { isFlagged, rankChanges } from './rank';
import type { ChangeRow } from './types';

/**
 * Cause over symptom, through the service graph (issue 21). A flagged row is harm ('up': errors,
 * latency, a harmful deploy, a service that stopped answering or whose traffic collapsed) or relief
 * ('down': a recovery, faster, a deploy that fails less). When a caller's rows move one way together
 * with its callee's rows, or with the calls on their edge (failed calls, slower calls, a collapse of
 * their rate), the callee is the cause candidate and the caller's rows are its symptoms; chains are
 * followed (frontend → checkout → shipping). A caller whose own deploy is harmful, or that stopped
 * answering, is a cause of its own. Groups are ranked by their strongest row, a service that stopped
 * answering first. Pure.
 */

export type Polarity = 'up' | 'down';

export interface CauseGroup {
  /** The service (or the dependency Tempo's service graph names) the group is about; absent for rows of no service. */
  service?: string;
  polarity: Polarity;
  /** The cause's own rows, strongest first. */
  rows: ChangeRow[];
  /** Its callers' rows that follow from it, strongest first. */
  symptoms: ChangeRow[];
  /** The callers whose rows are symptoms, nearest first. */
  callers: string[];
  /** The edges' evidence when the cause has no rows of its own (a dependency without spans). */
  edges: EdgeChange[];
  stopped: boolean;
  /** Its strongest row's score, or the edges' evidence. */
  score: number;
}

export interface CauseAnalysis {
  /** Rows in the page's order: each group's cause rows, then its symptoms, then the rest ranked. */
  rows: ChangeRow[];
  groups: CauseGroup[];
  /** The group named as the probable cause, when the evidence singles one out. */
  probable?: CauseGroup;
  /** Flagged rows exist, yet no group stands out: "no single cause". */
  noSingleCause: boolean;
  /** Row id → the service whose symptom it is. */
  symptomOf: Map<string, string>;
}

/** A group must score this many times the next one to be named alone. */
export const SINGLE_CAUSE_MARGIN = 2;
/** A rate that fell below this share of the baseline's is a collapse: harm, not traffic. */
const RATE_COLLAPSE = 0.5;

export function polarityOf(row: ChangeRow): Polarity | undefined {
  if (!isFlagged(row)) {
    return undefined;
  }
  const measure = row.measure ?? (row.kind === 'version' ? 'deploy' : row.kind);
  if (measure === 'rate') {
    return row.stopped || (row.direction === 'down' && row.ratio < RATE_COLLAPSE) ? 'up' : undefined;
  }
  return row.direction;
}

/** Rows that make a service a cause of its own, never a symptom of a callee. */
const ownCause = (r: ChangeRow) => (r.measure === 'deploy' && r.direction === 'up') || Boolean(r.stopped);

/** The node a row is about: a client-span attribute names its dependency when that is a node of the graph. */
function nodeOf(row: ChangeRow, nodes: Set<string>): string | undefined {
  if (row.dependency && nodes.has(row.dependency)) {
    return row.dependency;
  }
  return row.service;
}

/** A group's own rows: a deploy first (it explains its service's other rows), then by evidence. */
const strongest = (rows: ChangeRow[]) =>
  rankChanges(rows).sort((a, b) => Number(b.measure === 'deploy') - Number(a.measure === 'deploy'));

/**
 * A flagged deploy row of no service (several services compared: Tempo's compare() counts versions
 * across them) is put at the head of the strongest group that moved its way, whose service has no
 * deploy row of its own: the deploy that coincides with that service's change. A harmless deploy is
 * never flagged, so never attached.
 */
function attachDeploys(ranked: ChangeRow[], groups: CauseGroup[]) {
  for (const row of ranked.filter((r) => r.measure === 'deploy' && !r.service && isFlagged(r))) {
    const g = groups.find((x) => x.polarity === row.direction && !x.rows.some((r) => r.measure === 'deploy'));
    if (g) {
      g.rows.unshift(row);
      g.score = Math.max(g.score, row.score);
    }
  }
}
const maxScore = (rows: ChangeRow[]) => rows.reduce((m, r) => Math.max(m, r.score), 0);

export function analyseCauses(rowsIn: ChangeRow[], edges: EdgeChange[] = []): CauseAnalysis {
  const ranked = rankChanges(rowsIn);
  const nodes = new Set<string>([...edges.flatMap((e) => [e.client, e.server])]);
  ranked.forEach((r) => r.service && nodes.add(r.service));
  const groups: CauseGroup[] = [];
  const symptomOf = new Map<string, string>();
  for (const polarity of ['up', 'down'] as const) {
    // The rows of each node that move this way.
    const byNode = new Map<string, ChangeRow[]>();
    for (const r of ranked) {
      const node = nodeOf(r, nodes);
      if (node && polarityOf(r) === polarity) {
        byNode.set(node, [...(byNode.get(node) ?? []), r]);
      }
    }
    // Each troubled caller's strongest explaining callee: by the callee's own rows, or the edge's evidence.
    const causeOf = new Map<string, { callee: string; strength: number; edge: EdgeChange }>();
    for (const [caller, rows] of byNode) {
      if (rows.some(ownCause)) {
        continue;
      }
      for (const e of edges) {
        if (e.client !== caller || e.server === caller) {
          continue;
        }
        const own = maxScore(byNode.get(e.server) ?? []);
        const onEdge = edgePoints(e, polarity);
        const strength = Math.max(own, onEdge);
        if (strength > 0 && strength > (causeOf.get(caller)?.strength ?? 0)) {
          causeOf.set(caller, { callee: e.server, strength, edge: e });
        }
      }
    }
    // Follow each chain to its end; a loop ends where it closes.
    const rootOf = (node: string) => {
      const seen = new Set<string>([node]);
      let at = node;
      for (let next = causeOf.get(at); next && !seen.has(next.callee); next = causeOf.get(at)) {
        at = next.callee;
        seen.add(at);
      }
      return at;
    };
    const members = new Map<string, string[]>();
    for (const node of new Set([...byNode.keys(), ...causeOf.keys()])) {
      const root = rootOf(node);
      members.set(root, [...(members.get(root) ?? []), node]);
    }
    for (const [root, nodesOfRoot] of members) {
      const own = byNode.get(root) ?? [];
      const callers = nodesOfRoot.filter((n) => n !== root);
      const symptoms = strongest(callers.flatMap((c) => byNode.get(c) ?? []));
      symptoms.forEach((r) => symptomOf.set(r.id, root));
      const viaEdges = edges.filter((e) => e.server === root && callers.includes(e.client));
      groups.push({
        service: root,
        polarity,
        rows: strongest(own),
        symptoms,
        callers,
        edges: viaEdges,
        stopped: own.some((r) => r.stopped),
        score: Math.max(maxScore(own), maxScore(symptoms), ...viaEdges.map((e) => edgePoints(e, polarity))),
      });
    }
  }
  groups.sort((a, b) => Number(b.stopped) - Number(a.stopped) || b.score - a.score);
  attachDeploys(ranked, groups);
  const grouped = new Set(groups.flatMap((g) => [...g.rows, ...g.symptoms].map((r) => r.id)));
  const rest = ranked.filter((r) => !grouped.has(r.id));
  // Rows of no service (a signature or attribute over several services) cannot be a cause: they are
  // listed by their score among the groups, not weighed against them.
  const [first, second] = groups;
  const probable =
    first && (first.stopped || first.score >= SINGLE_CAUSE_MARGIN * (second?.score ?? 0)) ? first : undefined;
  const units = [
    ...groups.filter((g) => g !== probable).map((g) => ({ score: g.score, rows: [...g.rows, ...g.symptoms] })),
    ...rest.filter(isFlagged).map((r) => ({ score: r.score, rows: [r] })),
  ].sort((a, b) => b.score - a.score);
  return {
    rows: [
      ...(probable ? [...probable.rows, ...probable.symptoms] : []),
      ...units.flatMap((u) => u.rows),
      ...rest.filter((r) => !isFlagged(r)),
    ],
    groups,
    probable,
    noSingleCause: !probable && (groups.length > 0 || rest.some(isFlagged)),
    symptomOf,
  };
}
