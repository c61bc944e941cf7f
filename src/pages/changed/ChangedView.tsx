import { type PanelData } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type SceneQueryRunner,
  VariableDependencyConfig,
  sceneGraph,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import type { UrlDataSources } from '../../app/urls';
import type { Comparison } from '../../correlation/changes/compareAll';
import type { ChangeRow } from '../../correlation/changes/types';
import { comparisonWindows, type BaselineMode, type Window, type Windows } from '../../correlation/changes/windows';
import { resolveRedProfile } from '../../settings/resolveRedProfile';
import type { CorrelateSettings } from '../../settings/types';
import { DS_VARIABLES, LOKI_DS, METRICS_DS, TEMPO_DS } from '../../shared/dataSourceVariables';
import { dataSourceUidOf } from '../../shared/runners';
import { answerOnce, windowRunner } from './answerOnce';
import { backendResource } from './backendResource';
import { ChangedViewRenderer } from './ChangedViewRenderer';
import { comparisonOf } from './comparisonOf';
import { grafanaBaseUrl } from './grafanaBaseUrl';
import { loadingKinds } from './kinds';
import { loadChanges, type ChangeSources, type EdgesState, type KindId, type KindState } from './loadChanges';
import { pageSummary } from './pageSummary';
import { changeLinkUrl } from './rowLinks';

const DS = { loki: LOKI_DS, tempo: TEMPO_DS, metrics: METRICS_DS };

export interface ChangedViewState extends SceneObjectState {
  services: string[];
  mode: BaselineMode;
  traceId?: string;
  windows?: Windows;
  windowProblems: string[];
  kinds: Record<KindId, KindState>;
  trace?: { rootCause?: string; error?: string };
  /** The service graph of both windows, to tell causes from symptoms. */
  edges?: EdgesState;
  /** The requests of the current comparison (their parent is this view, for the data source variables). */
  runners: SceneQueryRunner[];
}

/**
 * What changed: the incident window (the page's time range) against a baseline, one ranked list of
 * changes across logs, traces and metrics. Runs its requests itself (see loadChanges) and again when
 * the time range, the baseline or a data source changes.
 */
export class ChangedView extends SceneObjectBase<ChangedViewState> {
  static Component = ChangedViewRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['baseline'] });
  // A different data source is a different comparison.
  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: Object.values(DS_VARIABLES),
    onReferencedVariableValueChanged: () => this.isActive && this.load(),
  });
  private settings: CorrelateSettings;
  private generation = 0;
  private stops: Array<() => void> = [];

  public constructor(opts: { settings: CorrelateSettings; services: string[]; mode: BaselineMode; traceId?: string }) {
    super({
      services: opts.services,
      mode: opts.mode,
      traceId: opts.traceId,
      windowProblems: [],
      kinds: loadingKinds(),
      runners: [],
    });
    this.settings = opts.settings;
    this.addActivationHandler(() => {
      const timeRange = sceneGraph.getTimeRange(this);
      const sub = timeRange.subscribeToState((n, p) => n.value !== p.value && this.load());
      // The first comparison starts in a task of its own: the page and its "comparing…" lines are
      // drawn first, not in one task with a dozen requests being set up (issue 20: no task over 200 ms).
      const first = setTimeout(() => this.load(), 0);
      return () => {
        clearTimeout(first);
        sub.unsubscribe();
        this.stop();
      };
    });
  }

  public getUrlState(): SceneObjectUrlValues {
    return { baseline: this.state.mode === 'day' ? 'day' : undefined };
  }

  public updateFromUrl(values: SceneObjectUrlValues) {
    const mode: BaselineMode = values.baseline === 'day' ? 'day' : 'previous';
    if (mode !== this.state.mode) {
      this.setState({ mode });
      if (this.isActive) {
        this.load();
      }
    }
  }

  public setMode(mode: BaselineMode) {
    if (mode !== this.state.mode) {
      this.setState({ mode });
      this.load();
    }
  }

  private stop() {
    this.generation++;
    this.stops.forEach((stop) => stop());
    this.stops = [];
  }

  private uid(ds: keyof typeof DS) {
    return dataSourceUidOf(this, DS[ds].uid, sceneGraph.interpolate);
  }

  /** The time zone the page's time range is shown in, for the cause's time. */
  public timeZone(): string | undefined {
    return sceneGraph.getTimeRange(this).getTimeZone();
  }

  public dataSources(): UrlDataSources {
    return { loki: this.uid('loki'), tempo: this.uid('tempo'), metrics: this.uid('metrics') };
  }

  /** One query over one window, answered once (Done or Error): a runner of its own, then stopped. */
  private query(
    gen: number,
    ds: keyof typeof DS,
    queries: Array<Record<string, unknown> & { refId: string }>,
    w: Window
  ): Promise<PanelData> {
    const runner = windowRunner(DS[ds], queries, w);
    this.setState({ runners: [...this.state.runners, runner] });
    return answerOnce(
      runner,
      () => gen === this.generation,
      (stop) => this.stops.push(stop)
    );
  }

  private sources(gen: number): ChangeSources {
    return {
      query: (ds, queries, w) => this.query(gen, ds, queries, w),
      resource: backendResource,
      redDetection: () => resolveRedProfile(this.settings.redSource, this.uid('metrics')),
      lokiUid: () => this.uid('loki'),
      tempoUid: () => this.uid('tempo'),
    };
  }

  public load() {
    this.stop();
    const gen = this.generation;
    const value = sceneGraph.getTimeRange(this).state.value;
    const { windows, problems } = comparisonWindows(
      { fromMs: value.from.valueOf(), toMs: value.to.valueOf() },
      this.state.mode
    );
    this.setState({
      windows,
      windowProblems: problems,
      kinds: loadingKinds(),
      trace: undefined,
      edges: undefined,
      runners: [],
    });
    loadChanges({
      windows,
      services: this.state.services,
      errorLevels: this.settings.errorLevels,
      traceId: this.state.traceId,
      sources: this.sources(gen),
      now: Date.now(),
      onKind: (id, state) => {
        if (gen === this.generation) {
          this.setState({ kinds: { ...this.state.kinds, [id]: state } });
        }
      },
      onTrace: (trace) => gen === this.generation && this.setState({ trace }),
      onEdges: (edges) => gen === this.generation && this.setState({ edges }),
    });
  }

  /** The kinds' rows through What changed's pipeline: per request, causes over symptoms, what may be claimed. */
  public comparison(): Comparison {
    const { kinds, windows, edges } = this.state;
    return comparisonOf({ kinds, windows, edges, now: Date.now() });
  }

  /** Every row of the kinds that answered: the probable cause's first, then its symptoms, then the rest. */
  public rows(): ChangeRow[] {
    return this.comparison().rows;
  }

  public rowUrl(row: ChangeRow): string {
    return this.state.windows
      ? changeLinkUrl(row.link, { windows: this.state.windows, dataSources: this.dataSources() })
      : '';
  }

  /** The Markdown for the incident channel; links are absolute, on this Grafana's URL. */
  public summary(): string {
    const { windows, services, traceId, trace } = this.state;
    if (!windows) {
      return '';
    }
    return pageSummary({
      base: grafanaBaseUrl(window.location),
      windows,
      services,
      traceId,
      trace,
      comparison: this.comparison(),
      dataSources: this.dataSources(),
      rowUrl: (row) => this.rowUrl(row),
    });
  }
}
