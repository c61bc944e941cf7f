import { LoadingState, dateTime, type RawTimeRange } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

/**
 * The contexts Grafana passes to an added link's `configure`, built the way Grafana builds them.
 * Each builder names the upstream file it reproduces. Read in the grafana/grafana versions the code
 * index stores, which it does not tie to release tags: where forms differ, each form has a builder
 * and the links are tested with all of them. Grafana deep-freezes every context.
 */

type Labels = Record<string, string>;

export interface QueryFixture extends DataQuery {
  expr?: string;
  query?: string;
}

// Reproduces grafana/grafana public/app/features/dashboard-scene/scene/PanelMenuBehavior.tsx createExtensionContext (same form in every stored version): the panel's queries as saved (a query may leave its data source to the panel), the raw time range, and the query runner's last data, whose request carries every query with its data source (@grafana/scenes SceneQueryRunner.ts gives each query without one the panel's).
export function panelMenuContext(p: {
  targets: QueryFixture[];
  panelDataSource?: { type: string; uid: string };
  timeRange?: RawTimeRange;
}) {
  const timeRange = p.timeRange ?? { from: 'now-6h', to: 'now' };
  const requested = p.targets.map((t) => ({ ...t, datasource: t.datasource ?? p.panelDataSource }));
  return Object.freeze({
    id: 4,
    pluginId: 'timeseries',
    title: 'Errors per service',
    timeRange,
    timeZone: 'browser',
    dashboard: { uid: 'demo-red', title: 'Demo shop: RED per service', tags: ['demo'] },
    targets: p.targets,
    scopedVars: {},
    data: {
      state: LoadingState.Done,
      series: [],
      timeRange: { from: dateTime(0), to: dateTime(0), raw: timeRange },
      request: { targets: requested, range: { raw: timeRange } },
    },
  });
}

// Reproduces grafana/grafana public/app/features/explore/extensions/ToolbarExtensionPoint.tsx useExtensionPointContext (same form in every stored version): the pane's queries, its query response, the raw range (DateTime objects for an absolute range), the time zone.
export function exploreContext(p: { targets: QueryFixture[]; timeRange?: RawTimeRange }) {
  return Object.freeze({
    exploreId: 'left',
    targets: p.targets,
    data: { state: LoadingState.Done, series: [], logsResult: null, graphResult: null, tableResult: null },
    timeRange: p.timeRange ?? { from: 'now-1h', to: 'now' },
    timeZone: 'browser',
    shouldShowAddCorrelation: false,
  });
}

/** An absolute Explore range, as Grafana's DateTime objects. */
export const absoluteRange = (fromMs: number, toMs: number): RawTimeRange => ({
  from: dateTime(fromMs),
  to: dateTime(toMs),
});

/** A Grafana-managed rule as the ruler API returns it (`RulerGrafanaRuleDTO`). */
export interface RulerGrafanaRule {
  labels?: Labels;
  annotations?: Labels;
  grafana_alert: {
    title: string;
    uid: string;
    data: Array<{ refId: string; datasourceUid: string; model: Record<string, unknown>; queryType?: string }>;
  };
}

// Reproduces grafana/grafana public/app/features/alerting/unified/plugins/useRulePluginLinkExtensions.ts buildGrafanaRuleExtensionPoint (newest stored form; older ones pass rule.query and rule.labels, the same values): for a Grafana-managed alerting rule, the expression is the JSON of the rule's queries and labels are the rule's own (fixed) labels, not any instance's.
export function alertingRuleContext(
  rule: RulerGrafanaRule,
  group = { folderUid: 'correlate-demo', name: 'Demo shop' }
) {
  return Object.freeze({
    name: rule.grafana_alert.title,
    namespace: group.folderUid,
    group: group.name,
    expression: JSON.stringify(rule.grafana_alert.data),
    labels: rule.labels ?? {},
    annotations: rule.annotations ?? {},
  });
}

// Reproduces grafana/grafana public/app/features/alerting/unified/plugins/useRulePluginLinkExtensions.ts buildPromRuleExtensionPoint (every stored form): a data source-managed (Mimir, Loki) rule; the expression is its query text.
export const promAlertingRuleContext = (p: { name: string; query: string; labels?: Labels; annotations?: Labels }) =>
  Object.freeze({
    name: p.name,
    namespace: 'mimir-rules',
    group: 'services',
    expression: p.query,
    labels: p.labels ?? {},
    annotations: p.annotations ?? {},
  });

/** An instance of a rule, as Grafana's Prometheus-style rules API returns it (`Alert`). */
export interface AlertInstance {
  activeAt: string;
  labels: Labels;
  annotations: Labels;
  state: 'Normal' | 'Pending' | 'Alerting' | 'NoData' | 'Error' | 'Recovering';
  value: string;
}

/** What the Prometheus-style API says of a Grafana rule: `query` is each query's `expr`, joined by " | ". */
export const promQueryOf = (rule: RulerGrafanaRule) =>
  rule.grafana_alert.data
    .map((q) => q.model.expr)
    .filter((e): e is string => typeof e === 'string')
    .join(' | ');

// Reproduces grafana/grafana public/app/features/alerting/unified/components/extensions/AlertInstanceExtensionPoint.tsx (buildAlertInstancePluginContext, the restore form of PR #131328, open; 13.1 and later render no instance actions, grafana#130562): the rule reduced to name, query, labels, annotations and uid, and the instance's own fields.
export function alertInstanceContext(rule: RulerGrafanaRule | undefined, instance: AlertInstance) {
  return Object.freeze({
    rule: rule
      ? {
          name: rule.grafana_alert.title,
          query: promQueryOf(rule),
          labels: rule.labels ?? {},
          annotations: rule.annotations ?? {},
          uid: rule.grafana_alert.uid,
        }
      : undefined,
    instance: {
      activeAt: instance.activeAt,
      annotations: instance.annotations,
      labels: instance.labels,
      state: instance.state,
      value: instance.value,
    },
  });
}

// Reproduces grafana/grafana public/app/features/alerting/unified/components/extensions/AlertInstanceExtensionPoint.tsx (the form from PR #77900 to 13.0, so Grafana 12.4's: `useMemo(() => ({ instance, rule }))`): `{ rule, instance }` with the whole CombinedRule, its labels also on promRule and rulerRule.
export function legacyAlertInstanceContext(rule: RulerGrafanaRule, instance: AlertInstance) {
  const labels = rule.labels ?? {};
  return Object.freeze({
    rule: {
      name: rule.grafana_alert.title,
      query: promQueryOf(rule),
      labels,
      annotations: rule.annotations ?? {},
      group: { name: 'Demo shop', rules: [] },
      namespace: { name: 'Correlate demo', groups: [] },
      promRule: { name: rule.grafana_alert.title, query: promQueryOf(rule), labels, type: 'alerting' },
      rulerRule: rule,
      instanceTotals: {},
      filteredInstanceTotals: {},
    },
    instance,
  });
}

/** Go's zero time: the activeAt of an instance that is Normal (has never fired or has resolved). */
export const ZERO_TIME = '0001-01-01T00:00:00Z';
