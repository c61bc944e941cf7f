import React, { useEffect, useState, type ComponentType } from 'react';
import { LoadingPlaceholder } from '@grafana/ui';

const loading = <LoadingPlaceholder text="" />;

/**
 * A component whose code loads the first time it is drawn, as React.lazy, but without Suspense. React
 * holds back a Suspense boundary's content until FALLBACK_THROTTLE_MS after its fallback showed
 * (react-reconciler ReactFiberWorkLoop.js: 300 ms in react-dom 19.3.1, 500 ms in 18.3.1, Grafana 12.4’s),
 * so a chunk that arrived in 30 ms still showed the page 300 to 500 ms late. Here the loaded code is
 * an ordinary state update, drawn at once. A chunk that fails goes to Grafana's error boundary around
 * the plugin, as with React.lazy. Small: module.js loads on every page.
 */
export function lazyComponent<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<unknown> | undefined;

  return function LazyComponent(props: P) {
    // 0 once the code arrived (to draw it), [error] once it failed (to throw it).
    const [failed, setDone] = useState<0 | [unknown]>();
    useEffect(() => {
      // After an unmount React drops the update (React 18 and 19 do not warn).
      if (!loaded) {
        (pending ||= load().then((m) => (loaded = m.default))).then(
          () => setDone(0),
          (err: unknown) => setDone([err])
        );
      }
    }, []);
    if (failed) {
      throw failed[0];
    }
    return loaded ? React.createElement(loaded, props) : loading;
  };
}
