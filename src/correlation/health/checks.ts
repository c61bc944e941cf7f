import { PLUGIN_ID } from '../../constants';
import type { CheckId, CheckLink, CheckResult, CheckState, DetailGroup } from './types';

/** The checks in the order the page lists them, with their titles. */
export const CHECK_TITLES: Record<CheckId, string> = {
  loki: 'Loki: services and levels',
  'trace-ids': 'Trace ids in error logs',
  'tempo-traces': 'Trace ids that Tempo knows',
  'red-metrics': 'RED metrics',
  'service-names': 'Service names in logs and metrics',
  'service-graph': 'Service graph metrics',
  exemplars: 'Exemplars',
  'tempo-to-loki': 'Grafana: Tempo links traces to logs',
  'loki-to-tempo': 'Grafana: Loki links log lines to traces',
  'metrics-to-tempo': 'Grafana: metrics link exemplars to traces',
};

export const CHECK_IDS = Object.keys(CHECK_TITLES) as CheckId[];

export function isCheckId(value: unknown): value is CheckId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CHECK_TITLES, value);
}

/** The README section on a check (Grafana shows the README on the plugin's page). */
export function docsLink(id: CheckId): CheckLink {
  return { url: `/plugins/${PLUGIN_ID}#health-${id}`, text: 'How to fix this' };
}

/** A data source's settings page in Grafana (12.4 and 13.2 alike). */
export function dataSourceLink(uid: string | undefined, name: string): CheckLink[] {
  return uid ? [{ url: `/connections/datasources/edit/${encodeURIComponent(uid)}`, text: `${name} settings` }] : [];
}

const ORDER: Record<CheckState, number> = { broken: 0, degraded: 1, unknown: 2, ok: 3 };

/** The worse of two states (broken, degraded, could not check, ok). */
export function worse(a: CheckState, b: CheckState): CheckState {
  return ORDER[a] <= ORDER[b] ? a : b;
}

export function stateRank(state: CheckState): number {
  return ORDER[state];
}

interface ResultParts {
  state: CheckState;
  figure: string;
  cause?: string;
  fix?: string;
  links?: CheckLink[];
  details?: DetailGroup[];
}

/** A check's result; the README link is added to every result that is not ok. */
export function result(id: CheckId, parts: ResultParts): CheckResult {
  const links = [...(parts.links ?? [])];
  if (parts.state !== 'ok') {
    links.push(docsLink(id));
  }
  return {
    id,
    title: CHECK_TITLES[id],
    state: parts.state,
    figure: parts.figure,
    cause: parts.state === 'ok' ? undefined : parts.cause,
    fix: parts.state === 'ok' ? undefined : parts.fix,
    links,
    details: parts.details ?? [],
  };
}

/** "Could not check": the error as the data source gave it. */
export function couldNotCheck(id: CheckId, what: string, error: string, links: CheckLink[] = []): CheckResult {
  return result(id, {
    state: 'unknown',
    figure: 'Could not check',
    cause: `${what}: ${error}`,
    fix: 'Fix the data source (or the permission) named above; the other checks do not depend on it.',
    links,
  });
}

/** "Could not check" because the RED metrics check found nothing this check can read. */
export function needsRedMetrics(id: CheckId, figure: string, cause: string, links: CheckLink[] = []): CheckResult {
  return result(id, { state: 'unknown', figure, cause, fix: 'Fix the “RED metrics” check first.', links });
}

/** A result waiting for the second wave. */
export function pendingResult(id: CheckId): CheckResult {
  return { ...result(id, { state: 'unknown', figure: 'Checking…' }), links: [], pending: true };
}
