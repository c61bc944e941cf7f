import { rateChange, TOLERANCE } from './score';
import type { ChangeRow } from './types';

/**
 * Error signatures are counted per second; when the traffic itself changed, twice the requests give
 * twice the errors without anything being wrong. Such rows are scored again per request: each window's
 * exposure becomes its requests (the RED request rate of the row's service, or of every compared
 * service for a row of several), so only a signature that grew faster than the traffic scores. Pure.
 */

/** Mean request rate per service in each window, from the RED queries. */
export type Traffic = Map<string, { incident: number; baseline: number }>;

function trafficOf(row: ChangeRow, traffic: Traffic): { incident: number; baseline: number } | undefined {
  if (row.service) {
    return traffic.get(row.service);
  }
  let incident = 0;
  let baseline = 0;
  for (const t of traffic.values()) {
    incident += t.incident;
    baseline += t.baseline;
  }
  return traffic.size ? { incident, baseline } : undefined;
}

/** Rows with counts, rescored per request where their traffic moved beyond the tolerance; others as they were. */
export function perRequest(rows: ChangeRow[], traffic: Traffic | undefined): ChangeRow[] {
  if (!traffic || traffic.size === 0) {
    return rows;
  }
  return rows.map((row) => {
    const t = trafficOf(row, traffic);
    if (row.measure !== 'signature' || !row.counts || !t || !(t.incident > 0) || !(t.baseline > 0)) {
      return row;
    }
    const moved = t.incident / t.baseline;
    if (moved <= TOLERANCE && moved >= 1 / TOLERANCE) {
      return row;
    }
    const { incident, baseline, dispersion } = row.counts;
    // Exposure in requests: seconds × requests per second.
    const s = rateChange(
      { count: incident.count, exposure: incident.exposure * t.incident },
      { count: baseline.count, exposure: baseline.exposure * t.baseline },
      { dispersion }
    );
    // The title says which way it went per request, which may differ from per second.
    const title =
      s.direction === row.direction
        ? row.title
        : row.title.replace(/^[^:]*:/, `Error signature ${s.direction === 'up' ? 'grew' : 'fell'} per request:`);
    return { ...row, title, score: s.score, direction: s.direction, ratio: s.ratio, perRequest: true };
  });
}
