/**
 * The config page's backtracking check, asynchronous: in a Web Worker (startPatternWorker.ts), so a
 * check of ~2 s never blocks the page; on the page itself, one pattern per task, only where no worker
 * can start (a Content-Security-Policy without worker-src, a browser without workers) or the worker
 * dies. Either way each answer is the same function's (settings/patternBacktracking.ts).
 */
export type AsyncCheck = (source: string) => Promise<string | undefined>;
type SyncCheck = (source: string) => string | undefined;

export interface PatternCheckDeps {
  startWorker: () => Promise<Worker>;
  onPage: () => Promise<SyncCheck>;
}

const defaults: PatternCheckDeps = {
  // Eager: in the config page's chunk, not a chunk of its own (each chunk costs module.js its name and hashes).
  startWorker: () => import(/* webpackMode: "eager" */ './startPatternWorker').then((m) => m.startPatternWorker()),
  onPage: () => import(/* webpackMode: "eager" */ '../settings/patternBacktracking').then((m) => m.backtrackingProblem),
};

/** On the page, each check in a task of its own, after the browser has had its turn. */
function pageCheck(load: () => Promise<SyncCheck>): AsyncCheck {
  let check: Promise<SyncCheck> | undefined;
  return (source) => {
    check ??= load();
    return check.then((run) => new Promise((resolve) => setTimeout(() => resolve(run(source)), 0)));
  };
}

/** Resolves to the check once it can run (the worker started, or the page's detector loaded). */
export async function loadPatternCheck(deps: PatternCheckDeps = defaults): Promise<AsyncCheck> {
  const fallback = pageCheck(deps.onPage);
  let worker: Worker;
  try {
    worker = await deps.startWorker();
  } catch {
    // Loaded now, so a detector that cannot load is reported at once.
    await deps.onPage();
    return fallback;
  }
  const waiting = new Map<number, { source: string; resolve: (problem: string | undefined) => void }>();
  let nextId = 0;
  let dead = false;
  worker.addEventListener('message', (e: MessageEvent) => {
    const { id, problem } = (e.data ?? {}) as { id?: number; problem?: unknown };
    const entry = id === undefined ? undefined : waiting.get(id);
    if (entry) {
      waiting.delete(id!);
      entry.resolve(typeof problem === 'string' ? problem : undefined);
    }
  });
  // The worker's script did not load, or it died: what it had not answered is checked on the page.
  worker.addEventListener('error', (e) => {
    e.preventDefault?.();
    dead = true;
    worker.terminate();
    for (const { source, resolve } of waiting.values()) {
      fallback(source).then(resolve);
    }
    waiting.clear();
  });
  return (source) => {
    if (dead) {
      return fallback(source);
    }
    return new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, { source, resolve });
      worker.postMessage({ id, source });
    });
  };
}
