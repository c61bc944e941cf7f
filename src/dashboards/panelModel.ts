import type { Dashboard, DataSourceRef, Panel, VariableModel } from '@grafana/schema';
import { SIGNAL_PLUGIN_ID, type SignalKind } from '../settings/dataSources';

/**
 * Correlate's views as Grafana dashboard JSON (pure: no React, no Scenes). Typed with
 * `@grafana/schema`'s dashboard types, as Grafana's own "Add to dashboard" builds them
 * (grafana public/app/features/dashboard-scene/addToDashboard/addToDashboard.ts).
 */

/** One graph or table of a Correlate page: what it queries and how it draws it. */
export interface ViewPanel {
  title: string;
  /** Grafana's visualisation plugin id: `timeseries`, `logs`, `table`, `traces`... */
  type: string;
  /** Which of the page's data sources the queries go to. */
  signal: SignalKind;
  /** The queries, as the page sends them (refId, expr or query, and their options). */
  targets: Array<Record<string, unknown> & { refId: string }>;
  options?: Record<string, unknown>;
  fieldConfig?: Panel['fieldConfig'];
  maxDataPoints?: number;
  transformations?: Panel['transformations'];
  description?: string;
}

/** The page's data source uid of each signal (unset: none chosen). */
export type DataSourceUids = Partial<Record<SignalKind, string>>;

/** Something the user can fix: the message says what to do. */
export class DashboardBuildError extends Error {}

const SIGNAL_NAME: Record<SignalKind, string> = { loki: 'Loki', tempo: 'Tempo', metrics: 'metrics' };
/** Dashboard variables of the whole-investigation dashboard, named as on Correlate's pages. */
export const DASHBOARD_DS_VARIABLE: Record<SignalKind, string> = { loki: 'loki', tempo: 'tempo', metrics: 'metrics' };

/**
 * Schema version of the JSON written here. Older JSON is migrated on load (grafana
 * public/app/features/dashboard/state/DashboardMigrator.ts); 41 is what Grafana 12.0 to 12.4 write,
 * so 12.4 and 13.2 both read it, 13.2 after its own later steps.
 */
export const SCHEMA_VERSION = 41;

/** A data source reference by uid, checked: a panel without one would query the instance's default. */
export function dataSourceRef(signal: SignalKind, uids: DataSourceUids): DataSourceRef {
  const uid = uids[signal];
  if (typeof uid !== 'string' || uid.trim() === '' || uid.length > 200 || uid.includes('$')) {
    throw new DashboardBuildError(
      `No ${SIGNAL_NAME[signal]} data source is chosen on this page. Pick one in the data source picker, then add the panel again.`
    );
  }
  return { type: SIGNAL_PLUGIN_ID[signal], uid };
}

/** The reference to a dashboard's data source variable of this signal (`${metrics}`). */
export function variableRef(signal: SignalKind): DataSourceRef {
  return { type: SIGNAL_PLUGIN_ID[signal], uid: `\${${DASHBOARD_DS_VARIABLE[signal]}}` };
}

/** One view as a dashboard panel, its panel and every query pointing at `ds`. */
export function toPanel(view: ViewPanel, ds: DataSourceRef, gridPos: Panel['gridPos'], id?: number): Panel {
  if (!view || typeof view.type !== 'string' || !Array.isArray(view.targets) || view.targets.length === 0) {
    throw new DashboardBuildError('This panel has no query to add. Reload the page and try again.');
  }
  return {
    ...(id !== undefined ? { id } : {}),
    type: view.type,
    title: view.title,
    ...(view.description ? { description: view.description } : {}),
    gridPos,
    datasource: ds,
    targets: view.targets.map((t) => ({ ...t, datasource: ds })),
    options: view.options ?? {},
    fieldConfig: view.fieldConfig ?? { defaults: {}, overrides: [] },
    ...(view.maxDataPoints !== undefined ? { maxDataPoints: view.maxDataPoints } : {}),
    ...(view.transformations?.length ? { transformations: view.transformations } : {}),
  };
}

/** One view as a panel for any dashboard: its data sources by uid, since the target has no variables of ours. */
export function standalonePanel(view: ViewPanel, uids: DataSourceUids): Panel {
  return toPanel(view, dataSourceRef(view.signal, uids), { x: 0, y: 0, w: 12, h: 8 });
}

const UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
];

/**
 * The dashboard's time: relative (`now-1h` to `now`), never the absolute range the page showed.
 * A relative range is kept; an absolute one becomes "the last" of its length, rounded up to a whole
 * minute, hour or day, at least five minutes.
 */
export function relativeTime(range: { from: unknown; to: unknown; fromMs?: number; toMs?: number }): {
  from: string;
  to: string;
} {
  const relative = (v: unknown) => typeof v === 'string' && /^now([+-]\d+[smhdwMy])*(\/[smhdwMy])?$/.test(v);
  if (relative(range.from) && relative(range.to)) {
    return { from: range.from as string, to: range.to as string };
  }
  const span = Number(range.toMs) - Number(range.fromMs);
  const ms = Number.isFinite(span) && span > 0 ? Math.max(span, 5 * 60_000) : 3_600_000;
  const [unit, size] = UNITS.find(([, s]) => ms >= s) ?? UNITS[UNITS.length - 1];
  return { from: `now-${Math.ceil(ms / size)}${unit}`, to: 'now' };
}

/** A data source variable of the dashboard, starting at the page's data source. */
export function dataSourceVariable(signal: SignalKind, uid: string): VariableModel {
  return {
    type: 'datasource',
    name: DASHBOARD_DS_VARIABLE[signal],
    label: signal === 'metrics' ? 'Metrics' : SIGNAL_NAME[signal],
    // transformSaveModelToScene reads the plugin id from `query` (grafana
    // public/app/features/dashboard-scene/utils/variables.ts createSceneVariableFromVariableModel).
    query: SIGNAL_PLUGIN_ID[signal],
    current: { text: uid, value: uid, selected: true },
    options: [],
    refresh: 1,
    regex: '',
    hide: 0,
    multi: false,
    includeAll: false,
  } as VariableModel;
}

/** What Grafana's new-dashboard page loads from local storage (grafana app/types/dashboard.ts DashboardDTO). */
export interface DashboardDto {
  meta: Record<string, unknown>;
  dashboard: Dashboard;
}

/** A new, unsaved dashboard of these panels. */
export function newDashboard(parts: {
  title: string;
  panels: Panel[];
  time: { from: string; to: string };
  variables?: VariableModel[];
  tags?: string[];
}): DashboardDto {
  return {
    meta: {},
    dashboard: {
      title: parts.title,
      uid: '',
      schemaVersion: SCHEMA_VERSION,
      editable: true,
      time: parts.time,
      tags: parts.tags ?? [],
      panels: parts.panels,
      templating: { list: parts.variables ?? [] },
      annotations: { list: [] },
    },
  };
}
