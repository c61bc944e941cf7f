import { useEffect, useMemo, useState } from 'react';
import { loadPatternCheck, type AsyncCheck } from './patternCheck';

export interface PatternSafety {
  /** One message per pattern (undefined where it is safe or already has another error). */
  errors: Array<string | undefined>;
  /** True until the check has loaded: Save waits for it. */
  pending: boolean;
}

// Results by pattern: typing back and forth does not run the detector again.
const results = new Map<string, string | undefined>();
// Checks under way, so a pattern is never sent twice while the first answer is coming.
const running = new Map<string, Promise<void>>();
const MAX_RESULTS = 200;

function cached(check: AsyncCheck, source: string): Promise<void> {
  let run = running.get(source);
  if (!run) {
    run = check(source).then((problem) => {
      if (results.size >= MAX_RESULTS) {
        results.clear();
      }
      results.set(source, problem);
      running.delete(source);
    });
    running.set(source, run);
  }
  return run;
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
 * use (it is only needed here), in a Web Worker where one can start (patternCheck.ts: a check takes
 * up to ~2 s, bounded by the detector's step limits, not by time), and runs once typing pauses, one
 * pattern at a time (on the page, when no worker could start, one per task: 50 provisioned patterns
 * at once would block the page for their sum); until every pattern is checked Save waits. Patterns
 * that already have an error are not checked.
 */
export function usePatternSafety(
  patterns: string[],
  errors: Array<string | undefined> | undefined,
  schedule: Schedule = nextTask,
  load: () => Promise<AsyncCheck> = loadPatternCheck
): PatternSafety {
  const [check, setCheck] = useState<{ run?: AsyncCheck; loadError?: string }>({});
  const [settled, setSettled] = useState(patterns);
  // Bumped after each pattern checked: the next one is scheduled, the messages shown so far re-read.
  const [checkedCount, setCheckedCount] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(patterns), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [patterns]);
  useEffect(() => {
    let live = true;
    load().then(
      (run) => live && setCheck({ run }),
      (err: unknown) =>
        live &&
        setCheck({
          loadError: `The pattern check could not load (${err instanceof Error ? err.message : String(err)}). Reload the page to save.`,
        })
    );
    return () => {
      live = false;
    };
    // Loaded once per mount, whichever `load` a later render passes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const unchecked = (p: string, i: number) => !errors?.[i] && !results.has(p);
  useEffect(() => {
    const run = check.run;
    const next = settled === patterns && run ? patterns.find(unchecked) : undefined;
    if (next === undefined || !run) {
      return;
    }
    let live = true;
    const cancel = schedule(() => {
      cached(run, next).then(() => live && setCheckedCount((n) => n + 1));
    });
    return () => {
      live = false;
      cancel();
    };
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
