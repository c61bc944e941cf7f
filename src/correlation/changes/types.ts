import type { Counts, Score } from './score';

/**
 * One row of What changed: a difference between the baseline and the incident window, with the
 * evidence for it and where to see it.
 */
export type ChangeKind = 'signature' | 'red' | 'attribute' | 'version';

export const KIND_NAMES: Record<ChangeKind, string> = {
  signature: 'Error signature',
  red: 'RED',
  attribute: 'Span attribute',
  version: 'Version',
};

/** Where a row's evidence is shown; the page turns it into a URL for its windows and data sources. */
export type ChangeLink =
  | { to: 'errors'; services: string[]; search?: string; signature?: string }
  | { to: 'service'; service: string }
  | { to: 'traces'; query: string };

export interface ChangeRow {
  /** Stable within one comparison: the kind and what it is about. */
  id: string;
  kind: ChangeKind;
  /** What changed, in words (untrusted text inside: shown as text only). */
  title: string;
  /** The service it is about, when one. */
  service?: string;
  /** The two figures, as shown: baseline → incident. */
  baselineText: string;
  incidentText: string;
  /** The same two figures as numbers in one unit, for the small bar chart. */
  baselineValue: number;
  incidentValue: number;
  score: Score['score'];
  direction: Score['direction'];
  /** The incident's rate over the baseline's, after smoothing. */
  ratio: number;
  /** Absent in the baseline (a new signature, a new version), or absent in the incident. */
  appeared?: boolean;
  disappeared?: boolean;
  /** What the row measures, for grouping causes and symptoms (absent: read from `kind`). */
  measure?: ChangeMeasure;
  /** A service whose requests stopped (its rate fell below STOPPED_RATIO of the baseline's and stayed there). */
  stopped?: boolean;
  /** When it stopped, in epoch ms, when the series tells. */
  sinceMs?: number;
  /** The counts a rate row was scored on, so it can be scored again per request (see perRequest.ts). */
  counts?: { incident: Counts; baseline: Counts; dispersion: number };
  /** For a client span attribute (peer.service, server.address, db.*): the dependency it names. */
  dependency?: string;
  /** Scored per request, because the service's traffic changed. */
  perRequest?: boolean;
  link: ChangeLink;
}

export type ChangeMeasure = 'rate' | 'errors' | 'latency' | 'deploy' | 'signature' | 'attribute';

/** How one kind's rows were found: the method, and when it is a fallback, why. */
export interface KindMethod {
  /** Plain words: "Loki patterns API", "fingerprints of a sample of 500 + 500 error lines". */
  method: string;
  fallback: boolean;
  /** Why the preferred method was not used (its error), for a fallback. */
  reason?: string;
}
