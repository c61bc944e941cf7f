import React from 'react';
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneQueryRunner,
} from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Sparkline, TextLink, useStyles2, useTheme2 } from '@grafana/ui';
import { redQueries } from '../../queries/promql';
import { RED_PROFILES } from '../../queries/redProfiles';
import type { RedDetection } from '../../settings/redDetection';
import { resolveRedProfile } from '../../settings/resolveRedProfile';
import type { RedSourceSetting } from '../../settings/types';
import { serviceUrl } from '../../app/urls';
import { METRICS_DS } from '../../shared/dataSourceVariables';
import { queryRunner } from '../../shared/runners';
import { testIds } from '../../testIds';
import { sparklineOf } from '../../shared/sparkline';
import { num, pct } from '../../shared/figures';
import { serviceRows, type ServiceRed } from '../../shared/serviceRows';
import { errorMessageOf } from '../../correlation/frame';

interface ServicesOverviewState extends SceneObjectState {
  redSource: RedSourceSetting;
  detection?: RedDetection;
  rows: ServiceRed[];
  status: LoadingState;
  error?: string;
}

/** Every service with its RED for the time range, most failing first. One request for all. */
export class ServicesOverview extends SceneObjectBase<ServicesOverviewState> {
  static Component = ServicesOverviewRenderer;

  public constructor(redSource: RedSourceSetting) {
    super({ redSource, rows: [], status: LoadingState.NotStarted, $data: queryRunner(METRICS_DS, [], 60) });
    this.addActivationHandler(() => {
      const runner = this.state.$data as SceneQueryRunner;
      const sub = runner.subscribeToState((s) => {
        const profile = this.state.detection?.profile;
        if (!s.data || !profile) {
          return;
        }
        this.setState({
          status: s.data.state,
          error: errorMessageOf(s.data),
          rows:
            s.data.state === LoadingState.Loading
              ? this.state.rows
              : serviceRows(s.data.series, RED_PROFILES[profile].serviceLabel),
        });
      });
      const uid = sceneGraph.interpolate(this, METRICS_DS.uid);
      resolveRedProfile(this.state.redSource, uid && uid !== METRICS_DS.uid ? uid : undefined).then((detection) => {
        if (!this.isActive) {
          return;
        }
        this.setState({ detection });
        if (detection.profile) {
          const q = redQueries(detection.profile, { services: [] });
          runner.setState({
            queries: (['rate', 'errors', 'duration'] as const).map((refId) => ({ refId, expr: q[refId], range: true })),
          });
          runner.runQueries();
        }
      });
      return () => sub.unsubscribe();
    });
  }
}

function ServicesOverviewRenderer({ model }: SceneComponentProps<ServicesOverview>) {
  const { detection, rows, status, error } = model.useState();
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const range = sceneGraph.getTimeRange(model).useState().value;
  if (
    !detection ||
    (status !== LoadingState.Done && status !== LoadingState.Error && rows.length === 0 && detection.profile)
  ) {
    return <LoadingPlaceholder text="Loading services…" />;
  }
  if (!detection.profile) {
    return (
      <Alert severity="warning" title="No RED metrics found" data-testid={testIds.red.message}>
        {detection.error ?? `None of these metrics exist in the metrics data source: ${detection.tried.join(', ')}.`}{' '}
        Switch on Tempo&apos;s metrics-generator span metrics, or pick another RED source in Correlate&apos;s
        configuration.
      </Alert>
    );
  }
  if (error) {
    return (
      <Alert severity="error" title="The metrics data source could not answer" data-testid={testIds.services.error}>
        {`${error}. Check the metrics data source.`}
      </Alert>
    );
  }
  if (rows.length === 0) {
    return (
      <Alert severity="info" title="No services" data-testid={testIds.services.empty}>
        {`${RED_PROFILES[detection.profile].callsMetric} has no server series in this time range. Widen the time range.`}
      </Alert>
    );
  }
  return (
    <table className={styles.table} data-testid={testIds.services.table}>
      <thead>
        <tr>
          <th>Service</th>
          <th>Requests/s</th>
          <th>Errors</th>
          <th>p95</th>
          <th>Errors over time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.service} data-testid={testIds.services.row}>
            <td>
              <TextLink
                href={serviceUrl(row.service, { range: { from: range.from.valueOf(), to: range.to.valueOf() } })}
                inline={false}
              >
                {row.service}
              </TextLink>
            </td>
            <td>{num(row.rate)}</td>
            <td>{pct(row.errorFraction)}</td>
            <td>{num(row.p95, ' s')}</td>
            <td>
              {row.errorSeries && row.errorSeries.values.length > 1 && (
                <Sparkline
                  width={160}
                  height={24}
                  theme={theme}
                  sparkline={sparklineOf(row.errorSeries.times, row.errorSeries.values, { min: 0 })}
                />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({ width: '100%', 'th, td': { padding: theme.spacing(0.5, 1), textAlign: 'left' } }),
});
