import type { ServiceEdge } from '../serviceGraph/edges';
import { FLAG_SCORE, rateChange, TOLERANCE } from './score';
import { windowLengthMs, type Windows } from './windows';

/**
 * How each call edge of Tempo's service graph (caller → callee) changed between the windows: more or
 * fewer failed calls, slower or faster calls, a collapse of the calls' rate. The evidence that a
 * caller's trouble comes from its callee. Window-level figures only (one instant query per window),
 * so a p95 must move by P95_FACTOR and a rate collapse below COLLAPSE_RATIO to count. Pure.
 */

/** An edge's p95 must move by this factor either way to count. */
export const P95_FACTOR = 1.5;
/** An edge whose call rate fell below this share of its baseline's collapsed. */
export const COLLAPSE_RATIO = 0.5;

export interface EdgeChange {
  client: string;
  server: string;
  /** Evidence that the calls failed more ('up') or less ('down'): a score, 0 when none. */
  errors: { score: number; direction: 'up' | 'down'; base?: number; inc?: number };
  /** The p95's ratio, incident over baseline, when both are known. */
  p95Ratio?: number;
  base95?: number;
  inc95?: number;
  /** The calls' rate fell below COLLAPSE_RATIO of the baseline's. */
  collapsed: boolean;
}

const key = (e: ServiceEdge) => `${e.client}\u0000${e.server}`;
const finite = (x: number | undefined): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

export function edgeChanges(input: {
  incident: ServiceEdge[];
  baseline: ServiceEdge[];
  incidentSeconds: number;
  baselineSeconds: number;
}): EdgeChange[] {
  const base = new Map(input.baseline.map((e) => [key(e), e]));
  const inc = new Map(input.incident.map((e) => [key(e), e]));
  const out: EdgeChange[] = [];
  for (const [k, b] of base) {
    const i = inc.get(k);
    if (b.client === b.server || !finite(b.rate) || b.rate <= 0) {
      continue; // a self-call explains nothing; an edge without baseline calls has nothing to compare
    }
    const incRate = finite(i?.rate) ? i!.rate : 0;
    let errors: EdgeChange['errors'] = { score: 0, direction: 'up' };
    if (finite(b.errorFraction) && finite(i?.errorFraction) && incRate > 0) {
      const s = rateChange(
        { count: incRate * i!.errorFraction! * input.incidentSeconds, exposure: incRate * input.incidentSeconds },
        { count: b.rate * b.errorFraction * input.baselineSeconds, exposure: b.rate * input.baselineSeconds }
      );
      errors = { score: s.score, direction: s.direction, base: b.errorFraction, inc: i!.errorFraction };
    }
    const p95Ratio = finite(b.p95) && b.p95 > 0 && finite(i?.p95) && i!.p95 > 0 ? i!.p95 / b.p95 : undefined;
    out.push({
      client: b.client,
      server: b.server,
      errors,
      p95Ratio,
      base95: b.p95,
      inc95: i?.p95,
      collapsed: incRate < COLLAPSE_RATIO * b.rate && b.rate * input.baselineSeconds >= 20,
    });
  }
  for (const [k, i] of inc) {
    if (!base.has(k) && i.client !== i.server) {
      out.push({ client: i.client, server: i.server, errors: { score: 0, direction: 'up' }, collapsed: false });
    }
  }
  return out;
}

/** Whether the edge's change points at its callee in this direction: 'up' is harm, 'down' relief. */
export function edgePoints(e: EdgeChange, direction: 'up' | 'down'): number {
  const errors = e.errors.direction === direction && e.errors.score >= FLAG_SCORE ? e.errors.score : 0;
  const slow =
    e.p95Ratio !== undefined && (direction === 'up' ? e.p95Ratio >= P95_FACTOR : e.p95Ratio <= 1 / P95_FACTOR)
      ? FLAG_SCORE
      : 0;
  const collapse = direction === 'up' && e.collapsed ? FLAG_SCORE : 0;
  return Math.max(errors, slow, collapse);
}

/** Whether the edge took part in the incident at all (for the chain's wording). */
export const edgeMoved = (e: EdgeChange) =>
  e.collapsed ||
  e.errors.score >= FLAG_SCORE ||
  (e.p95Ratio !== undefined && (e.p95Ratio >= TOLERANCE * 1.2 || e.p95Ratio <= 1 / (TOLERANCE * 1.2)));

/** The edges' changes between the two windows of a comparison, each window's calls over its own length. */
export function edgeChangesBetween(windows: Windows, edges: { incident: ServiceEdge[]; baseline: ServiceEdge[] }) {
  return edgeChanges({
    incident: edges.incident,
    baseline: edges.baseline,
    incidentSeconds: windowLengthMs(windows.incident) / 1000,
    baselineSeconds: windowLengthMs(windows.baseline) / 1000,
  });
}
