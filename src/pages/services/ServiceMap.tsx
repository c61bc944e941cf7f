import React from 'react';
import { css, cx } from '@emotion/css';
import { LoadingState, type GrafanaTheme2 } from '@grafana/data';
import {
  SceneDataNode,
  SceneObjectBase,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneQueryRunner,
  type VizPanel,
} from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Stack, Text, TextLink, useStyles2, useTheme2 } from '@grafana/ui';
import { serviceUrl } from '../../app/urls';
import { errorMessageOf } from '../../correlation/frame';
import { readServiceEdges, type EdgeAnswer, type ServiceEdge } from '../../correlation/serviceGraph/edges';
import { neighbourServices, neighboursOf, type Neighbours } from '../../correlation/serviceGraph/neighbours';
import { redQueries } from '../../queries/promql';
import { RED_PROFILES } from '../../queries/redProfiles';
import { SERVICE_GRAPH_METRICS, UNKNOWN_CLIENT, serviceEdgesQueries } from '../../queries/serviceGraph';
import type { RedDetection } from '../../settings/redDetection';
import { resolveRedProfile } from '../../settings/resolveRedProfile';
import type { RedSourceSetting } from '../../settings/types';
import { METRICS_DS, pageLinkParams } from '../../shared/dataSourceVariables';
import { shortServiceName } from '../../shared/displayText';
import { errorRateColor, percentText, plural, rateText, secondsText } from '../../shared/figures';
import {
  MAX_GRAPH_NODES,
  nodeGraphFrames,
  nodeLink,
  showNodeGraph,
  type GraphNode,
} from '../../shared/nodeGraphFrames';
import { dataSourceUidOf, queryRunner, startRunner } from '../../shared/runners';
import { serviceRows, type ServiceRed } from '../../shared/serviceRows';
import { getTableStyles } from '../../shared/tableStyles';
import { testIds } from '../../testIds';

/** Neighbours whose own RED is asked for, in the one request of the second wave. */
export const MAX_RED_NEIGHBOURS = 30;
/** Rows per table; the rest are counted. */
export const MAX_TABLE_ROWS = 50;

interface ServiceMapState extends SceneObjectState {
  service: string;
  redSource: RedSourceSetting;
  status: 'loading' | 'done' | 'error';
  error?: string;
  answer?: EdgeAnswer;
  neighbours?: Neighbours;
  detection?: RedDetection;
  /** RED of the service and its neighbours (the second wave), by service; absent until it answered. */
  figures?: Record<string, ServiceRed>;
  graph?: VizPanel;
  /** The second wave's runner, kept in the scene so it finds the time range and the data source. */
  wave?: SceneQueryRunner;
}

/**
 * The service's direct callers and callees from Tempo's service-graph metrics, each edge with its
 * request rate, error fraction and p95, most failing first. One request for the edges (instant queries
 * over the window), then one for the RED of the services around it; a node graph when it stays readable.
 */
export class ServiceMap extends SceneObjectBase<ServiceMapState> {
  static Component = ServiceMapRenderer;
  private stops: Array<() => void> = [];
  private graphData = new SceneDataNode();
  private waveStarted = false;

  public constructor(state: { service: string; redSource: RedSourceSetting }) {
    const q = serviceEdgesQueries(state.service);
    super({
      ...state,
      status: 'loading',
      $data: queryRunner(
        METRICS_DS,
        (['requests', 'errors', 'p95', 'present'] as const).map((refId) => ({
          refId,
          expr: q[refId],
          instant: true,
          range: false,
        }))
      ),
    });
    this.addActivationHandler(() => this.onActivate());
  }

  private onActivate() {
    const edges = this.state.$data as SceneQueryRunner;
    const sub = edges.subscribeToState((s) => this.onEdges(s.data));
    resolveRedProfile(this.state.redSource, dataSourceUidOf(this, METRICS_DS.uid, sceneGraph.interpolate)).then(
      (detection) => {
        if (this.isActive) {
          this.setState({ detection });
          this.startRedWave();
        }
      }
    );
    return () => {
      sub.unsubscribe();
      this.stops.forEach((stop) => stop());
      this.stops = [];
    };
  }

  private onEdges(data: SceneQueryRunner['state']['data']) {
    if (!data || data.state === LoadingState.Loading || data.state === LoadingState.NotStarted) {
      return;
    }
    if (data.state === LoadingState.Error) {
      this.setState({ status: 'error', error: errorMessageOf(data) ?? 'The metrics data source failed.' });
      return;
    }
    const answer = readServiceEdges(data.series);
    const neighbours = neighboursOf(this.state.service, answer.edges);
    this.setState({ status: 'done', answer, neighbours });
    this.updateGraph();
    this.startRedWave();
  }

  /** The second wave: the RED of the service and its neighbours, once both the edges and the metric family are known. */
  private startRedWave() {
    const { neighbours, detection, service } = this.state;
    const profile = detection?.profile;
    if (!neighbours || !profile || this.waveStarted || neighbourServices(neighbours, service).length === 0) {
      return;
    }
    this.waveStarted = true;
    const services = [service, ...neighbourServices(neighbours, service)].slice(0, MAX_RED_NEIGHBOURS + 1);
    const q = redQueries(profile, { services });
    const runner = queryRunner(
      METRICS_DS,
      (['rate', 'errors', 'duration'] as const).map((refId) => ({ refId, expr: q[refId], range: true })),
      60
    );
    this.setState({ wave: runner });
    this.stops.push(startRunner(runner));
    const sub = runner.subscribeToState((s) => {
      if (s.data?.state === LoadingState.Done) {
        const rows = serviceRows(s.data.series, RED_PROFILES[profile].serviceLabel);
        this.setState({ figures: Object.fromEntries(rows.map((r) => [r.service, r])) });
        this.updateGraph();
      }
    });
    this.stops.push(() => sub.unsubscribe());
  }

  /** The node graph's frames, or no graph when there is nothing around the service or too much to draw. */
  private updateGraph() {
    const { neighbours, service, figures } = this.state;
    if (!neighbours) {
      return;
    }
    const around = neighbourServices(neighbours, service);
    if (around.length === 0 || around.length + 1 > MAX_GRAPH_NODES) {
      this.setState({ graph: undefined });
      return;
    }
    const role = (name: string) => {
      const calls = neighbours.callers.some((e) => e.client === name);
      const called = neighbours.callees.some((e) => e.server === name);
      return calls && called ? 'caller and callee' : calls ? 'caller' : 'callee';
    };
    const nodes: GraphNode[] = [service, ...around].map((id) => ({
      id,
      subtitle: id === service ? 'this service' : role(id),
      rate: figures?.[id]?.rate,
      errorFraction: figures?.[id]?.errorFraction,
      p95: figures?.[id]?.p95,
      highlighted: id === service,
    }));
    const edges = [...neighbours.callers, ...neighbours.callees].map((e) => ({
      source: e.client,
      target: e.server,
      main: { value: e.rate, unit: 'req/s' },
      secondary: { value: e.errorFraction === undefined ? undefined : e.errorFraction * 100, unit: '% errors' },
      failing: (e.errorFraction ?? 0) > 0,
      details: { p95: e.p95 === undefined ? '' : secondsText(e.p95) },
    }));
    const frames = nodeGraphFrames(nodes, edges, nodeLink(pageLinkParams(this)));
    this.setState({ graph: showNodeGraph(this, this.graphData, frames, this.state.graph, 'Service graph') });
  }
}

function EdgeTable({
  model,
  edges,
  direction,
}: {
  model: ServiceMap;
  edges: ServiceEdge[];
  direction: 'callers' | 'callees';
}) {
  const { figures, detection, service } = model.useState();
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
  const theme = useTheme2();
  const params = pageLinkParams(model);
  const shown = edges.slice(0, MAX_TABLE_ROWS);
  const other = (e: ServiceEdge) => (direction === 'callers' ? e.client : e.server);
  const testId = direction === 'callers' ? testIds.serviceMap.callers : testIds.serviceMap.callees;
  const noun = direction === 'callers' ? 'caller' : 'callee';
  return (
    <table className={cx(table.table, styles.table)} data-testid={testId}>
      {/* The same widths in both tables, so callers and callees line up side by side. */}
      <colgroup>
        <col />
        <col className={styles.figureColumn} />
        <col className={styles.figureColumn} />
        <col className={styles.figureColumn} />
      </colgroup>
      <thead>
        <tr>
          <th>{direction === 'callers' ? 'Called by' : 'Calls'}</th>
          <th className={table.figure}>Requests</th>
          <th className={table.figure}>Error rate</th>
          <th className={table.figure}>p95 latency</th>
        </tr>
      </thead>
      <tbody>
        {edges.length === 0 && (
          <tr data-testid={testIds.serviceMap.emptyTable}>
            <td colSpan={4}>
              <Text color="secondary" italic>
                {direction === 'callers'
                  ? `No service calls ${shortServiceName(service)} in this time range.`
                  : `${shortServiceName(service)} calls no other service in this time range.`}
              </Text>
            </td>
          </tr>
        )}
        {shown.map((e) => {
          const name = other(e);
          // Known only once the second wave answered: a service with no RED series of its own.
          const unmeasured = figures && detection?.profile && !figures[name];
          return (
            <tr key={name} data-testid={testIds.serviceMap.row}>
              <td>
                <Stack direction="row" gap={1} alignItems="center">
                  <TextLink href={serviceUrl(name, params)} inline={false} title={name}>
                    {shortServiceName(name)}
                  </TextLink>
                  {name === UNKNOWN_CLIENT && direction === 'callers' && (
                    <Text color="secondary" variant="bodySmall">
                      callers Tempo saw no span of
                    </Text>
                  )}
                  {unmeasured && name !== UNKNOWN_CLIENT && (
                    <Text color="secondary" variant="bodySmall">
                      no metrics of its own (not instrumented?)
                    </Text>
                  )}
                </Stack>
              </td>
              <td className={table.figure}>{rateText(e.rate)}</td>
              <td className={table.figure} style={{ color: errorRateColor(theme, e.errorFraction) }}>
                {percentText(e.errorFraction)}
              </td>
              <td className={table.figure}>{secondsText(e.p95)}</td>
            </tr>
          );
        })}
        {edges.length > shown.length && (
          <tr>
            <td colSpan={4}>
              <Text color="secondary" variant="bodySmall">
                {`${plural(edges.length - shown.length, `more ${noun}`)}, failing less, not listed.`}
              </Text>
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function ServiceMapRenderer({ model }: SceneComponentProps<ServiceMap>) {
  const { status, error, answer, neighbours, graph } = model.useState();
  const styles = useStyles2(getStyles);
  const body = (() => {
    if (status === 'loading') {
      return <LoadingPlaceholder text="Finding the callers and callees…" />;
    }
    if (status === 'error') {
      return (
        <Alert severity="error" title="The service graph could not be read" data-testid={testIds.serviceMap.message}>
          {`${error}. Check the metrics data source.`}
        </Alert>
      );
    }
    if (!answer?.present) {
      return (
        <Alert severity="warning" title="No service-graph metrics" data-testid={testIds.serviceMap.message}>
          {`The metrics data source has no ${SERVICE_GRAPH_METRICS.requests} series. Switch on the service-graphs processor of Tempo's metrics-generator (`}
          <code>overrides.defaults.metrics_generator.processors: [service-graphs, span-metrics]</code>
          {') with remote write to this data source. The trace investigation still shows the path of each trace.'}
        </Alert>
      );
    }
    if (!neighbours || (neighbours.callers.length === 0 && neighbours.callees.length === 0 && !neighbours.selfCall)) {
      return (
        <Alert severity="info" title="No callers or callees" data-testid={testIds.serviceMap.message}>
          Tempo&apos;s service graph has no calls to or from this service in this time range. Widen the time range.
        </Alert>
      );
    }
    const around = neighbourServices(neighbours, model.state.service).length;
    const self = neighbours.selfCall;
    return (
      <Stack direction="column" gap={1}>
        {graph ? (
          <div className={styles.graph} data-testid={testIds.serviceMap.graph}>
            <graph.Component model={graph} />
          </div>
        ) : (
          around + 1 > MAX_GRAPH_NODES && (
            <Text color="secondary">{`${around} services around this one: too many to draw readably. The tables list them, most failing first.`}</Text>
          )
        )}
        <div className={styles.tables}>
          <EdgeTable model={model} edges={neighbours.callers} direction="callers" />
          <EdgeTable model={model} edges={neighbours.callees} direction="callees" />
        </div>
        {self && (
          <Text color="secondary" variant="bodySmall">
            {`Calls itself: ${rateText(self.rate)}, ${percentText(self.errorFraction)} failing, p95 latency ${secondsText(self.p95)}.`}
          </Text>
        )}
        {answer.dropped > 0 && (
          <Text color="secondary" variant="bodySmall">{`${answer.dropped} more series were not read.`}</Text>
        )}
      </Stack>
    );
  })();
  return (
    <section data-testid={testIds.serviceMap.section}>
      <Stack direction="column" gap={1}>
        <Text element="h3">Callers and callees</Text>
        {body}
      </Stack>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  graph: css({ height: 420 }),
  tables: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))',
    gap: theme.spacing(2),
    alignItems: 'start',
  }),
  table: css({ tableLayout: 'fixed' }),
  figureColumn: css({ width: 96 }),
});
