import type { RE2JS } from 're2js';

/**
 * RE2JS, the engine that runs configured trace-id patterns, loaded on demand: it is 44 KB gzip and
 * most teams configure no pattern (built-in extraction never uses it). Whoever turns settings with
 * patterns into work (the app root, the exposed components, the config page) awaits loadRe2() first;
 * until then a pattern cannot compile and is reported as such, never silently run by another engine.
 */
export type Re2Engine = typeof RE2JS;

let engine: Re2Engine | undefined;
let loading: Promise<Re2Engine> | undefined;

/** The engine, once loaded. */
export function re2(): Re2Engine | undefined {
  return engine;
}

/** Loads the engine once; a failed load (a chunk that did not arrive) may be tried again. */
export function loadRe2(importer: () => Promise<{ RE2JS: Re2Engine }> = () => import('re2js')): Promise<Re2Engine> {
  if (engine) {
    return Promise.resolve(engine);
  }
  loading ??= importer().then(
    (m) => (engine = m.RE2JS),
    (err) => {
      loading = undefined;
      throw err;
    }
  );
  return loading;
}

/** Forgets the engine: tests of the not-yet-loaded path only. */
export function unloadRe2ForTests(): void {
  engine = undefined;
  loading = undefined;
}

export const RE2_NOT_LOADED =
  'Correlate’s pattern engine (RE2) is not loaded, so this pattern cannot run: reload the page.';
