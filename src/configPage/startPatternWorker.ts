/**
 * Starts the backtracking-check worker. Its own module because `import.meta.url` is what webpack
 * reads to bundle the worker as a file of the plugin (webpack 5 bundles `new Worker(new URL('…',
 * import.meta.url))` written in one expression; a URL kept in a variable is copied as a raw asset),
 * and Jest's CommonJS cannot load it: tests give patternCheck.ts a worker of their own.
 *
 * Where the file is: webpack resolves the URL against the runtime public path, which the plugin's
 * entry sets from its own module.js URL (`.config/webpack/webpack.config.ts`, grafana-public-path.js,
 * create-plugin 7.1.7; `output.publicPath: public/plugins/<id>/` is only the fallback), so the worker
 * is fetched from wherever Grafana serves this plugin's lazy chunks. A worker must come from the
 * page's origin: when Grafana serves plugins from another one (a CDN), the constructor throws a
 * SecurityError and patternCheck.ts checks on the page.
 */
export function startPatternWorker(): Worker {
  // No library wrapper: the plugin's entries are AMD modules (output.library 'amd') for Grafana's
  // SystemJS, and a worker has no `define`. Public path 'auto': the worker loads the chunks it shares
  // with the page (the detector, RE2) from its own folder, read from self.location, not from the
  // scaffold's relative `public/plugins/<id>/`, which would resolve against the worker's own URL.
  return new Worker(
    /* webpackEntryOptions: { library: false, publicPath: 'auto' } */
    new URL('../settings/patternBacktracking.worker.ts', import.meta.url),
    { name: 'correlate-pattern-check' }
  );
}
