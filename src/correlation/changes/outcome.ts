import type { Windows } from './windows';

/**
 * What the comparison as a whole may claim, from how each kind of data answered: "nothing changed"
 * only when every kind answered for both windows and none flagged anything. A kind that failed, or
 * windows that have not happened yet, make the page say what could not be compared instead of
 * showing green (security review F5). Pure.
 */

export interface KindAnswer {
  /** How the kind is named to the user: "Error signatures", "RED", "Span attributes and versions". */
  label: string;
  status: 'loading' | 'done' | 'failed';
  /** Why it could not be compared, for a failed kind. */
  error?: string;
}

export type OutcomeState = 'loading' | 'changed' | 'nothing' | 'partial' | 'blind' | 'future';

export interface Outcome {
  state: OutcomeState;
  /** One short line for the top of the page and the summary. */
  title: string;
  /** What could not be compared and why, one line each. */
  missing: string[];
}

/** Windows ending later than this after "now" have not happened yet (clock skew between browser and servers is smaller). */
export const FUTURE_SLACK_MS = 60_000;

const list = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

export function comparisonOutcome(input: {
  kinds: KindAnswer[];
  windows?: Windows;
  now: number;
  /** Whether any row is above the flag threshold. */
  flagged: boolean;
}): Outcome {
  const { kinds, windows, now, flagged } = input;
  const missing = kinds.filter((k) => k.status === 'failed').map((k) => `${k.label}: ${k.error ?? 'no answer'}`);
  if (windows && windows.incident.fromMs > now + FUTURE_SLACK_MS) {
    return {
      state: 'future',
      title: 'Nothing to compare: the incident window is in the future. Pick a time range that has already happened.',
      missing,
    };
  }
  if (kinds.some((k) => k.status === 'loading')) {
    return { state: 'loading', title: 'Comparing…', missing };
  }
  const answered = kinds.filter((k) => k.status === 'done').map((k) => k.label);
  const failed = kinds.filter((k) => k.status === 'failed').map((k) => k.label);
  if (answered.length === 0) {
    return {
      state: 'blind',
      title: `Nothing could be compared: ${list(failed)} did not answer. Check the data sources, then reload.`,
      missing,
    };
  }
  const partlyFuture = windows !== undefined && windows.incident.toMs > now + FUTURE_SLACK_MS;
  if (flagged) {
    return { state: 'changed', title: '', missing };
  }
  if (failed.length > 0 || partlyFuture) {
    const why = failed.length
      ? `${list(failed)} could not be compared`
      : 'part of the incident window is in the future';
    return {
      state: 'partial',
      title: `No change in ${list(answered)}; ${why}, so this is not the whole picture.`,
      missing,
    };
  }
  return { state: 'nothing', title: 'Nothing changed beyond the baseline’s own variation.', missing };
}
