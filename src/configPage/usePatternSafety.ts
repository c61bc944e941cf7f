import { useEffect, useMemo, useState } from 'react';

type Check = (source: string) => string | undefined;

export interface PatternSafety {
  /** One message per pattern (undefined where it is safe or already has another error). */
  errors: Array<string | undefined>;
  /** True until the check has loaded: Save waits for it. */
  pending: boolean;
}

// Results by pattern: typing back and forth does not run the detector again.
const results = new Map<string, string | undefined>();
const MAX_RESULTS = 200;

function cached(check: Check, source: string): string | undefined {
  if (!results.has(source)) {
    if (results.size >= MAX_RESULTS) {
      results.clear();
    }
    results.set(source, check(source));
  }
  return results.get(source);
}

/** Typing pauses this long before a pattern is checked (a check can take up to ~2 s). */
const SETTLE_MS = 250;

/** Runs `next` in a task of its own, so the browser handles input and paints between two checks. */
export type Schedule = (next: () => void) => () => void;
const nextTask: Schedule = (next) => {
  const timer = setTimeout(next, 0);
  return () => clearTimeout(timer);
};

/**
 * Catastrophic-backtracking messages for the draft's patterns. The detector loads with the first
 * use (it is only needed here) and runs once typing pauses, one pattern per task (each check is
 * bounded by the detector's step limits; 50 provisioned patterns at once would otherwise block the
 * page for their sum); until every pattern is checked Save waits. Patterns that already have an
 * error are not checked.
 */
export function usePatternSafety(
  patterns: string[],
  errors: Array<string | undefined> | undefined,
  schedule: Schedule = nextTask
): PatternSafety {
  const [check, setCheck] = useState<{ run?: Check; loadError?: string }>({});
  const [settled, setSettled] = useState(patterns);
  // Bumped after each pattern checked: the next one is scheduled, the messages shown so far re-read.
  const [checkedCount, setCheckedCount] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(patterns), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [patterns]);
  useEffect(() => {
    let live = true;
    import('../settings/patternBacktracking').then(
      (m) => live && setCheck({ run: m.backtrackingProblem }),
      (err: unknown) =>
        live &&
        setCheck({
          loadError: `The pattern check could not load (${err instanceof Error ? err.message : String(err)}). Reload the page to save.`,
        })
    );
    return () => {
      live = false;
    };
  }, []);
  const unchecked = (p: string, i: number) => !errors?.[i] && !results.has(p);
  useEffect(() => {
    const run = check.run;
    const next = settled === patterns && run ? patterns.find(unchecked) : undefined;
    if (next === undefined || !run) {
      return;
    }
    return schedule(() => {
      cached(run, next);
      setCheckedCount((n) => n + 1);
    });
    // `unchecked` reads `errors` and the cache; `checkedCount` says the cache grew.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [patterns, settled, errors, check, checkedCount, schedule]);
  return useMemo(() => {
    if (patterns.length === 0) {
      return { errors: [], pending: false };
    }
    if (!check.run) {
      return { errors: patterns.map(() => check.loadError), pending: !check.loadError };
    }
    if (settled !== patterns) {
      return { errors: patterns.map(() => undefined), pending: true };
    }
    return {
      errors: patterns.map((p, i) => (errors?.[i] ? undefined : results.get(p))),
      pending: patterns.some(unchecked),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [patterns, settled, errors, check, checkedCount]);
}
