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

/**
 * Catastrophic-backtracking messages for the draft's patterns. The detector loads with the first
 * use (it is only needed here); patterns that already have an error are not checked again.
 */
export function usePatternSafety(patterns: string[], errors: Array<string | undefined> | undefined): PatternSafety {
  const [check, setCheck] = useState<{ run?: Check; loadError?: string }>({});
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
  return useMemo(() => {
    if (!check.run) {
      return { errors: patterns.map(() => check.loadError), pending: !check.loadError };
    }
    const run = check.run;
    return { errors: patterns.map((p, i) => (errors?.[i] ? undefined : cached(run, p))), pending: false };
  }, [patterns, errors, check]);
}
