import React, { Suspense, lazy } from 'react';
import type { SceneObject } from '@grafana/scenes';

/**
 * Stands in for Scenes' SceneDebugger where SceneAppPageView imports it (webpack.config.ts swaps
 * the import): Scenes renders the debugger only with `?scene-debugger` in the URL, yet its static
 * import put the debugger's code on every page (@grafana/scenes 8.19.0,
 * dist/esm/components/SceneApp/SceneAppPageView.js). Here it loads only when rendered.
 */
const Debugger = lazy(() =>
  import('@grafana/scenes').then((m) => ({
    default: m.SceneDebugger,
  }))
);

export function SceneDebugger(props: { scene: SceneObject }) {
  return (
    <Suspense fallback={null}>
      <Debugger {...props} />
    </Suspense>
  );
}
