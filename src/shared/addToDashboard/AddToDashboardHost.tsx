import React, { lazy, Suspense, useEffect, useState } from 'react';
import { currentRequest, onAddRequest, requestAddToDashboard } from './requests';

const LazyDialog = lazy(() =>
  import(/* webpackChunkName: "add-to-dashboard" */ './lazy').then((m) => ({ default: m.AddToDashboardDialog }))
);

/**
 * Where the "Add to dashboard" dialog of any panel of this page is drawn: inside Grafana's React tree,
 * so Grafana's exposed form finds its registries. Rendered once by the app root and by each embed.
 */
export function AddToDashboardHost() {
  const [request, setRequest] = useState(currentRequest);
  useEffect(() => onAddRequest(setRequest), []);
  if (!request) {
    return null;
  }
  return (
    <Suspense fallback={null}>
      <LazyDialog request={request} onClose={() => requestAddToDashboard(undefined)} />
    </Suspense>
  );
}
