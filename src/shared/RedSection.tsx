import React from 'react';
import { LoadingState } from '@grafana/data';
import {
  PanelBuilders,
  SceneDataLayerSet,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneObjectBase,
  sceneGraph,
  type SceneComponentProps,
  type SceneObject,
  type SceneObjectState,
  type SceneQueryRunner,
} from '@grafana/scenes';
import { Alert, Button, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import { redQueries } from '../queries/promql';
import { RED_PROFILES, type RedProfileId } from '../queries/redProfiles';
import { resolveRedProfile } from '../settings/resolveRedProfile';
import { RED_SERVICES } from '../settings/limits';
import { DEFAULT_SETTINGS, type RedSourceSetting } from '../settings/types';
import type { RedDetection } from '../settings/redDetection';
import { METRICS_DS, pageLinkParams } from './dataSourceVariables';
import { exemplarAnnotations, exemplarSourceOf } from './exemplarLinks';
import { serviceRows, type ServiceRed } from './serviceRows';
import { nameList, shortServiceName } from './displayText';
import { onlySeries } from './frameFilters';
import { queryRunner, startRunner } from './runners';
import { TraceMomentLayer, type Moment } from './TraceMomentLayer';
import { testIds } from '../testIds';
import { useContainerWidth } from './useContainerWidth';
import { panelMenu } from './panelMenu';
import { redView } from '../dashboards/views';

export interface RedSectionState extends SceneObjectState {
  redSource: RedSourceSetting;
  /** Services shown at first, and added by each "more services". */
  step: number;
  /** Services whose RED rows exist, in display order. */
  services: string[];
  /** Services known but not shown yet, in the order they will be added (failing first). */
  queued: string[];
  blocks: SceneFlexLayout[];
  detection?: RedDetection;
  /** Services with no series at all, once their query finished. */
  missing: string[];
  /** Services asked for before the metric family was known. */
  pending: string[];
  /** Each shown service's RED over the range (mean rate and error fraction, highest p95), once its query finished. */
  figures: Record<string, ServiceRed>;
  /** The section is narrower than three readable graphs side by side: they stack. */
  narrow: boolean;
}

/** Below this width (of the section, not the window) the three graphs stack: each keeps 200 px or more. */
export const STACK_BELOW_PX = 640;
const GRAPH_HEIGHT = 180;
const STACKED_GRAPH_HEIGHT = 160;

const METRICS: Array<{ refId: 'rate' | 'errors' | 'duration'; title: string; unit: string }> = [
  { refId: 'rate', title: 'Requests', unit: 'reqps' },
  { refId: 'errors', title: 'Error rate', unit: 'percentunit' },
  { refId: 'duration', title: 'p95 latency', unit: 's' },
];

interface RedRowTitleState extends SceneObjectState {
  service: string;
}

/**
 * A RED row's service name, rendered by React as text. Panel titles go through Grafana's template
 * interpolation (a service named `${__user.email}` would show the viewer's address), so they stay
 * fixed and the name is shown here instead.
 */
export class RedRowTitle extends SceneObjectBase<RedRowTitleState> {
  static Component = ({ model }: SceneComponentProps<RedRowTitle>) => {
    const { service } = model.useState();
    return (
      <Text element="h4" truncate title={service}>
        {shortServiceName(service)}
      </Text>
    );
  };
}

/**
 * RED graphs (requests/s, error fraction, p95) for services, added in waves: each call of
 * `addServices` sends one request for the services it shows. At most `step` services are shown
 * until the user asks for more (a trace may name thousands, each costing three panels and a
 * part of the PromQL query); the rest wait in `queued`, failing services first. The moment under
 * investigation is marked on every graph.
 */
export class RedSection extends SceneObjectBase<RedSectionState> {
  static Component = RedSectionRenderer;
  private stops: Array<() => void> = [];
  /** The row of three graphs of each shown service. */
  private graphRows: SceneFlexLayout[] = [];

  public constructor(state: { redSource: RedSourceSetting; services?: string[]; moment?: Moment; step?: number }) {
    super({
      redSource: state.redSource,
      step: boundedStep(state.step),
      services: [],
      queued: [],
      blocks: [],
      missing: [],
      figures: {},
      narrow: false,
      pending: uniqueNames(state.services ?? []),
      $data: new SceneDataLayerSet({ layers: [new TraceMomentLayer({ moment: state.moment })] }),
    });
    this.addActivationHandler(() => {
      this.detect();
      return () => {
        this.stops.forEach((stop) => stop());
        this.stops = [];
      };
    });
  }

  public get momentLayer(): TraceMomentLayer {
    return (this.state.$data as SceneDataLayerSet).state.layers[0] as TraceMomentLayer;
  }

  public setMoment(moment: Moment) {
    this.momentLayer.setMoment(moment);
  }

  private detect() {
    const metricsUid = sceneGraph.interpolate(this, METRICS_DS.uid);
    resolveRedProfile(this.state.redSource, metricsUid && metricsUid !== METRICS_DS.uid ? metricsUid : undefined).then(
      (detection) => {
        if (!this.isActive) {
          return;
        }
        this.setState({ detection });
        const pending = this.state.pending;
        this.setState({ pending: [] });
        this.addServices(pending);
      }
    );
  }

  /**
   * Makes the services known, in the given order, and shows as many as fit in the first step with
   * one request; the others wait for "more services".
   */
  public addServices(services: string[]) {
    const { detection } = this.state;
    const known = new Set([...this.state.services, ...this.state.queued, ...this.state.pending]);
    const fresh = uniqueNames(services).filter((s) => !known.has(s));
    if (fresh.length === 0) {
      return;
    }
    if (!detection) {
      this.setState({ pending: [...this.state.pending, ...fresh] });
      return;
    }
    if (!detection.profile) {
      return;
    }
    const queued = [...this.state.queued, ...fresh];
    const room = Math.max(0, this.state.step - this.state.services.length);
    this.setState({ queued: queued.slice(room) });
    this.show(detection.profile, queued.slice(0, room));
  }

  /** The section's measured width: the graphs stack below STACK_BELOW_PX, side by side above it. */
  public setWidth(px: number) {
    const narrow = px > 0 && px < STACK_BELOW_PX;
    if (narrow === this.state.narrow) {
      return;
    }
    this.setState({ narrow });
    for (const row of this.graphRows) {
      row.setState(graphRowLayout(narrow));
      // A height, not a minimum: the panel inside sizes to a definite height (100% of a min-height is 0).
      row.state.children.forEach((c) => c.setState({ height: narrow ? STACKED_GRAPH_HEIGHT : undefined }));
    }
  }

  /** Shows the next `step` queued services, with one request. */
  public showMore() {
    const profile = this.state.detection?.profile;
    if (!profile || this.state.queued.length === 0) {
      return;
    }
    const next = this.state.queued.slice(0, this.state.step);
    this.setState({ queued: this.state.queued.slice(next.length) });
    this.show(profile, next);
  }

  private show(profile: RedProfileId, services: string[]) {
    if (services.length === 0) {
      return;
    }
    const q = redQueries(profile, { services });
    const runner = queryRunner(
      METRICS_DS,
      METRICS.map((m) => ({
        refId: m.refId,
        expr: q[m.refId],
        range: true,
        legendFormat: `{{${RED_PROFILES[profile].serviceLabel}}}`,
        // The duration histogram's exemplars come back with the same request (the data source's
        // exemplar query), as annotations of this runner.
        ...(m.refId === 'duration' ? { exemplar: true } : {}),
      })),
      200
    );
    const block = new SceneFlexLayout({
      direction: 'column',
      $data: runner,
      children: services.map((service) => this.row(profile, service)),
    });
    this.setState({ services: [...this.state.services, ...services], blocks: [...this.state.blocks, block] });
    this.watch(runner, services, profile);
    if (this.isActive) {
      this.stops.push(startRunner(runner));
    }
  }

  /** Puts `first` (in that order) before the others: shown blocks and rows, and the queue. */
  public putFirst(first: string[]) {
    const rankOf = new Map<string, number>();
    first.forEach((s, i) => rankOf.has(s) || rankOf.set(s, i));
    const rank = (s: string) => rankOf.get(s) ?? first.length;
    const byRank =
      <T,>(key: (t: T) => string) =>
      (a: T, b: T) =>
        rank(key(a)) - rank(key(b));
    const keyOf = (c: SceneObject) => c.state.key ?? '';
    const blockRank = (block: SceneFlexLayout) =>
      Math.min(first.length, ...block.state.children.map((c) => rank(keyOf(c))));
    const blocks = [...this.state.blocks].sort((a, b) => blockRank(a) - blockRank(b));
    for (const block of blocks) {
      block.setState({ children: [...block.state.children].sort(byRank(keyOf)) });
    }
    this.setState({
      blocks,
      services: blocks.flatMap((b) => b.state.children.map(keyOf)),
      queued: [...this.state.queued].sort(byRank((s: string) => s)),
    });
  }

  private watch(runner: SceneQueryRunner, services: string[], profile: RedProfileId) {
    const label = RED_PROFILES[profile].serviceLabel;
    const sub = runner.subscribeToState((state) => {
      if (state.data?.state !== LoadingState.Done) {
        return;
      }
      const present = new Set(state.data.series.flatMap((f) => f.fields.map((x) => x.labels?.[label]).filter(Boolean)));
      const missing = services.filter((s) => !present.has(s));
      const figures = { ...this.state.figures };
      for (const row of serviceRows(state.data.series, label)) {
        if (services.includes(row.service)) {
          figures[row.service] = row;
        }
      }
      this.setState({
        missing: [...new Set([...this.state.missing.filter((m) => !services.includes(m)), ...missing])],
        figures,
      });
    });
    this.stops.push(() => sub.unsubscribe());
  }

  private row(profile: RedProfileId, service: string): SceneFlexItem {
    const label = RED_PROFILES[profile].serviceLabel;
    const exemplars = exemplarSourceOf(RED_PROFILES[profile]);
    return new SceneFlexItem({
      key: service,
      body: new SceneFlexLayout({
        direction: 'column',
        children: [
          new SceneFlexItem({ body: new RedRowTitle({ service }) }),
          new SceneFlexItem({
            body: this.graphRow(
              METRICS.map(
                (m) =>
                  new SceneFlexItem({
                    // Under Scenes' md breakpoint the row becomes a column, where a graph sized by the
                    // row's min-height alone draws 2 px high: each graph gets the row's height there.
                    md: { height: 180 },
                    height: this.state.narrow ? STACKED_GRAPH_HEIGHT : undefined,
                    body: PanelBuilders.timeseries()
                      .setTitle(m.title)
                      .setUnit(m.unit)
                      .setData(
                        new SceneDataTransformer({
                          transformations: [
                            onlySeries(m.refId, label, service),
                            // The link looks for the trace in this graph's range, with the page's data sources.
                            exemplarAnnotations(exemplars, m.refId === 'duration' ? service : undefined, () =>
                              pageLinkParams(this)
                            ),
                          ],
                        })
                      )
                      .setNoValue('No data')
                      .setMenu(panelMenu(() => redView(profile, service, m.refId)))
                      .build(),
                  })
              )
            ),
          }),
        ],
      }),
    });
  }

  private graphRow(children: SceneFlexItem[]): SceneFlexLayout {
    const row = new SceneFlexLayout({ ...graphRowLayout(this.state.narrow), children });
    this.graphRows.push(row);
    return row;
  }
}

/** Three graphs side by side at their height, or stacked, each at its own height. */
function graphRowLayout(narrow: boolean): { direction: 'row' | 'column'; minHeight?: number } {
  return narrow ? { direction: 'column', minHeight: undefined } : { direction: 'row', minHeight: GRAPH_HEIGHT };
}

/** Service names as given, each once; empty and non-string values are not names. */
function uniqueNames(services: unknown[]): string[] {
  return [...new Set(services.filter((s): s is string => typeof s === 'string' && s !== ''))];
}

function boundedStep(step: number | undefined): number {
  return Number.isInteger(step) && step! >= RED_SERVICES.min && step! <= RED_SERVICES.max
    ? step!
    : DEFAULT_SETTINGS.maxRedServices;
}

function RedSectionRenderer({ model }: SceneComponentProps<RedSection>) {
  const { blocks, detection, missing, pending, queued, step } = model.useState();
  const ref = useContainerWidth<HTMLDivElement>((px) => model.setWidth(px));
  if (!detection) {
    return pending.length ? <LoadingPlaceholder text="Finding the RED metrics…" /> : null;
  }
  if (!detection.profile) {
    return (
      <Alert severity="warning" title="No RED metrics found" data-testid={testIds.red.message}>
        {detection.error ?? `None of these metrics exist in the metrics data source: ${detection.tried.join(', ')}.`} To
        get span metrics, switch on Tempo&apos;s metrics-generator (
        <code>overrides.defaults.metrics_generator.processors: [span-metrics]</code>) with remote write to this data
        source, or pick another RED source in Correlate&apos;s configuration.
      </Alert>
    );
  }
  const profile = RED_PROFILES[detection.profile];
  return (
    <div ref={ref}>
      <Stack direction="column" gap={1} data-testid={testIds.red.section}>
        {missing.length > 0 && (
          <Alert severity="info" title={`No RED series for ${nameList(missing)}`} data-testid={testIds.red.message}>
            {`${profile.callsMetric} has no server series labelled ${profile.serviceLabel} for ${missing.length === 1 ? 'this service' : 'these services'} in this time range. The service may not serve requests, or its spans may lack a server kind.`}
          </Alert>
        )}
        {blocks.map((block) => (
          <block.Component model={block} key={block.state.key} />
        ))}
        {queued.length > 0 && (
          <Stack direction="row" gap={1} alignItems="center">
            <Button variant="secondary" icon="plus" onClick={() => model.showMore()}>
              {`${queued.length} more ${queued.length === 1 ? 'service' : 'services'}: show ${Math.min(step, queued.length)}`}
            </Button>
            <Text color="secondary" variant="bodySmall">
              {nameList(queued)}
            </Text>
          </Stack>
        )}
      </Stack>
    </div>
  );
}
