import React from 'react';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  VariableDependencyConfig,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { healthUrl } from '../../app/urls';
import { isCheckId } from '../../correlation/health/checks';
import type { CheckId, HealthReport } from '../../correlation/health/types';
import type { CorrelateSettings } from '../../settings/types';
import { DS_VARIABLES } from '../../shared/dataSourceVariables';
import { HealthReportView } from './HealthReportView';
import { runHealth, type HealthDataSources } from './runHealth';

interface HealthBodyState extends SceneObjectState {
  report?: HealthReport;
  error?: string;
  /** The check whose detail is open (the URL's `check`). */
  check?: CheckId;
}

/** The Health page's content: every check for the page's window and data sources, rerun when either changes. */
export class HealthBody extends SceneObjectBase<HealthBodyState> {
  static Component = HealthBodyRenderer;
  public readonly settings: CorrelateSettings;
  private run = 0;
  /** The data sources and window of the last run: a variable update that changes neither runs nothing. */
  private lastKey?: string;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['check'] });
  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: Object.values(DS_VARIABLES),
    onReferencedVariableValueChanged: () => this.runChecks(),
  });

  public constructor(settings: CorrelateSettings) {
    super({});
    this.settings = settings;
    this.addActivationHandler(() => {
      this.runChecks();
      const sub = sceneGraph.getTimeRange(this).subscribeToState((s, prev) => {
        if (s.value.from.valueOf() !== prev.value.from.valueOf() || s.value.to.valueOf() !== prev.value.to.valueOf()) {
          this.runChecks();
        }
      });
      return () => {
        this.run++;
        this.lastKey = undefined;
        sub.unsubscribe();
      };
    });
  }

  public getUrlState(): SceneObjectUrlValues {
    return { check: this.state.check };
  }

  public updateFromUrl(values: SceneObjectUrlValues) {
    const check = isCheckId(values.check) ? values.check : undefined;
    if (check !== this.state.check) {
      this.setState({ check });
    }
  }

  public select(check: CheckId | undefined) {
    this.setState({ check });
  }

  /** The data sources the page's pickers hold. */
  public dataSources(): HealthDataSources {
    const pick = (name: string, what: string) => {
      const ref = `\${${name}}`;
      const uid = sceneGraph.interpolate(this, ref);
      return uid && uid !== ref
        ? { uid }
        : { error: `No ${what} data source: pick one above or in Correlate’s configuration.` };
    };
    return {
      loki: pick(DS_VARIABLES.loki, 'Loki'),
      tempo: pick(DS_VARIABLES.tempo, 'Tempo'),
      metrics: pick(DS_VARIABLES.metrics, 'metrics'),
    };
  }

  public runChecks() {
    const range = sceneGraph.getTimeRange(this).state.value;
    const dataSources = this.dataSources();
    const key = JSON.stringify([dataSources, range.from.valueOf(), range.to.valueOf()]);
    if (key === this.lastKey) {
      return;
    }
    this.lastKey = key;
    const run = ++this.run;
    this.setState({ report: undefined, error: undefined });
    const current = () => run === this.run;
    runHealth(
      this.settings,
      this.dataSources(),
      { fromMs: range.from.valueOf(), toMs: range.to.valueOf() },
      (report) => {
        if (current()) {
          this.setState({ report });
        }
      }
    ).then(
      (report) => current() && this.setState({ report }),
      (err: unknown) => current() && this.setState({ error: err instanceof Error ? err.message : String(err) })
    );
  }
}

function HealthBodyRenderer({ model }: SceneComponentProps<HealthBody>) {
  const { report, error, check } = model.useState();
  const raw = sceneGraph.getTimeRange(model).useState().value.raw;
  const text = (t: unknown) => (typeof t === 'string' ? t : String((t as { valueOf(): number }).valueOf()));
  const ds = model.dataSources();
  const detailUrl = (id: CheckId) =>
    healthUrl({
      range: { from: text(raw.from), to: text(raw.to) },
      check: id,
      dataSources: { loki: ds.loki.uid, tempo: ds.tempo.uid, metrics: ds.metrics.uid },
    });
  return (
    <HealthReportView
      report={report}
      error={error}
      selected={check}
      detailUrl={detailUrl}
      onSelect={(id) => model.select(id)}
    />
  );
}
