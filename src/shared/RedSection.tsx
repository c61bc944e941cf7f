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
  type SceneObjectState,
  type SceneQueryRunner,
} from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Stack } from '@grafana/ui';
import { redQueries } from '../queries/promql';
import { RED_PROFILES, type RedProfileId } from '../queries/redProfiles';
import { resolveRedProfile } from '../settings/resolveRedProfile';
import type { RedSourceSetting } from '../settings/types';
import type { RedDetection } from '../settings/redDetection';
import { METRICS_DS } from './dataSourceVariables';
import { onlySeries } from './frameFilters';
import { queryRunner, startRunner } from './runners';
import { TraceMomentLayer, type Moment } from './TraceMomentLayer';
import { testIds } from '../testIds';

export interface RedSectionState extends SceneObjectState {
  redSource: RedSourceSetting;
  /** Services whose RED rows exist, in display order. */
  services: string[];
  blocks: SceneFlexLayout[];
  detection?: RedDetection;
  /** Services with no series at all, once their query finished. */
  missing: string[];
  /** Services asked for before the metric family was known. */
  pending: string[];
}

const METRICS: Array<{ refId: 'rate' | 'errors' | 'duration'; title: string; unit: string }> = [
  { refId: 'rate', title: 'requests/s', unit: 'reqps' },
  { refId: 'errors', title: 'error fraction', unit: 'percentunit' },
  { refId: 'duration', title: 'p95 latency', unit: 's' },
];

/**
 * RED graphs (requests/s, error fraction, p95) for services, added in waves: each call of
 * `addServices` sends one request for the services not shown yet. The moment under investigation is
 * marked on every graph.
 */
export class RedSection extends SceneObjectBase<RedSectionState> {
  static Component = RedSectionRenderer;
  private stops: Array<() => void> = [];

  public constructor(state: { redSource: RedSourceSetting; services?: string[]; moment?: Moment }) {
    super({
      redSource: state.redSource,
      services: [],
      blocks: [],
      missing: [],
      pending: state.services ?? [],
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

  /** Adds RED rows for the services not shown yet, with one request for all of them. */
  public addServices(services: string[]) {
    const profile = this.state.detection?.profile;
    const fresh = [...new Set(services)].filter(
      (s) => s && !this.state.services.includes(s) && !this.state.pending.includes(s)
    );
    if (fresh.length === 0) {
      return;
    }
    if (!profile) {
      if (!this.state.detection) {
        this.setState({ pending: [...this.state.pending, ...fresh] });
      }
      return;
    }
    const q = redQueries(profile, { services: fresh });
    const runner = queryRunner(
      METRICS_DS,
      METRICS.map((m) => ({
        refId: m.refId,
        expr: q[m.refId],
        range: true,
        legendFormat: `{{${RED_PROFILES[profile].serviceLabel}}}`,
      })),
      200
    );
    const block = new SceneFlexLayout({
      direction: 'column',
      $data: runner,
      children: fresh.map((service) => this.row(profile, service)),
    });
    this.setState({ services: [...this.state.services, ...fresh], blocks: [...this.state.blocks, block] });
    this.watch(runner, fresh, profile);
    if (this.isActive) {
      this.stops.push(startRunner(runner));
    }
  }

  /** Puts the blocks holding `first` (in that order) before the others. */
  public putFirst(first: string[]) {
    const rank = (block: SceneFlexLayout) => {
      const services = block.state.children.map((c) => (c.state as { key?: string }).key ?? '');
      const ranks = services.map((s) => first.indexOf(s)).filter((r) => r >= 0);
      return ranks.length ? Math.min(...ranks) : first.length;
    };
    const blocks = [...this.state.blocks].sort((a, b) => rank(a) - rank(b));
    for (const block of blocks) {
      const children = [...block.state.children].sort((a, b) => {
        const ra = first.indexOf(a.state.key ?? '');
        const rb = first.indexOf(b.state.key ?? '');
        return (ra < 0 ? first.length : ra) - (rb < 0 ? first.length : rb);
      });
      block.setState({ children });
    }
    this.setState({ blocks, services: blocks.flatMap((b) => b.state.children.map((c) => c.state.key ?? '')) });
  }

  private watch(runner: SceneQueryRunner, services: string[], profile: RedProfileId) {
    const label = RED_PROFILES[profile].serviceLabel;
    const sub = runner.subscribeToState((state) => {
      if (state.data?.state !== LoadingState.Done) {
        return;
      }
      const present = new Set(state.data.series.flatMap((f) => f.fields.map((x) => x.labels?.[label]).filter(Boolean)));
      const missing = services.filter((s) => !present.has(s));
      this.setState({
        missing: [...new Set([...this.state.missing.filter((m) => !services.includes(m)), ...missing])],
      });
    });
    this.stops.push(() => sub.unsubscribe());
  }

  private row(profile: RedProfileId, service: string): SceneFlexItem {
    const label = RED_PROFILES[profile].serviceLabel;
    return new SceneFlexItem({
      key: service,
      body: new SceneFlexLayout({
        direction: 'row',
        minHeight: 180,
        children: METRICS.map(
          (m) =>
            new SceneFlexItem({
              body: PanelBuilders.timeseries()
                .setTitle(`${service} · ${m.title}`)
                .setUnit(m.unit)
                .setData(new SceneDataTransformer({ transformations: [onlySeries(m.refId, label, service)] }))
                .setNoValue('No data')
                .build(),
            })
        ),
      }),
    });
  }
}

function RedSectionRenderer({ model }: SceneComponentProps<RedSection>) {
  const { blocks, detection, missing, pending } = model.useState();
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
    <Stack direction="column" gap={1} data-testid={testIds.red.section}>
      {missing.length > 0 && (
        <Alert severity="info" title={`No RED series for ${missing.join(', ')}`} data-testid={testIds.red.message}>
          {`${profile.callsMetric} has no server series labelled ${profile.serviceLabel} for ${missing.length === 1 ? 'this service' : 'these services'} in this time range. The service may not serve requests, or its spans may lack a server kind.`}
        </Alert>
      )}
      {blocks.map((block) => (
        <block.Component model={block} key={block.state.key} />
      ))}
    </Stack>
  );
}
