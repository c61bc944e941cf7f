import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneDataNode,
  SceneObjectBase,
  type SceneComponentProps,
  type SceneObjectState,
  type VizPanel,
} from '@grafana/scenes';
import { Badge, Stack, Text, TextLink, useStyles2, useTheme2 } from '@grafana/ui';
import { serviceUrl } from '../../app/urls';
import { tracePath, type TracePath as Path } from '../../correlation/serviceGraph/tracePath';
import type { TraceSpan, TraceSummary } from '../../correlation/traceSummary';
import { pageLinkParams } from '../../shared/dataSourceVariables';
import { nameList, shortServiceName } from '../../shared/displayText';
import { errorRateColor, percentText, plural, rateText, secondsText } from '../../shared/figures';
import { MAX_GRAPH_NODES, nodeGraphFrames, nodeLink, showNodeGraph } from '../../shared/nodeGraphFrames';
import type { RedSection } from '../../shared/RedSection';
import type { ServiceRed } from '../../shared/serviceRows';
import { stackedTable } from '../../shared/phoneLayout';
import { getTableStyles } from '../../shared/tableStyles';
import { testIds } from '../../testIds';

/** Services listed at most; a trace may name thousands. */
export const MAX_PATH_ROWS = 50;

interface TracePathState extends SceneObjectState {
  path?: Path;
  /** Spans are missing: the root cause is named from part of the trace. */
  partial?: boolean;
  /** RED of the trace's services for the window, as the RED section below has it. */
  figures: Record<string, ServiceRed>;
  graph?: VizPanel;
}

/**
 * The path the trace took through its services, read from the trace alone (it needs no metrics): who
 * called whom, how often and how often it failed, the likely root cause marked, and beside each service
 * its RED for the window, taken from the RED section's own requests (no request of its own).
 */
export class TracePathSection extends SceneObjectBase<TracePathState> {
  static Component = TracePathRenderer;
  private graphData = new SceneDataNode();

  public constructor(private red: RedSection) {
    super({ figures: red.state.figures });
    this.addActivationHandler(() => {
      this.setState({ figures: this.red.state.figures });
      this.updateGraph();
      const sub = this.red.subscribeToState((s, prev) => {
        if (s.figures !== prev.figures) {
          this.setState({ figures: s.figures });
          this.updateGraph();
        }
      });
      return () => sub.unsubscribe();
    });
  }

  /** The trace arrived: its path, and the graph when it stays readable. */
  public setTrace(spans: TraceSpan[], summary: TraceSummary) {
    this.setState({ path: tracePath(spans, summary.root, summary.rootCause), partial: Boolean(summary.partial) });
    this.updateGraph();
  }

  private updateGraph() {
    const { path, figures } = this.state;
    if (!path || path.services.length < 2 || path.services.length > MAX_GRAPH_NODES) {
      return;
    }
    const nodes = path.services.map((s) => ({
      id: s.service,
      subtitle: s.rootCause
        ? 'likely root cause'
        : s.depth === undefined
          ? 'caller missing'
          : `${plural(s.depth, 'hop')} in`,
      rate: figures[s.service]?.rate,
      errorFraction: figures[s.service]?.errorFraction,
      p95: figures[s.service]?.p95,
      highlighted: s.rootCause,
    }));
    const edges = path.calls.map((c) => ({
      source: c.from,
      target: c.to,
      main: { value: c.calls, unit: 'calls' },
      secondary: { value: c.errors, unit: 'failed' },
      failing: c.errors > 0,
      details: {},
    }));
    const frames = nodeGraphFrames(nodes, edges, nodeLink(pageLinkParams(this)));
    this.setState({ graph: showNodeGraph(this, this.graphData, frames, this.state.graph, 'Path of this trace') });
  }
}

function TracePathRenderer({ model }: SceneComponentProps<TracePathSection>) {
  const { path, figures, graph, partial } = model.useState();
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
  const theme = useTheme2();
  if (!path || path.services.length === 0) {
    return null;
  }
  const params = pageLinkParams(model);
  const shown = path.services.slice(0, MAX_PATH_ROWS);
  return (
    <section data-testid={testIds.tracePath.section}>
      <Stack direction="column" gap={1}>
        <Text element="h3">Path through the services</Text>
        {graph && (
          <div className={styles.graph} data-testid={testIds.tracePath.graph}>
            <graph.Component model={graph} />
          </div>
        )}
        <table className={cx(table.table, styles.table)}>
          <thead>
            <tr>
              <th>Service</th>
              <th className={table.figure}>Calls from the root</th>
              <th>Called by</th>
              <th className={table.figure}>Spans (failing)</th>
              <th className={table.figure}>Requests</th>
              <th className={table.figure}>Error rate</th>
              <th className={table.figure}>p95 latency</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => {
              const red = figures[s.service];
              return (
                <tr key={s.service} data-testid={testIds.tracePath.row}>
                  <td>
                    <Stack direction="row" gap={1} alignItems="center">
                      <TextLink href={serviceUrl(s.service, params)} inline={false} title={s.service}>
                        {shortServiceName(s.service)}
                      </TextLink>
                      {s.rootCause && (
                        <span data-testid={testIds.tracePath.rootCause}>
                          <Badge
                            text={partial ? 'likely root cause, from a partial trace' : 'likely root cause'}
                            color="red"
                            icon="exclamation-triangle"
                          />
                        </span>
                      )}
                    </Stack>
                  </td>
                  <td className={table.figure} data-label="Calls from the root">
                    {s.depth ?? 'caller missing'}
                  </td>
                  <td data-label="Called by">{s.calledBy.length ? nameList(s.calledBy, 3) : '–'}</td>
                  <td className={table.figure} data-label="Spans (failing)">{`${s.spans} (${s.errorSpans})`}</td>
                  <td className={table.figure} data-label="Requests">
                    {rateText(red?.rate)}
                  </td>
                  <td
                    className={table.figure}
                    data-label="Error rate"
                    style={{ color: errorRateColor(theme, red?.errorFraction) }}
                  >
                    {percentText(red?.errorFraction)}
                  </td>
                  <td className={table.figure} data-label="p95 latency">
                    {secondsText(red?.p95)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {path.services.length > shown.length && (
          <Text color="secondary" variant="bodySmall">
            {`${plural(path.services.length - shown.length, 'more service')} further down the path ${path.services.length - shown.length === 1 ? 'is' : 'are'} not listed.`}
          </Text>
        )}
        {path.services.length > MAX_GRAPH_NODES && (
          <Text color="secondary" variant="bodySmall">
            {`${path.services.length} services: too many to draw readably; the table lists them nearest the root first.`}
          </Text>
        )}
        {path.missingParents > 0 && (
          <Text color="secondary" variant="bodySmall">
            {`${path.missingParents} ${path.missingParents === 1 ? 'span names a parent' : 'spans name parents'} the trace does not hold (not sent, or not arrived yet): their services are shown without that caller.`}
          </Text>
        )}
        <Text color="secondary" variant="bodySmall">
          Requests, error rate and p95 latency are each service&apos;s RED for the window, as the graphs below show
          them; a service not graphed yet has none until it is.
        </Text>
      </Stack>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  graph: css({ height: 360 }),
  // Cards on a phone: see stackedTable.
  table: stackedTable(theme),
});
