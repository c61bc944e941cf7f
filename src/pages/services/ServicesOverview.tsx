import { LoadingState } from '@grafana/data';
import {
  SceneObjectBase,
  VariableDependencyConfig,
  sceneGraph,
  type SceneQueryRunner,
  type SceneObjectState,
} from '@grafana/scenes';
import { errorMessageOf } from '../../correlation/frame';
import { OVERVIEW_MAX, OVERVIEW_PAGE, checkSearch, overviewQueries, visibleRowsQueries } from '../../queries/promql';
import { RED_PROFILES } from '../../queries/redProfiles';
import type { RedDetection } from '../../settings/redDetection';
import { resolveRedProfile } from '../../settings/resolveRedProfile';
import type { RedSourceSetting } from '../../settings/types';
import { DS_VARIABLES, METRICS_DS } from '../../shared/dataSourceVariables';
import { queryRunner } from '../../shared/runners';
import type { ServiceRed } from '../../shared/serviceRows';
import { overviewList, visibleFigures, type RowFigures } from './overviewFrames';
import { ServicesTable } from './ServicesTable';

/** Points of a row's sparkline: enough for its 160 px. */
const SPARK_POINTS = 60;
/** How long the rows on screen must stay put before their figures are asked for. */
export const VISIBLE_DEBOUNCE_MS = 150;

interface ServicesOverviewState extends SceneObjectState {
  redSource: RedSourceSetting;
  detection?: RedDetection;
  rows: ServiceRed[];
  status: LoadingState;
  error?: string;
  /** The search the list answers (trimmed). */
  search: string;
  /** Why the typed search was not run. */
  searchError?: string;
  limit: number;
  matching?: number;
  total?: number;
  /** p95 and sparkline of the rows on screen, by service. */
  figures: Record<string, RowFigures>;
  figuresError?: string;
  /** The rows-on-screen runner, kept in the scene so it finds the time range and the data source. */
  visibleData: SceneQueryRunner;
}

/**
 * Every service's RED for the time range, most failing first, computed at the server: one request
 * for the list (the top `limit` services, how many there are), then one for the p95 and sparklines
 * of the rows on screen only. A search reaches every service at the server.
 */
export class ServicesOverview extends SceneObjectBase<ServicesOverviewState> {
  static Component = ServicesTable;
  private visible: string[] = [];
  private asked = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;

  public constructor(redSource: RedSourceSetting) {
    super({
      redSource,
      rows: [],
      status: LoadingState.NotStarted,
      search: '',
      limit: OVERVIEW_PAGE,
      figures: {},
      $data: queryRunner(METRICS_DS, []),
      visibleData: queryRunner(METRICS_DS, [], SPARK_POINTS),
    });
    this.addActivationHandler(() => {
      const list = this.state.$data as SceneQueryRunner;
      const stopVisible = this.state.visibleData.activate();
      const subs = [
        list.subscribeToState((s) => this.onList(s.data)),
        this.state.visibleData.subscribeToState((s) => this.onFigures(s.data)),
      ];
      this.detect();
      return () => {
        clearTimeout(this.timer);
        subs.forEach((s) => s.unsubscribe());
        stopVisible();
      };
    });
  }

  // Another metrics data source may hold another family (or none): detect again for it.
  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: [DS_VARIABLES.metrics],
    onReferencedVariableValueChanged: () => this.detect(),
  });

  private label() {
    const profile = this.state.detection?.profile;
    return profile ? RED_PROFILES[profile].serviceLabel : undefined;
  }

  private onList(data: SceneQueryRunner['state']['data']) {
    const label = this.label();
    if (!data || !label || data.state === LoadingState.Loading) {
      if (data?.state === LoadingState.Loading) {
        this.setState({ status: LoadingState.Loading });
      }
      return;
    }
    const list = overviewList(data.series, label, Boolean(this.state.search));
    // A new list (new range, search or limit): the figures on screen are asked again.
    this.asked.clear();
    this.setState({ status: data.state, error: errorMessageOf(data), ...list, figures: {}, figuresError: undefined });
    this.askVisible();
  }

  private onFigures(data: SceneQueryRunner['state']['data']) {
    const label = this.label();
    if (!data || !label || data.state === LoadingState.Loading || data.state === LoadingState.NotStarted) {
      return;
    }
    const error = errorMessageOf(data);
    this.setState({
      figures: { ...this.state.figures, ...visibleFigures(data.series, label) },
      figuresError: error,
    });
  }

  private detect() {
    const runner = this.state.$data as SceneQueryRunner;
    const uid = sceneGraph.interpolate(this, METRICS_DS.uid);
    this.setState({ detection: undefined, rows: [], error: undefined, figures: {} });
    // Notified before its query runner: the old family's queries must not run on the new data source.
    runner.setState({ queries: [] });
    this.state.visibleData.setState({ queries: [] });
    resolveRedProfile(this.state.redSource, uid && uid !== METRICS_DS.uid ? uid : undefined).then((detection) => {
      if (!this.isActive || sceneGraph.interpolate(this, METRICS_DS.uid) !== uid) {
        return;
      }
      this.setState({ detection });
      this.runList();
    });
  }

  private runList() {
    const profile = this.state.detection?.profile;
    if (!profile) {
      return;
    }
    const q = overviewQueries(profile, { limit: this.state.limit, search: this.state.search });
    const runner = this.state.$data as SceneQueryRunner;
    runner.setState({
      queries: Object.entries(q).map(([refId, expr]) => ({ refId, expr, instant: true, range: false })),
    });
    runner.runQueries();
  }

  /** Runs the typed search at the server; a search it cannot run is explained instead. */
  public setSearch(text: string) {
    let search: string;
    try {
      search = checkSearch(text);
    } catch (e) {
      this.setState({ searchError: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (search === this.state.search && !this.state.searchError) {
      return;
    }
    this.setState({ search, searchError: undefined, limit: OVERVIEW_PAGE });
    this.runList();
  }

  public showMore() {
    const limit = Math.min(OVERVIEW_MAX, this.state.limit + OVERVIEW_PAGE);
    if (limit !== this.state.limit) {
      this.setState({ limit });
      this.runList();
    }
  }

  /** The services of the rows on screen; their p95 and sparklines are asked for once they stay put. */
  public setVisible(services: string[]) {
    this.visible = services;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.askVisible(), VISIBLE_DEBOUNCE_MS);
  }

  private askVisible() {
    const profile = this.state.detection?.profile;
    const missing = this.visible.filter((s) => !this.asked.has(s));
    if (!profile || missing.length === 0 || !this.isActive) {
      return;
    }
    // All the rows on screen in one bounded request (the ones asked before come back the same).
    const services = this.visible.filter((s) => this.state.rows.some((r) => r.service === s));
    if (services.length === 0) {
      return;
    }
    services.forEach((s) => this.asked.add(s));
    const q = visibleRowsQueries(profile, services);
    this.state.visibleData.setState({
      queries: [
        { refId: 'duration', expr: q.duration, instant: true, range: false },
        { refId: 'spark', expr: q.spark, range: true },
      ],
    });
    this.state.visibleData.runQueries();
  }
}
