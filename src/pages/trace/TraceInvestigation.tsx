import React from 'react';
import { css } from '@emotion/css';
import { LoadingState, dateMath as grafanaDateMath, dateTime, type GrafanaTheme2 } from '@grafana/data';
import {
  PanelBuilders,
  SceneDataTransformer,
  SceneObjectBase,
  sceneGraph,
  SceneTimeRange,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneQueryRunner,
  type VizPanel,
} from '@grafana/scenes';
import { Alert, Stack, Text, useStyles2 } from '@grafana/ui';
import { windowAroundTime, windowAroundTrace, type TimeWindow } from '../../correlation/timeWindow';
import { errorMessageOf } from '../../correlation/frame';
import { sizeCheck, summaryFromSearch, type SizeCheck } from '../../correlation/largeTrace';
import {
  spansOfFrame,
  summarizeTrace,
  tempoPartialOf,
  type TraceSpan,
  type TraceSummary,
} from '../../correlation/traceSummary';
import { exploreTracesUrl } from '../../app/urls';
import { traceIdLookupQuery } from '../../queries/traceql';
import type { CorrelateSettings } from '../../settings/types';
import { LOKI_DS, TEMPO_DS } from '../../shared/dataSourceVariables';
import { mergeLogFrames } from '../../shared/frameFilters';
import { shortServiceName } from '../../shared/displayText';
import { plural } from '../../shared/figures';
import { RedSection } from '../../shared/RedSection';
import { queryRunner, startRunner } from '../../shared/runners';
import { rangeText } from '../../shared/time';
import { testIds } from '../../testIds';
import { panelMenu } from '../../shared/panelMenu';
import { AddInvestigationButton } from '../../shared/addToDashboard/AddInvestigationButton';
import { errorLogsView, traceLogsView, traceView } from '../../dashboards/views';
import { WhatChangedLink } from '../changed/WhatChangedLink';
import {
  serviceErrorLogsQueries,
  SIZE_CHECK_MARGIN_MS,
  TRACE_LOGS_MARGIN_MS,
  traceErrorSpansTarget,
  traceLogsQueries,
  traceQuery,
  traceSizeQuery,
} from './traceQueries';
import { LocalTimeRange } from './localTimeRange';
import { TracePathSection } from './TracePath';
import { TraceSummaryView } from './TraceSummaryView';

/** `unreadable`: Tempo answered, but Correlate could not summarise what it sent. */
export type TraceStatus = 'loading' | 'found' | 'missing' | 'error' | 'unreadable';

export interface TraceInvestigationState extends SceneObjectState {
  traceId: string;
  timeHintMs?: number;
  hintService?: string;
  status: TraceStatus;
  error?: string;
  summary?: TraceSummary;
  window?: TimeWindow;
  tracePanel: VizPanel;
  logsPanel?: VizPanel;
  /** Where "Logs of this trace" looked: which services, from when to when. */
  logsScope?: string;
  red: RedSection;
  /** The trace's path through its services, beside their RED. */
  path: TracePathSection;
  errorLogs: VizPanel[];
  /** The service of each error-logs panel (shown as text: panel titles are interpolated). */
  errorLogServices: string[];
  /**
   * `checking`: a small search asks Tempo how many spans the trace holds; `fetch`: the trace is fetched
   * (small, or the check could not tell); `large`: it is not, and the summary comes from searches.
   */
  size: 'checking' | 'fetch' | 'large';
  sizeRunner: SceneQueryRunner;
  errorSpansRunner: SceneQueryRunner;
  /** Explore with this trace, for a trace too large to load here. */
  exploreUrl?: string;
}

/** A search runner with its own time range, in the page's scene for the data source variable. */
function searchRunner(target: Record<string, unknown> & { refId: string }, range: { fromMs: number; toMs: number }) {
  const runner = queryRunner(TEMPO_DS, [target]);
  runner.setState({ $timeRange: new LocalTimeRange(rangeOf(range)) });
  return runner;
}

const STEP_MS = 15_000;
/** Where Tempo looks for the trace when the link names no range. */
export const TRACE_LOOKUP_RANGE = { from: 'now-24h', to: 'now' };

/**
 * The drill-down view for one trace. What needs only the trace id and the time hint starts at once:
 * the trace, its logs, and the RED metrics and error logs of the log line's service. What needs the
 * trace's content (its other services, its failing service) starts together when the trace arrives.
 * Each query is sent once.
 */
export class TraceInvestigation extends SceneObjectBase<TraceInvestigationState> {
  static Component = TraceInvestigationRenderer;
  public readonly settings: CorrelateSettings;
  private traceRunner: SceneQueryRunner;
  private stops: Array<() => void> = [];
  private stopLogs?: () => void;
  private errorLogServices = new Set<string>();

  public constructor(opts: {
    traceId: string;
    timeHintMs?: number;
    hintService?: string;
    /**
     * The trace query's time range (the range of the page the link came from). Grafana's Tempo data
     * source sends it, widened by its time shifts, only with "Use time range in query" on; otherwise
     * Tempo looks through all its data. The page's window never comes from it.
     */
    lookupRange?: { from: string; to: string };
    settings: CorrelateSettings;
  }) {
    const { traceId, timeHintMs, hintService, lookupRange, settings } = opts;
    const paddingMs = settings.paddingMinutes * 60_000;
    const window = timeHintMs !== undefined ? windowAroundTime(timeHintMs, { paddingMs, stepMs: STEP_MS }) : undefined;
    const traceRunner = queryRunner(TEMPO_DS, [traceQuery(traceId)]);
    const lookup = lookupRange ?? TRACE_LOOKUP_RANGE;
    const sizeRange =
      timeHintMs !== undefined
        ? { fromMs: timeHintMs - SIZE_CHECK_MARGIN_MS, toMs: timeHintMs + SIZE_CHECK_MARGIN_MS }
        : msRange(lookup);
    const red = new RedSection({
      redSource: settings.redSource,
      step: settings.maxRedServices,
      services: hintService ? [hintService] : [],
      moment: timeHintMs !== undefined ? { fromMs: timeHintMs, toMs: timeHintMs, text: 'Log line' } : undefined,
    });
    super({
      traceId,
      timeHintMs,
      hintService,
      status: 'loading',
      window,
      // Without a time hint the window is unknown until the trace arrives. Neither range is in the URL.
      $timeRange: new LocalTimeRange(window ? rangeOf(window) : TRACE_LOOKUP_RANGE),
      // The trace keeps its own time range: narrowing the page's window must not fetch it again.
      tracePanel: PanelBuilders.traces()
        .setTitle('Trace')
        .setData(traceRunner)
        .setMenu(panelMenu(() => traceView(traceId)))
        .setTimeRange(new LocalTimeRange(lookupRange ?? TRACE_LOOKUP_RANGE))
        .build(),
      red,
      path: new TracePathSection(red),
      errorLogs: [],
      errorLogServices: [],
      size: 'checking',
      sizeRunner: searchRunner(traceSizeQuery(traceId), sizeRange),
      errorSpansRunner: searchRunner(traceErrorSpansTarget(traceId), sizeRange),
    });
    this.settings = settings;
    this.traceRunner = traceRunner;
    this.addActivationHandler(() => this.onActivate());
  }

  private onActivate() {
    // The trace waits for its size check (one search of one span, a few kilobytes): only then is it
    // certain that a trace of tens of thousands of spans never reaches the browser. Run side by side,
    // the trace's megabytes could arrive before the check. The cost is one search's round trip before
    // the trace; the logs, RED and error logs of the log line's service start at once, as before.
    this.stops.push(startRunner(this.state.sizeRunner));
    // The RED section starts its queries itself, before any panel renders.
    this.stops.push(this.state.red.activate());
    if (this.state.window && this.state.hintService) {
      // Before the trace is known, only the log line's service: never every stream.
      this.startLogs([this.state.hintService], this.state.window, 'the log line’s service');
      this.startErrorLogs(this.state.hintService);
    }
    const sub = this.traceRunner.subscribeToState((s) => {
      if (
        s.data &&
        s.data.state !== LoadingState.Loading &&
        this.state.status === 'loading' &&
        this.state.size === 'fetch'
      ) {
        this.onTraceSafely(s.data);
      }
    });
    const done = (state: LoadingState | undefined) => state === LoadingState.Done || state === LoadingState.Error;
    const sizeSub = this.state.sizeRunner.subscribeToState((s) => {
      if (s.data && done(s.data.state) && this.state.size === 'checking') {
        this.onSize(sizeCheck({ frames: s.data.series, error: errorMessageOf(s.data) }, this.state.traceId));
      }
    });
    return () => {
      sub.unsubscribe();
      sizeSub.unsubscribe();
      this.stopLogs?.();
      this.stopLogs = undefined;
      this.stops.forEach((stop) => stop());
      this.stops = [];
    };
  }

  private onSize(check: SizeCheck) {
    if (check.kind === 'fetch') {
      this.setState({ size: 'fetch' });
      this.stops.push(startRunner(this.traceRunner));
      return;
    }
    const uid = sceneGraph.interpolate(this, TEMPO_DS.uid);
    const start = check.trace.startMs ?? this.state.timeHintMs ?? Date.now();
    const range = { fromMs: start - 60_000, toMs: start + (check.trace.durationMs ?? 0) + 60_000 };
    this.setState({
      size: 'large',
      exploreUrl:
        uid && uid !== TEMPO_DS.uid ? exploreTracesUrl(uid, traceIdLookupQuery(this.state.traceId), range) : undefined,
    });
    const runner = this.state.errorSpansRunner;
    const sub = runner.subscribeToState((s) => {
      if (
        s.data &&
        (s.data.state === LoadingState.Done || s.data.state === LoadingState.Error) &&
        !this.state.summary
      ) {
        sub.unsubscribe();
        try {
          const error =
            s.data.state === LoadingState.Error ? (errorMessageOf(s.data) ?? 'the search failed') : undefined;
          this.showSummary(summaryFromSearch(check, { frames: s.data.series, error }, this.state.traceId));
        } catch (err) {
          this.setState({
            status: 'unreadable',
            error: String(err instanceof Error ? err.message : err).slice(0, 300),
          });
        }
      }
    });
    this.stops.push(() => sub.unsubscribe(), startRunner(runner));
  }

  /**
   * Whatever Tempo sent, the page leaves "loading": a trace Correlate cannot read keeps the trace
   * panel (Grafana's own view may still draw it) and says so, with what started from the log time.
   */
  private onTraceSafely(data: NonNullable<SceneQueryRunner['state']['data']>) {
    try {
      this.onTrace(data);
    } catch (err) {
      // After the summary is shown, a later failure (one wave of panels) leaves the page as it is.
      if (!this.state.summary) {
        const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        this.setState({ status: 'unreadable', error: reason.slice(0, 300) });
      }
    }
  }

  private onTrace(data: NonNullable<SceneQueryRunner['state']['data']>) {
    const frame = data.series.find((f) => f.fields.some((x) => x.name === 'spanID'));
    const spans = spansOfFrame(frame);
    const summary = summarizeTrace(spans, tempoPartialOf(frame));
    if (data.state === LoadingState.Error || !summary) {
      const error = errorMessageOf(data);
      const notFound = !summary && (!error || /not found|404/i.test(error));
      // Without the trace, what the time hint started (logs, the log's service) is all there is.
      this.setState({ status: notFound ? 'missing' : 'error', error });
      return;
    }
    this.showSummary(summary, spans);
  }

  /** The trace is known (fetched, or summarised from searches): what depends on its content starts. */
  private showSummary(summary: TraceSummary, spans?: TraceSpan[]) {
    const paddingMs = this.settings.paddingMinutes * 60_000;
    const hadWindow = Boolean(this.state.window);
    const window =
      this.state.window ?? windowAroundTrace(summary.startMs, summary.endMs, { paddingMs, stepMs: STEP_MS });
    this.setState({ status: 'found', summary, window });
    if (spans) {
      this.state.path.setTrace(spans, summary);
    }
    if (!hadWindow) {
      (this.state.$timeRange as SceneTimeRange).setState({ ...rangeOf(window) });
    }
    // Now the trace's own services over its own span, plus a margin (TRACE_LOGS_MARGIN_MS).
    if (summary.services.length > 0) {
      const span = windowAroundTrace(summary.startMs, summary.endMs, { paddingMs: TRACE_LOGS_MARGIN_MS, stepMs: 1000 });
      this.startLogs(
        summary.services,
        span,
        `the trace’s ${summary.services.length === 1 ? 'service' : plural(summary.services.length, 'service')}`
      );
    }
    // Wave two: the trace's other services and its failing service, together.
    this.state.red.addServices(summary.servicesFailingFirst);
    this.state.red.putFirst(summary.servicesFailingFirst);
    this.state.red.setMoment({ fromMs: summary.startMs, toMs: summary.endMs, text: `Trace ${this.state.traceId}` });
    const failing = summary.rootCause?.service;
    if (failing) {
      this.startErrorLogs(failing);
    }
  }

  /** (Re)starts "Logs of this trace" in these services over this window (its own time range). */
  private startLogs(services: string[], window: TimeWindow, what: string) {
    this.stopLogs?.();
    const runner = queryRunner(LOKI_DS, traceLogsQueries(this.state.traceId, this.settings, services));
    const panel = PanelBuilders.logs()
      .setTitle('Logs of this trace')
      .setData(new SceneDataTransformer({ $data: runner, transformations: [mergeLogFrames()] }))
      .setTimeRange(new LocalTimeRange(rangeOf(window)))
      .setOption('showTime', true)
      .setOption('wrapLogMessage', true)
      .setOption('sortOrder', 'Ascending' as never)
      .setNoValue('No logs carry this trace id in these services and this time.')
      .setMenu(panelMenu(() => traceLogsView(this.state.traceId, this.settings, services)))
      .build();
    const scope = `Looked in ${what}, ${rangeText(window.fromMs, window.toMs, sceneGraph.getTimeRange(this).getTimeZone())}.`;
    this.setState({ logsPanel: panel, logsScope: scope });
    this.stopLogs = startRunner(runner);
  }

  private startErrorLogs(service: string) {
    if (this.errorLogServices.has(service)) {
      return;
    }
    this.errorLogServices.add(service);
    const runner = queryRunner(LOKI_DS, serviceErrorLogsQueries(service, this.settings));
    // The service name stays out of the title and the empty text: Grafana interpolates both.
    const panel = PanelBuilders.logs()
      .setTitle('Other errors in this window')
      .setData(runner)
      .setOption('showTime', true)
      .setOption('sortOrder', 'Descending' as never)
      .setNoValue('No other error logs from this service in this window.')
      .setMenu(
        panelMenu(() => ({
          ...errorLogsView(service, this.settings),
          title: 'Other errors in this window',
          targets: serviceErrorLogsQueries(service, this.settings),
          options: { showTime: true, sortOrder: 'Descending' },
        }))
      )
      .build();
    this.setState({
      errorLogs: [...this.state.errorLogs, panel],
      errorLogServices: [...this.state.errorLogServices, service],
    });
    this.stops.push(startRunner(runner));
  }
}

/** A Grafana range (`now-24h`, ISO or epoch ms) as epoch milliseconds. */
function msRange(r: { from: string; to: string }) {
  const [from, to] = [dateMath(r.from, false), dateMath(r.to, true)];
  return { fromMs: from, toMs: to };
}

function dateMath(text: string, roundUp: boolean): number {
  const parsed = grafanaDateMath.toDateTime(text, { roundUp });
  return parsed && parsed.isValid() ? parsed.valueOf() : Date.now();
}

function rangeOf(w: TimeWindow) {
  const from = dateTime(w.fromMs);
  const to = dateTime(w.toMs);
  return { from: from.toISOString(), to: to.toISOString(), value: { from, to, raw: { from, to } } };
}

function TraceInvestigationRenderer({ model }: SceneComponentProps<TraceInvestigation>) {
  const {
    traceId,
    status,
    error,
    summary,
    tracePanel,
    logsPanel,
    logsScope,
    red,
    path,
    errorLogs,
    errorLogServices,
    window,
    timeHintMs,
    size,
    exploreUrl,
  } = model.useState();
  const styles = useStyles2(getStyles);
  // The dashboard is for the service that failed first; else the log line's, else the trace's root.
  const investigated = summary?.rootCause?.service ?? model.state.hintService ?? summary?.root?.service;
  return (
    <div className={styles.page} data-testid={testIds.trace.page}>
      <TraceSummaryView
        traceId={traceId}
        status={status}
        error={error}
        summary={summary}
        hasTimeHint={timeHintMs !== undefined}
        exploreUrl={exploreUrl}
      />
      {window && summary && (
        <Stack direction="row" gap={1} wrap="wrap">
          <WhatChangedLink model={model} services={summary.services} range={window} traceId={traceId} />
          {investigated && (
            <AddInvestigationButton model={model} service={investigated} settings={model.settings} traceId={traceId} />
          )}
        </Stack>
      )}
      {window && (
        <Text color="secondary" variant="bodySmall" data-testid={testIds.trace.window}>
          {`Window for every panel: ${rangeText(window.fromMs, window.toMs, sceneGraph.getTimeRange(model).getTimeZone())}`}
        </Text>
      )}
      {status !== 'missing' && size !== 'large' && (size === 'fetch' || status !== 'loading') && (
        <div className={styles.trace} data-testid={testIds.trace.view}>
          <tracePanel.Component model={tracePanel} />
        </div>
      )}
      {status === 'found' && size === 'fetch' && <path.Component model={path} />}
      <Stack direction="column" gap={2}>
        <section data-testid={testIds.trace.logs} className={styles.panel}>
          {logsPanel ? (
            <>
              <logsPanel.Component model={logsPanel} />
              {logsScope && (
                <Text color="secondary" variant="bodySmall">
                  {logsScope}
                </Text>
              )}
            </>
          ) : (
            status !== 'loading' &&
            (timeHintMs === undefined ? (
              <Alert severity="info" title="No time to look for logs in">
                Without a log time and without the trace, Correlate cannot tell when to look. Open this trace from a log
                line, or add <code>?time=</code> with the log&apos;s time in milliseconds.
              </Alert>
            ) : (
              <Alert severity="info" title="No service to look for logs in">
                Without the trace, Correlate looks only in the log line&apos;s service, and this link names none. Open
                this trace from a log line, or add <code>&amp;service=</code> with the service&apos;s name.
              </Alert>
            ))
          )}
        </section>
        <section data-testid={testIds.trace.red} className={styles.section}>
          <Text element="h3">RED metrics of the services involved</Text>
          <red.Component model={red} />
        </section>
        <section data-testid={testIds.trace.errorLogs}>
          {errorLogs.map((panel, i) => (
            <div key={panel.state.key}>
              <Text element="h4" truncate title={errorLogServices[i]}>
                {`Errors of ${shortServiceName(errorLogServices[i] ?? '')}`}
              </Text>
              <div className={styles.panel}>
                <panel.Component model={panel} />
              </div>
            </div>
          ))}
        </section>
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  trace: css({ height: 480 }),
  panel: css({ height: 360 }),
  // The section's heading stands apart from the first service's own heading under it.
  section: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
});
