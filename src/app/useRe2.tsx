import React, { useEffect, useState } from 'react';
import { Alert } from '@grafana/ui';
import { loadRe2, re2 } from '../correlation/re2';

export type Re2State = { status: 'ready' } | { status: 'loading' } | { status: 'failed'; reason: string };

/**
 * Loads RE2 when `needed` (configured trace-id patterns, or the config page where they are typed)
 * and says when it is ready. Without patterns it is never requested: built-in extraction needs none.
 * A failed load is reported and the page goes on without the patterns.
 */
export function useRe2(needed: boolean, load: typeof loadRe2 = loadRe2): Re2State {
  const [failure, setFailure] = useState<string>();
  const [, setLoaded] = useState(false);
  useEffect(() => {
    if (!needed || re2()) {
      return;
    }
    let live = true;
    load().then(
      () => live && setLoaded(true),
      (err: unknown) => live && setFailure(err instanceof Error ? err.message : String(err))
    );
    return () => {
      live = false;
    };
  }, [needed, load]);
  if (!needed || re2()) {
    return { status: 'ready' };
  }
  return failure === undefined ? { status: 'loading' } : { status: 'failed', reason: failure };
}

/** What the on-call engineer sees when RE2 did not load: the patterns are off, the rest works. */
export function Re2Failed({ reason, testId }: { reason: string; testId?: string }) {
  return (
    <Alert severity="warning" title="Your trace-id patterns are not applied" data-testid={testId}>
      {`Correlate could not load RE2, the engine that runs them (${reason.slice(0, 200)}). Trace ids in the standard places (trace_id, traceId, traceparent, JSON) are still found. Reload the page; if this keeps happening, check that Grafana serves this plugin's files.`}
    </Alert>
  );
}
