import type { Dashboard, DataSourceRef, Panel, VariableModel } from '@grafana/schema';

/**
 * Reads a dashboard model back the way Grafana does when it opens one: the checks of its import form,
 * of the v1 model and of the scene it builds. Each check cites where Grafana makes it (grafana/grafana,
 * main as of 2026; the same files at v12.4.0 and v13.2.x). Returns the problems found, none when the
 * model loads.
 */
export interface LoadedPanel {
  type: string;
  title: string;
  /** The data source each query goes to, variables resolved. */
  dataSource?: { uid: string; type: string };
  queries: Array<Record<string, unknown>>;
}

export function readBack(json: string): { problems: string[]; panels: LoadedPanel[]; variables: VariableModel[] } {
  const problems: string[] = [];
  // public/app/features/manage-dashboards/import/utils/validation.ts validateDashboardJson.
  let dashboard: Dashboard;
  try {
    dashboard = JSON.parse(json);
  } catch {
    return { problems: ['Not valid JSON'], panels: [], variables: [] };
  }
  if (dashboard.hasOwnProperty('tags')) {
    if (!Array.isArray(dashboard.tags)) {
      problems.push('tags expected array');
    } else if (dashboard.tags.some((t) => typeof t !== 'string')) {
      problems.push('tags expected array of strings');
    } else if (dashboard.tags.some((t) => t.length > 50)) {
      problems.push('Dashboard tag too long, max 50 characters');
    }
  }
  // public/app/features/dashboard/state/DashboardMigrator.ts: migrations run only below the current
  // version, and a model without a number is treated as version 0 (every migration).
  if (typeof dashboard.schemaVersion !== 'number' || dashboard.schemaVersion < 36) {
    problems.push(`schemaVersion ${dashboard.schemaVersion} predates data source refs by uid (36)`);
  }
  // public/app/features/dashboard-scene/utils/variables.ts createSceneVariableFromVariableModel: an
  // unknown type throws ("Scenes: Unsupported variable type") and the variable is dropped; a data
  // source variable's plugin id is its `query`, its value `current.value`.
  const variables = dashboard.templating?.list ?? [];
  const values = new Map<string, { uid: string; type: string }>();
  for (const v of variables) {
    if (!['adhoc', 'custom', 'query', 'datasource', 'interval', 'constant', 'textbox'].includes(v.type)) {
      problems.push(`Scenes: Unsupported variable type ${v.type}`);
      continue;
    }
    if (v.type === 'datasource') {
      const value = v.current?.value;
      if (typeof v.query !== 'string' || !v.query || typeof value !== 'string' || !value) {
        problems.push(`data source variable ${v.name} has no plugin id or no value`);
      } else {
        values.set(v.name, { uid: value, type: v.query });
      }
    }
  }
  // public/app/features/dashboard-scene/serialization/transformSaveModelToScene.ts buildGridItemForPanel:
  // a VizPanel of `pluginId: panel.type` at panel.gridPos, its SceneQueryRunner with
  // `datasource: panel.datasource, queries: panel.targets`; DashboardModel (PanelModel) gives panels
  // without an id one, so duplicate ids are what breaks links to a panel.
  const panels: LoadedPanel[] = [];
  const ids = new Set<number>();
  const cells = new Set<string>();
  for (const raw of (dashboard.panels ?? []) as Panel[]) {
    if (typeof raw.type !== 'string' || raw.type === '') {
      problems.push(`panel ${raw.title} has no type`);
      continue;
    }
    if (raw.id !== undefined) {
      if (ids.has(raw.id)) {
        problems.push(`duplicate panel id ${raw.id}`);
      }
      ids.add(raw.id);
    }
    const g = raw.gridPos;
    if (!g || g.x < 0 || g.w < 1 || g.x + g.w > 24 || g.h < 1 || g.y < 0) {
      problems.push(`panel ${raw.title} is outside the 24-column grid: ${JSON.stringify(g)}`);
    } else {
      // The grid pushes overlapping panels down: the layout would not be the one written.
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          if (cells.has(`${x},${y}`)) {
            problems.push(`panel ${raw.title} overlaps another at ${x},${y}`);
            y = g.y + g.h;
            x = g.x + g.w;
          }
          cells.add(`${x},${y}`);
        }
      }
    }
    const targets = raw.targets ?? [];
    const refIds = targets.map((t) => t.refId);
    if (new Set(refIds).size !== refIds.length || refIds.some((r) => typeof r !== 'string' || !r)) {
      problems.push(`panel ${raw.title} has missing or repeated refIds: ${JSON.stringify(refIds)}`);
    }
    const resolve = (ref: DataSourceRef | null | undefined) => {
      if (!ref) {
        return undefined;
      }
      const m = /^\$\{(\w+)\}$|^\$(\w+)$/.exec(ref.uid ?? '');
      if (m) {
        const v = values.get(m[1] ?? m[2]);
        if (!v) {
          problems.push(`panel ${raw.title} uses the undefined variable ${ref.uid}`);
          return undefined;
        }
        if (ref.type && ref.type !== v.type) {
          problems.push(`panel ${raw.title}: ${ref.uid} is a ${v.type} variable, the panel wants ${ref.type}`);
        }
        return v;
      }
      return ref.uid && ref.type ? { uid: ref.uid, type: ref.type } : undefined;
    };
    const dataSource = resolve(raw.datasource);
    if (targets.length > 0 && !dataSource) {
      problems.push(`panel ${raw.title} has queries but no data source: it would use the instance's default`);
    }
    for (const t of targets) {
      const own = resolve(t.datasource as DataSourceRef | undefined);
      if (own && dataSource && own.uid !== dataSource.uid) {
        problems.push(`panel ${raw.title}: query ${t.refId} goes to ${own.uid}, the panel to ${dataSource.uid}`);
      }
    }
    panels.push({ type: raw.type, title: raw.title ?? '', dataSource, queries: targets });
  }
  return { problems, panels, variables };
}
