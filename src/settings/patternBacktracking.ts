import { isSafePattern, type RedosDetectorResult } from 'redos-detector';
import { LEADING_REPEAT, traceIdPatternError } from './traceIdPattern';

/**
 * Config-page check of a trace-id pattern for catastrophic backtracking, with a safe rewrite.
 * Correlate itself runs patterns on RE2 (linear time), but a pattern that backtracks is a trap
 * wherever else it is pasted (Grafana's derived fields, a JavaScript tool), and one that starts by
 * scanning the line is always the slow form of a simpler pattern: the config page refuses both.
 * Loaded lazily by the config page only (redos-detector is ~25 KB gzip).
 */

/**
 * How far the detector explores, in its own steps and scores rather than in time, so a pattern gets
 * the same answer on every machine. An undecided pattern is refused, not guessed safe. With these,
 * a typical trace-id pattern is decided in well under 100 ms, the slowest hostile ones in ~2 s.
 */
const DETECTOR_LIMITS = { maxSteps: 2000, maxScore: 50 };
const EXAMPLE = 'corr=([0-9a-f]{32})';
// `^(?:` … `)`: redos-detector then measures one match attempt (see backtracking below).
const ANCHOR_OPEN = '^(?:';

/** Characters that may stand before the id's group in a suggested `key([0-9a-f]{32})`. */
const LITERAL_TAIL = /(?:\\[[\]{}().*+?|^$\\/-]|[A-Za-z0-9_=:"' -])+$/;

function isSafeRewrite(candidate: string): boolean {
  return (
    candidate !== '' &&
    traceIdPatternError(candidate) === undefined &&
    !LEADING_REPEAT.test(candidate) &&
    backtracking(candidate) === undefined
  );
}

/** A rewrite keeping the pattern's literal key before its first group, or the generic example. */
function suggestRewrite(source: string): string {
  const withoutLead = source.replace(LEADING_REPEAT, '');
  if (withoutLead !== source && isSafeRewrite(withoutLead)) {
    return withoutLead;
  }
  const group = source.search(/\((?!\?)/);
  const key = group > 0 ? LITERAL_TAIL.exec(source.slice(0, group))?.[0].trim() : undefined;
  const keyed = key ? `${key}([0-9a-f]{32})` : undefined;
  return keyed && isSafeRewrite(keyed) ? keyed : EXAMPLE;
}

/** The parts of the pattern the detector's first trail shows matching the same text twice. */
function overlappingParts(result: RedosDetectorResult): string[] {
  const trail = result.trails[0]?.trail ?? [];
  const differing = trail.filter((e) => e.a.node.start.offset !== e.b.node.start.offset);
  const entries = differing.length ? differing : trail.slice(-1);
  const parts = entries.flatMap((e) => [e.a.node.source, e.b.node.source]);
  return [...new Set(parts)].slice(0, 3);
}

/**
 * Backtracking within one match attempt, by redos-detector on the anchored pattern: nested or
 * overlapping repeats that let the same text match in many ways (`(a+)+$`, `(\w+\s?)*$`).
 */
function backtracking(source: string): RedosDetectorResult | undefined {
  let result: RedosDetectorResult;
  try {
    result = isSafePattern(`${ANCHOR_OPEN}${source})`, DETECTOR_LIMITS);
  } catch {
    // The detector cannot read some valid patterns; RE2 still bounds them at run time.
    return undefined;
  }
  return result.safe ? undefined : result;
}

/**
 * Why a pattern can backtrack catastrophically, with a safe rewrite; undefined when it cannot.
 * Only for patterns that pass traceIdPatternError.
 */
export function backtrackingProblem(source: string): string | undefined {
  const lead = LEADING_REPEAT.exec(source)?.[0];
  if (lead) {
    return `Starts with "${lead}": the search already tries every position of the line, and "${lead}" re-reads the rest of the line from each one, so a long line without a match takes time growing with the square of its length. Use ${suggestRewrite(source)} instead.`;
  }
  const result = backtracking(source);
  if (!result) {
    return undefined;
  }
  const undecided = result.error === 'hitMaxSteps';
  const parts = overlappingParts(result);
  const why =
    undecided && parts.length === 0
      ? 'Correlate could not show that this pattern cannot backtrack catastrophically: it can match the same text in too many ways to check.'
      : `This pattern can backtrack catastrophically: ${parts.map((p) => `"${p}"`).join(' and ') || 'its repeated parts'} can match the same characters in more than one way, so a line that almost matches takes time growing exponentially (or with a high power) with its length.`;
  return `${why} Make repeated parts unable to overlap (x+ rather than (x+)+) and match the id with a fixed length, for example ${suggestRewrite(source)}.`;
}
