import React from 'react';
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2, type PanelData } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  SceneQueryRunner,
  SceneTimeRange,
  VariableDependencyConfig,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Alert, ClipboardButton, LoadingPlaceholder, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';
import { changedUrl, traceUrl, type UrlDataSources } from '../../app/urls';
import { durationText, utcText } from '../../correlation/changes/format';
import { compareAll, type Comparison } from '../../correlation/changes/compareAll';
import { causeLine } from '../../correlation/changes/causeText';
import { edgeChanges } from '../../correlation/changes/edgeChanges';
import { changeSummary } from '../../correlation/changes/summary';
import type { ChangeRow } from '../../correlation/changes/types';
import {
  comparisonWindows,
  POINTS_PER_WINDOW,
  windowLengthMs,
  type BaselineMode,
  type Window,
  type Windows,
} from '../../correlation/changes/windows';
import { resolveRedProfile } from '../../settings/resolveRedProfile';
import type { CorrelateSettings } from '../../settings/types';
import { DS_VARIABLES, LOKI_DS, METRICS_DS, TEMPO_DS } from '../../shared/dataSourceVariables';
import { nameList } from '../../shared/displayText';
import { plural } from '../../shared/figures';
import { dataSourceUidOf } from '../../shared/runners';
import { rangeText, timeText } from '../../shared/time';
import { PLUGIN_BASE_URL, PLUGIN_ID } from '../../constants';
import { testIds } from '../../testIds';
import { ChangesTable } from './ChangesTable';
import { loadChanges, type ChangeSources, type EdgesState, type KindId, type KindState } from './loadChanges';
import { changeLinkUrl } from './rowLinks';
import { SLOW_CALLS_LABEL } from '../../correlation/changes/answerRows';

const KIND_LABELS: Record<KindId, string> = {
  signatures: 'Error signatures',
  red: 'RED',
  spans: 'Span attributes and versions',
  slowCalls: SLOW_CALLS_LABEL,
};
const KINDS: KindId[] = ['signatures', 'red', 'spans', 'slowCalls'];
const loading = (): KindState => ({ status: 'loading', rows: [] });
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
      kinds: { signatures: loading(), red: loading(), spans: loading(), slowCalls: loading() },
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
  ) {
    const runner = new SceneQueryRunner({
      datasource: DS[ds],
      queries: queries as never,
      maxDataPoints: POINTS_PER_WINDOW,
      $timeRange: new SceneTimeRange({ from: new Date(w.fromMs).toISOString(), to: new Date(w.toMs).toISOString() }),
    });
    this.setState({ runners: [...this.state.runners, runner] });
    return new Promise<PanelData>((resolve) => {
      let stopped = false;
      let deactivate: (() => void) | undefined;
      const stop = () => {
        if (!stopped && deactivate) {
          stopped = true;
          deactivate();
        }
      };
      this.stops.push(stop);
      let settled = false;
      const settle = (data: PanelData | undefined) => {
        if (settled || gen !== this.generation || !data) {
          return;
        }
        if (data.state === LoadingState.Done || data.state === LoadingState.Error) {
          settled = true;
          sub.unsubscribe();
          resolve(data);
          // Answered once: a later change of a data source variable must not run it again.
          queueMicrotask(stop);
        }
      };
      const sub = runner.subscribeToState((s) => settle(s.data));
      deactivate = runner.activate();
      settle(runner.state.data);
    });
  }

  private sources(gen: number): ChangeSources {
    return {
      query: (ds, queries, w) => this.query(gen, ds, queries, w),
      resource: async (url) =>
        (
          await lastValueFrom(
            getBackendSrv().fetch<unknown>({
              url,
              method: 'GET',
              showErrorAlert: false,
              headers: { 'X-Query-Tags': `Source=${PLUGIN_ID}` },
            })
          )
        ).data,
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
      kinds: { signatures: loading(), red: loading(), spans: loading(), slowCalls: loading() },
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
    return compareAll({
      kinds: KINDS.map((k) => ({ label: KIND_LABELS[k], ...kinds[k] })),
      traffic: kinds.red.traffic,
      edges:
        windows && edges
          ? edgeChanges({
              incident: edges.incident,
              baseline: edges.baseline,
              incidentSeconds: windowLengthMs(windows.incident) / 1000,
              baselineSeconds: windowLengthMs(windows.baseline) / 1000,
            })
          : [],
      windows,
      now: Date.now(),
    });
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
    const base = grafanaBaseUrl(window.location);
    const range = { from: windows.incident.fromMs, to: windows.incident.toMs };
    const dataSources = this.dataSources();
    const comparison = this.comparison();
    return changeSummary({
      windows,
      services,
      rows: comparison.rows,
      outcome: comparison.outcome,
      cause: causeLine(comparison.analysis, utcText),
      symptomOf: comparison.analysis.symptomOf,
      pageUrl: base + changedUrl({ range, baseline: windows.mode, services, traceId, dataSources }),
      rowUrl: (row) => base + this.rowUrl(row),
      trace: traceId
        ? {
            id: traceId,
            url:
              base +
              traceUrl(traceId, {
                lookupRange: { from: windows.baseline.fromMs, to: windows.incident.toMs },
                dataSources,
              }),
            rootCause: trace?.rootCause,
          }
        : undefined,
      missing: comparison.outcome.missing,
    });
  }
}

/**
 * This Grafana's address as the browser reached it, with its sub path: what comes before the app's
 * own path in the page's URL (read from the location, not from Grafana's settings, whose type
 * differs between the Grafana versions supported).
 */
export function grafanaBaseUrl(location: { origin: string; pathname: string }): string {
  const at = location.pathname.indexOf(`${PLUGIN_BASE_URL}/`);
  return location.origin + (at > 0 ? location.pathname.slice(0, at) : '');
}

function KindStatus({ id, state }: { id: KindId; state: KindState }) {
  const props = { 'data-testid': testIds.changed.kind, 'data-kind': id, 'data-status': state.status };
  if (state.status === 'loading') {
    return (
      <div {...props}>
        <LoadingPlaceholder text={`${KIND_LABELS[id]}: comparing…`} />
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <Alert {...props} severity="warning" title={`${KIND_LABELS[id]}: not compared`}>
        {state.error}
      </Alert>
    );
  }
  const method = state.method;
  return (
    <div {...props} data-fallback={Boolean(method?.fallback)}>
      <Text color="secondary" variant="bodySmall">
        {method?.fallback
          ? `${KIND_LABELS[id]}: fallback, ${method.method}. Why: ${sentence(method.reason ?? '')}`
          : `${KIND_LABELS[id]}: ${sentence(method?.method ?? '')}`}
      </Text>
    </div>
  );
}

/** The two windows in Grafana's date format and the page's zone (the copied summary keeps UTC). */
export function windowsText(w: Windows, timeZone?: string): string {
  const length = durationText(windowLengthMs(w.incident));
  return `Incident ${rangeText(w.incident.fromMs, w.incident.toMs, timeZone)} (${length}), against ${rangeText(w.baseline.fromMs, w.baseline.toMs, timeZone)}.`;
}

/**
 * How each kind was compared, folded away under the answer: the data sources' fallbacks and their reasons
 * are for whoever sets Loki and Tempo up, not for the on-call engineer reading the result.
 */
function HowCompared({ kinds }: { kinds: Record<KindId, KindState> }) {
  const styles = useStyles2(getStyles);
  const done = KINDS.filter((k) => kinds[k].status === 'done');
  if (done.length === 0) {
    return null;
  }
  const fallbacks = done.filter((k) => kinds[k].method?.fallback).length;
  return (
    <details className={styles.how} data-testid={testIds.changed.method}>
      <summary>{`How this was compared${fallbacks ? ` (${plural(fallbacks, 'fallback')})` : ''}`}</summary>
      <div className={styles.howBody}>
        {done.map((id) => (
          <KindStatus key={id} id={id} state={kinds[id]} />
        ))}
      </div>
    </details>
  );
}

function ChangedViewRenderer({ model }: SceneComponentProps<ChangedView>) {
  const { windows, windowProblems, kinds, mode, services, traceId, trace } = model.useState();
  const styles = useStyles2(getStyles);
  const comparison = model.comparison();
  const { rows, outcome } = comparison;
  const done = KINDS.every((k) => kinds[k].status !== 'loading');
  const timeZone = model.timeZone();
  // Grafana's date format in the page's zone, as the windows above it.
  const cause = causeLine(comparison.analysis, (ms) => timeText(ms, timeZone));
  return (
    <div className={styles.page} data-testid={testIds.changed.page}>
      <Stack direction="row" gap={2} alignItems="center" wrap="wrap">
        <Text element="h3">
          {services.length ? `What changed for ${nameList(services)}` : 'What changed for every service'}
        </Text>
        <div data-testid={testIds.changed.baseline}>
          <RadioButtonGroup
            aria-label="Baseline"
            options={[
              { label: 'Just before', value: 'previous' as const, description: 'The same length immediately before' },
              { label: 'A day earlier', value: 'day' as const, description: 'The same window one day earlier' },
            ]}
            value={mode}
            onChange={(v) => model.setMode(v)}
          />
        </div>
        {done && (
          <ClipboardButton
            icon="copy"
            variant="secondary"
            size="sm"
            getText={() => model.summary()}
            data-testid={testIds.changed.copy}
          >
            Copy summary
          </ClipboardButton>
        )}
      </Stack>
      {windows && (
        <Text color="secondary" data-testid={testIds.changed.windows}>
          {windowsText(windows, timeZone)}
        </Text>
      )}
      {windowProblems.map((p) => (
        <Alert key={p} severity="info" title="The window was adjusted">
          {p}
        </Alert>
      ))}
      {traceId && trace && (
        <Text color="secondary">
          {trace.rootCause
            ? `Trace ${traceId}: likely root cause ${trace.rootCause}.`
            : `Trace ${traceId}: ${trace.error ?? 'no root cause found'}.`}
        </Text>
      )}
      {/* Still comparing, or not compared: said before the answer, which it qualifies. */}
      {KINDS.filter((id) => kinds[id].status !== 'done').map((id) => (
        <KindStatus key={id} id={id} state={kinds[id]} />
      ))}
      {cause.state !== 'nothing' && outcome.state !== 'loading' && (
        <Alert
          severity={cause.state === 'probable' ? 'error' : 'warning'}
          title={cause.text}
          data-testid={testIds.changed.cause}
          data-state={cause.state}
        />
      )}
      {outcome.state === 'nothing' && (
        <Alert
          severity="success"
          title="Nothing changed beyond the baseline’s own variation"
          data-testid={testIds.changed.nothing}
        >
          {rows.length
            ? 'The differences found are small or within what the baseline itself varies by; show them below.'
            : 'No difference found between the two windows.'}
        </Alert>
      )}
      {(outcome.state === 'partial' || outcome.state === 'blind' || outcome.state === 'future') && (
        <Alert
          severity={outcome.state === 'partial' ? 'info' : 'warning'}
          title={outcome.title}
          data-testid={testIds.changed.incomplete}
          data-state={outcome.state}
        />
      )}
      <ChangesTable rows={rows} urlOf={(row) => model.rowUrl(row)} />
      <HowCompared kinds={kinds} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
  how: css({
    color: theme.colors.text.secondary,
    summary: { cursor: 'pointer', width: 'fit-content' },
  }),
  howBody: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), marginTop: theme.spacing(1) }),
});

/** Text ending in one full stop, whether or not the reason already ends a sentence. */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
