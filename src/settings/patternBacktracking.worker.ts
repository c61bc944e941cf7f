import { RE2JS } from 're2js';
import { loadRe2 } from '../correlation/re2';
import { backtrackingProblem } from './patternBacktracking';

/**
 * The config page's backtracking check off the main thread: one check can take ~2 s (the detector's
 * step limits bound it, not time), and in a worker the page keeps answering meanwhile. Messages:
 * in `{ id, source }`, out `{ id, problem }` (undefined when the pattern is safe).
 */
const scope = self as unknown as {
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  postMessage(message: unknown): void;
};
// RE2 in the worker's own file (a static import): the check compiles its suggested rewrites with it,
// as on the page, and a worker that loaded chunks would need a public path of its own.
const ready = loadRe2(() => Promise.resolve({ RE2JS }));
scope.addEventListener('message', async (e: MessageEvent) => {
  const { id, source } = (e.data ?? {}) as { id?: unknown; source?: unknown };
  await ready;
  let problem: string | undefined;
  try {
    problem = backtrackingProblem(String(source));
  } catch (err) {
    problem = `Correlate could not check this pattern (${err instanceof Error ? err.message : String(err)}).`;
  }
  scope.postMessage({ id, problem });
});
