import type { TimeRange } from '@grafana/data';
import type { Panel } from '@grafana/schema';
import type { DashboardDto } from '../../dashboards/panelModel';

/**
 * What "Add to dashboard" was asked to add, for the host that shows the dialog. Kept apart from the
 * dialog's code, which loads on the first click.
 */
export type AddRequest =
  | { kind: 'panel'; panel: Panel; timeRange: TimeRange; dashboard: DashboardDto }
  | { kind: 'dashboard'; dashboard: DashboardDto; what: string }
  | { kind: 'error'; message: string };

type Listener = (request: AddRequest | undefined) => void;
const listeners = new Set<Listener>();
let current: AddRequest | undefined;

export function requestAddToDashboard(request: AddRequest | undefined) {
  current = request;
  listeners.forEach((l) => l(request));
}

export function currentRequest() {
  return current;
}

export function onAddRequest(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
