import React, { memo, useCallback, useMemo } from 'react';
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2, type PanelData } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { locationService } from '@grafana/runtime';
import {
  PanelBuilders,
  SceneDataTransformer,
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  VariableDependencyConfig,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
  SceneQueryRunner,
  type VizPanel,
} from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Text, useStyles2 } from '@grafana/ui';
import { errorSignatures, signatureOf, type ErrorSignature, type RowSignature } from '../../correlation/errorSignature';
import { errorMessageOf } from '../../correlation/frame';
import { seriesOfFrame } from '../../correlation/changes/seriesOfFrames';
import { logRowReader, type LogRow } from '../../correlation/logRows';
import { PAGE_SLICES, runInSlices, slicedRun } from '../../correlation/slices';
import type { CorrelateSettings } from '../../settings/types';
import { LOKI_DS } from '../../shared/dataSourceVariables';
import { onlyRefId } from '../../shared/frameFilters';
import { queryRunner } from '../../shared/runners';
import { useInNextTask } from '../../shared/useInNextTask';
import { testIds } from '../../testIds';
import { SERVICE_BATCH, volumePerService } from '../../queries/logql';
import { linesFromCounts, type LineCoverage } from '../../correlation/topErrorServices';
import { errorsLinesQueries, errorsPageQueries, type ErrorsPagePlan } from './errorsQueries';
import { panelMenu } from '../../shared/panelMenu';
import type { ViewPanel } from '../../dashboards/panelModel';
import { ERRORS_VARS, readFilters } from './errorsVariables';
import { countText, plural } from '../../shared/figures';
import { timeText } from '../../shared/time';
import { ErrorLogList } from './ErrorLogList';
import { SignaturesTable } from './SignaturesTable';
import { pageDataSources, rowInvestigationUrl } from './rowLinks';

export interface ErrorsBodyState extends SceneObjectState {
  rows: LogRow[];
  signatures: ErrorSignature[];
  /** Fingerprint of the selected signature; filters the log list. In the URL as `signature`. */
  signature?: string;
  selected: number;
  status: LoadingState;
  error?: string;
  volume: VizPanel;
  /** Selected services that Loki does not know for this time range. */
  unknownServices: string[];
  /** Lines received and read, when reading stopped early to keep the page responsive. */
  partial?: { read: number; received: number };
  /** Error lines in the range by Loki's count (the volume query), when it answered. */
  totalLines?: number;
  /** No service chosen: the services whose lines were read (those with the most errors). */
  coverage?: LineCoverage;
  /** Reads the lines of those services, once the counts are in. */
  lines: SceneQueryRunner;
}

/**
 * The Errors page: error volume per service, error signatures, and the newest error lines with a
 * way into each line's trace. One request to Loki carries both queries.
 */
export class ErrorsBody extends SceneObjectBase<ErrorsBodyState> {
  static Component = ErrorsBodyRenderer;
  public readonly settings: CorrelateSettings;
  /** Each row's message and fingerprint, computed once when its data arrived. */
  private signaturesByRow = new WeakMap<LogRow, RowSignature>();
  /** Bumped by each new answer: a run still reading an older one stops. */
  private generation = 0;
  /** The rows of the selected signature, kept until the rows or the signature change. */
  private visible?: { rows: LogRow[]; signature?: string; result: LogRow[] };
  /** The first request of the current run, and the round the lines runner's answer belongs to. */
  private plan?: ErrorsPagePlan;
  private round = 0;
  private linesRound = -1;
  /** What the first request's answer said, kept for when the lines arrive. */
  private first: { error?: string; totalLines?: number; coverage?: LineCoverage } = {};
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['signature'] });
  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: [ERRORS_VARS.services, ERRORS_VARS.levels, ERRORS_VARS.search],
    // Called when a filter changes, and once the variables this page waits for have loaded.
    onVariableUpdateCompleted: () => this.runQueries(),
  });

  public constructor(settings: CorrelateSettings) {
    const runner = queryRunner(LOKI_DS, []);
    super({
      $data: runner,
      rows: [],
      signatures: [],
      selected: 0,
      status: LoadingState.NotStarted,
      unknownServices: [],
      // Run by hand, only after the counts: a time range change reruns the counts, which rerun it.
      lines: new SceneQueryRunner({ datasource: LOKI_DS, queries: [], runQueriesMode: 'manual' }),
      volume: PanelBuilders.timeseries()
        .setTitle('Errors per service')
        .setData(new SceneDataTransformer({ transformations: [onlyRefId('volume')] }))
        .setCustomFieldConfig('drawStyle', 'bars' as never)
        .setCustomFieldConfig('fillOpacity', 80)
        .setCustomFieldConfig('stacking', { mode: 'normal' } as never)
        .setNoValue('No errors in this time range')
        .setMenu(panelMenu(() => this.volumeView()))
        .build(),
    });
    this.settings = settings;
    this.addActivationHandler(() => {
      // Only new data is read: other changes of the runner (its queries) keep the rows and their signatures.
      const sub = runner.subscribeToState((s, prev) => s.data && s.data !== prev.data && this.onData(s.data));
      const lsub = this.state.lines.subscribeToState(
        (s, prev) => s.data && s.data !== prev.data && this.linesRound === this.round && this.onLines(s.data)
      );
      this.runQueries();
      const services = sceneGraph.lookupVariable(ERRORS_VARS.services, this);
      const vsub = services?.subscribeToState(() => this.checkServices());
      return () => {
        sub.unsubscribe();
        lsub.unsubscribe();
        vsub?.unsubscribe();
        this.state.lines.cancelQuery();
      };
    });
  }

  /** The volume graph as a dashboard panel: the volume query the page sent last, drawn as stacked bars. */
  private volumeView(): ViewPanel | undefined {
    const volume = this.runner.state.queries.find((q) => q.refId === 'volume');
    if (!volume) {
      return undefined;
    }
    return {
      title: this.state.volume.state.title,
      type: 'timeseries',
      signal: 'loki',
      targets: [{ ...volume, refId: 'volume' }],
      fieldConfig: {
        defaults: { custom: { drawStyle: 'bars', fillOpacity: 80, stacking: { mode: 'normal' } } },
        overrides: [],
      },
    };
  }

  private get runner(): SceneQueryRunner {
    return this.state.$data as SceneQueryRunner;
  }

  public getUrlState(): SceneObjectUrlValues {
    return { signature: this.state.signature };
  }

  public updateFromUrl(values: SceneObjectUrlValues) {
    const raw = values.signature;
    const signature = typeof raw === 'string' && raw !== '' ? raw.slice(0, 2000) : undefined;
    if (signature !== this.state.signature) {
      this.setState({ signature, selected: 0 });
    }
  }

  public runQueries() {
    this.checkServices();
    // The services variable is still asking Loki: its values decide the query, so wait for them.
    if (this._variableDependency.hasDependencyInLoadingState()) {
      return;
    }
    const filters = readFilters(this);
    const known = [...this.knownServices()];
    const knownServices = known.length;
    const range = sceneGraph.getTimeRange(this).state.value;
    this.round++;
    this.state.lines.cancelQuery();
    try {
      this.plan = errorsPageQueries(filters, this.settings.maxLines, known, range.to.valueOf() - range.from.valueOf());
    } catch (e) {
      this.plan = undefined;
      this.setState({ status: LoadingState.Error, error: e instanceof Error ? e.message : String(e), rows: [] });
      return;
    }
    this.runner.setState({ queries: this.plan.queries });
    const title = volumePerService(filters.services, knownServices)
      ? 'Errors per service'
      : `Errors of ${filters.services.length ? `${filters.services.length} services` : 'all services'} together (pick up to ${SERVICE_BATCH.maxServices} services to see each)`;
    if (this.state.volume.state.title !== title) {
      this.state.volume.setState({ title });
    }
    this.runner.runQueries();
  }

  private servicesVariable() {
    return sceneGraph.lookupVariable(ERRORS_VARS.services, this) as
      { state: { options?: Array<{ value: unknown }>; loading?: boolean } } | undefined;
  }

  /** Loki's `service_name` values for the range, as the services picker loaded them. */
  private knownServices(): Set<string> {
    return new Set((this.servicesVariable()?.state.options ?? []).map((o) => String(o.value)));
  }

  private checkServices() {
    const variable = this.servicesVariable();
    const known = this.knownServices();
    const selected = readFilters(this).services;
    const unknownServices =
      variable && !variable.state.loading && known.size > 0 ? selected.filter((s) => !known.has(s)) : [];
    if (unknownServices.join('\n') !== this.state.unknownServices.join('\n')) {
      this.setState({ unknownServices });
    }
  }

  /** The first request's answer: the volume, and the lines (services chosen) or the counts (none). */
  private onData(data: PanelData) {
    if (data.state === LoadingState.Loading) {
      this.setState({ status: LoadingState.Loading });
      return;
    }
    const plan = this.plan;
    const countRefIds = new Set(plan?.countsFrom?.kind === 'instant' ? plan.countsFrom.refIds : []);
    // A refused count batch is said in the coverage, not as "Loki could not answer" over the page.
    const countErrors = (data.errors ?? []).filter((e) => e.refId !== undefined && countRefIds.has(e.refId));
    const error = data.errors?.length
      ? errorMessageOf({ errors: data.errors.filter((e) => !countErrors.includes(e)) })
      : errorMessageOf(data);
    // The volume query counts every error line of the range: the lines listed are its newest slice.
    const volume = data.series.filter((f) => f.refId === 'volume');
    const totalLines = volume.length
      ? volume.reduce((a, f) => a + (seriesOfFrame(f)?.values ?? []).reduce((x, v) => x + (v || 0), 0), 0)
      : undefined;
    this.first = { error, totalLines };
    if (!plan?.linesAfterCounts || !plan.countsFrom) {
      this.readRows(data);
      return;
    }
    // Grafana's Loki query splitting answers in parts (Streaming): the counts are whole only at the end.
    if (data.state === LoadingState.Streaming || this.linesRound === this.round) {
      return;
    }
    const { top, coverage } = linesFromCounts({
      frames: data.series,
      errors: data.errors,
      ...plan.countsFrom,
      known: this.knownServices().size,
    });
    const uncounted = coverage?.uncounted;
    this.first.coverage = coverage;
    if (top.length === 0) {
      // Nothing counted: the existing empty state, or why nothing could be counted.
      const why = uncounted
        ? `Loki could not count errors per service (${uncounted.reason}), so no lines were read. Pick services to see their lines`
        : undefined;
      this.setState({
        rows: [],
        signatures: [],
        status: data.state,
        error: error ?? why,
        totalLines,
        coverage,
        partial: undefined,
      });
      return;
    }
    this.linesRound = this.round;
    this.state.lines.setState({
      queries: errorsLinesQueries(
        readFilters(this),
        top.map((s) => s.service),
        this.settings.maxLines
      ),
    });
    this.state.lines.runQueries();
  }

  /** The lines of the services with the most errors (no service chosen). */
  private onLines(data: PanelData) {
    if (data.state === LoadingState.Loading) {
      this.setState({ status: LoadingState.Loading });
      return;
    }
    this.readRows(data);
  }

  /** Reads the answer's lines (refId `logs`) into rows and signatures. */
  private readRows(data: PanelData) {
    const options = { fields: this.settings.traceIdFields, patterns: this.settings.traceIdPatterns };
    const { totalLines, coverage } = this.first;
    const error = this.first.error ?? (data === this.runner.state.data ? undefined : errorMessageOf(data));
    // Reading a line (trace id, signature) is bounded per line; the page's lines together are read in
    // slices that let the browser run, within one budget (review F1, F3, F4).
    const readers = data.series.filter((f) => f.refId === 'logs').map((f) => logRowReader(f, options));
    const items = readers.flatMap((reader) => Array.from({ length: reader.n }, (_, i) => ({ reader, i })));
    const generation = ++this.generation;
    let finished = false;
    runInSlices(
      slicedRun(
        items,
        ({ reader, i }) => {
          const row = reader.row(i);
          return { row, signature: signatureOf(row.line) };
        },
        PAGE_SLICES
      ),
      ({ results, total, partial }) => {
        finished = true;
        results.sort((a, b) => (b.row.timeMs || 0) - (a.row.timeMs || 0));
        const rows = results.map((r) => r.row);
        const prepared = results.map((r) => r.signature);
        this.signaturesByRow = new WeakMap(rows.map((r, i) => [r, prepared[i]]));
        this.setState({
          rows,
          signatures: errorSignatures(rows, prepared),
          status: data.state,
          error,
          selected: 0,
          partial: partial ? { read: results.length, received: total } : undefined,
          totalLines,
          coverage,
        });
      },
      () => generation !== this.generation || !this.isActive
    );
    if (!finished) {
      this.setState({ status: LoadingState.Loading });
    }
  }

  /** What a row says (its message without the JSON or logfmt around it), as computed on arrival. */
  public rowSignature(row: LogRow): RowSignature {
    let known = this.signaturesByRow.get(row);
    if (!known) {
      known = signatureOf(row.line);
      this.signaturesByRow.set(row, known);
    }
    return known;
  }

  /** The rows of the selected signature (all rows without one); computed once per rows and signature. */
  public visibleRows(): LogRow[] {
    const { rows, signature } = this.state;
    if (this.visible?.rows !== rows || this.visible.signature !== signature) {
      const result = signature ? rows.filter((r) => this.rowSignature(r).fingerprint === signature) : rows;
      this.visible = { rows, signature, result };
    }
    return this.visible.result;
  }

  public selectSignature(signature: string | undefined) {
    // A step of its own in the browser's history: Back returns to the list before it.
    this._urlSync.performBrowserHistoryAction(() =>
      this.setState({ signature: signature === this.state.signature ? undefined : signature, selected: 0 })
    );
  }

  public select(index: number) {
    const n = this.visibleRows().length;
    this.setState({ selected: n === 0 ? 0 : Math.max(0, Math.min(n - 1, index)) });
  }

  /** Opens the investigation of the selected line (its trace, or its service at that moment). */
  public openSelected() {
    const row = this.visibleRows()[this.state.selected];
    const url = row && rowInvestigationUrl(row, this);
    if (url) {
      locationService.push(url);
    }
  }
}

/**
 * What the lines and signature counts cover: the newest lines Loki sent, of how many in the range
 * (at 100k errors an hour, 1,000 lines are the newest ~36 s).
 */
export function sampleNote(
  rows: LogRow[],
  total: number | undefined,
  coverage?: LineCoverage,
  timeZone?: TimeZone
): string {
  const n = rows.length;
  const fmt = countText;
  // No service chosen and some left out: the lines are those of the services with the most errors.
  const k = coverage?.services.length ?? 0;
  const of = coverage && coverage.of > k ? ` (of ${fmt(coverage.of)})` : '';
  const services = k > 0 ? ` of the ${k === 1 ? 'service' : `${fmt(k)} services`} with the most errors${of}` : '';
  const covered = k > 0 ? coverage!.services.reduce((a, s) => a + s.lines, 0) : total;
  const more = k > 0 ? ' Pick services to see the others.' : '';
  if (n === 0 || covered === undefined || covered <= n) {
    return `Signatures and lines: all ${plural(n, 'error line')}${services} ${k > 0 ? 'in' : 'of'} the range.${more}`;
  }
  const times = rows.map((r) => r.timeMs).filter((t) => Number.isFinite(t));
  const since = times.length
    ? ` (since ${timeText(
        times.reduce((a, b) => Math.min(a, b)),
        timeZone
      )})`
    : '';
  return `Signatures and lines: the newest ${fmt(n)} of ${fmt(covered)} error lines${services}${since}. ${k > 0 ? 'Pick services to see the others, or narrow the time range to cover more.' : 'Narrow the time range or pick services to cover more.'}`;
}

/** The volume graph, left alone when only the selection changes (j / k). */
const VolumePanel = memo(function VolumePanel({ panel }: { panel: VizPanel }) {
  // Drawn after the page's controls, in a task of its own (see useInNextTask); its box keeps the layout still.
  const ready = useInNextTask(3);
  return ready ? <panel.Component model={panel} /> : null;
});

function ErrorsBodyRenderer({ model }: SceneComponentProps<ErrorsBody>) {
  const {
    volume,
    signatures,
    signature,
    selected,
    status,
    error,
    unknownServices,
    rows,
    partial,
    totalLines,
    coverage,
  } = model.useState();
  const styles = useStyles2(getStyles);
  const visible = model.visibleRows();
  // Stable callbacks: a keypress re-renders the two rows whose selection changed, not the list.
  const { loki, tempo, metrics } = pageDataSources(model);
  const linkOf = useMemo(() => {
    const dataSources = { loki, tempo, metrics };
    return (row: LogRow) => rowInvestigationUrl(row, model, dataSources);
  }, [model, loki, tempo, metrics]);
  const onSelect = useCallback((i: number) => model.select(i), [model]);
  const onOpen = useCallback(() => model.openSelected(), [model]);
  const onSelectSignature = useCallback((s: string | undefined) => model.selectSignature(s), [model]);
  const messageOf = useCallback((row: LogRow) => model.rowSignature(row).message, [model]);
  // The time picker's zone: Grafana's user zone, or the URL's `tz`.
  const timeZone = sceneGraph.getTimeRange(model).getTimeZone();
  return (
    <div className={styles.page} data-testid={testIds.errors.page}>
      {unknownServices.length > 0 && (
        <Alert severity="warning" title="Unknown service" data-testid={testIds.errors.unknownService}>
          {`Loki has no logs from ${unknownServices.map((s) => JSON.stringify(s)).join(', ')} in this time range. Check the name, widen the time range, or pick services from the list.`}
        </Alert>
      )}
      {error && (
        <Alert severity="error" title="Loki could not answer" data-testid={testIds.errors.queryError}>
          {`${error}. Check the Loki data source, or narrow the search.`}
        </Alert>
      )}
      {coverage?.uncounted && (
        <Alert severity="warning" title="Some services were not counted" data-testid={testIds.errors.uncounted}>
          {`Loki could not count the errors of about ${plural(coverage.uncounted.services, 'service')} (${coverage.uncounted.reason}). The lines are those of the services it counted. Narrow the time range, or pick services.`}
        </Alert>
      )}
      {partial && (
        <Alert severity="info" title="Partial: not every line was read" data-testid={testIds.errors.partial}>
          {`Read ${countText(partial.read)} of the ${plural(partial.received, 'line')} Loki sent, to keep the page responsive. Narrow the services, the search or the time range to see the rest.`}
        </Alert>
      )}
      <div className={styles.volume}>
        <VolumePanel panel={volume} />
      </div>
      {status === LoadingState.Loading && rows.length === 0 ? (
        <LoadingPlaceholder text="Loading error logs…" />
      ) : (
        <>
          <Text color="secondary" variant="bodySmall" data-testid={testIds.errors.sampleNote}>
            {sampleNote(rows, totalLines, coverage, timeZone)}
          </Text>
          <SignaturesTable
            signatures={signatures}
            selected={signature}
            onSelect={onSelectSignature}
            timeZone={timeZone}
          />
          <ErrorLogList
            rows={visible}
            selected={selected}
            filtered={Boolean(signature)}
            onSelect={onSelect}
            onOpen={onOpen}
            linkOf={linkOf}
            messageOf={messageOf}
            timeZone={timeZone}
            empty={status === LoadingState.Done && !error}
          />
        </>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  volume: css({ height: 220 }),
});
