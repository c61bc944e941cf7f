import React, { useMemo } from 'react';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneTimeRange } from '@grafana/scenes';
import { Alert } from '@grafana/ui';
import { RedSection } from '../shared/RedSection';
import { dataSourceVariablesSet } from '../shared/dataSourceVariables';
import { checkUrlTimeRange } from '../shared/urlTimeRange';
import { testIds } from '../testIds';
import { AddToDashboardHost } from '../shared/addToDashboard/AddToDashboardHost';
import { EmbedSettings } from './EmbedSettings';
import type { CorrelateSettings } from '../settings/types';

/** Props of `correlate-investigation-app/service-red/v1`. */
export interface ServiceRedEmbedProps {
  service: string;
  /** Time range, as Grafana writes it (`now-1h`, epoch ms); default the last hour. */
  from?: string | number;
  to?: string | number;
}

/** The host page's times are repaired like a pasted link's: a bad one falls back to the last hour. */
function rangeOf(from: unknown, to: unknown) {
  const checked = checkUrlTimeRange({ from, to }, { from: 'now-1h', to: 'now' });
  return { from: checked.from, to: checked.to };
}

/** Requests/s, error fraction and p95 of one service, for another plugin's page. */
function ServiceRedEmbedView({ service, from, to, settings }: ServiceRedEmbedProps & { settings: CorrelateSettings }) {
  const valid = typeof service === 'string' && service.trim() !== '' && service.length <= 200;
  const scene = useMemo(
    () =>
      valid
        ? new EmbeddedScene({
            $timeRange: new SceneTimeRange(rangeOf(from, to)),
            $variables: dataSourceVariablesSet(settings),
            // A column: in a row the section would shrink to its content (three graphs 25 px wide).
            body: new SceneFlexLayout({
              direction: 'column',
              children: [
                new SceneFlexItem({ body: new RedSection({ redSource: settings.redSource, services: [service] }) }),
              ],
            }),
          })
        : undefined,
    [valid, service, from, to, settings]
  );
  if (!scene) {
    return (
      <Alert severity="error" title="No service" data-testid={testIds.embed.serviceRed}>
        Pass the service name (as its metrics label it) in the service prop.
      </Alert>
    );
  }
  return (
    <div data-testid={testIds.embed.serviceRed}>
      <scene.Component model={scene} />
      <AddToDashboardHost />
    </div>
  );
}

export default function ServiceRedEmbed(props: ServiceRedEmbedProps) {
  return <EmbedSettings>{(settings) => <ServiceRedEmbedView {...props} settings={settings} />}</EmbedSettings>;
}
