import React, { useEffect, useState, type ComponentType, type ReactElement } from 'react';
import { Alert } from '@grafana/ui';

/**
 * A component whose code loads the first time it is drawn, as React.lazy, but without Suspense. React
 * holds back a Suspense boundary's content until FALLBACK_THROTTLE_MS after its fallback showed
 * (react-reconciler ReactFiberWorkLoop.js: 300 ms in react-dom 19.x, 500 ms in 18.3.1, Grafana 12.4's),
 * so a chunk that arrived in 30 ms still showed the page 300 to 500 ms late. Here the loaded code is
 * an ordinary state update, drawn at once. A chunk that fails says so, and the next mount tries again.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
  fallback: ReactElement
): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const start = () =>
    (pending ??= load().then(
      (m) => (loaded = m.default),
      (err: unknown) => {
        pending = undefined;
        throw err;
      }
    ));

  function LazyComponent(props: P) {
    const [, setShown] = useState(0);
    const [failed, setFailed] = useState<string>();
    // Started while drawing, as React.lazy does, not a commit later.
    if (!loaded && !failed) {
      void start().catch(() => undefined);
    }
    useEffect(() => {
      if (loaded) {
        return;
      }
      let live = true;
      start().then(
        () => live && setShown((n) => n + 1),
        (err: unknown) => live && setFailed(err instanceof Error ? err.message : String(err))
      );
      return () => {
        live = false;
      };
    }, []);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    if (failed !== undefined) {
      return (
        <Alert severity="error" title="Correlate could not load this view">
          {`Its code did not arrive (${failed.slice(0, 200)}). Reload the page; if this keeps happening, check that Grafana serves this plugin's files.`}
        </Alert>
      );
    }
    return fallback;
  }
  return LazyComponent;
}
