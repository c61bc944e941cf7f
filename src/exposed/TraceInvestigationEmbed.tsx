import React, { useMemo } from 'react';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { Alert } from '@grafana/ui';
import { normalizeTraceId } from '../correlation/traceId';
import { TraceInvestigation } from '../pages/trace/TraceInvestigation';
import { dataSourceVariablesSet } from '../shared/dataSourceVariables';
import { testIds } from '../testIds';
import { AddToDashboardHost } from '../shared/addToDashboard/AddToDashboardHost';
import { EmbedSettings } from './EmbedSettings';
import type { CorrelateSettings } from '../settings/types';

/** Props of `correlate-investigation-app/trace-investigation/v1`. */
export interface TraceInvestigationEmbedProps {
  /** 32 (or 16) hex characters. */
  traceId: string;
  /** Time of the log line the investigation starts from (epoch ms), if known. */
  timeMs?: number;
  /** Service of that log line, if known. */
  service?: string;
}

/** Correlate's trace investigation for another plugin's page. */
function TraceInvestigationEmbedView({
  traceId,
  timeMs,
  service,
  settings,
}: TraceInvestigationEmbedProps & { settings: CorrelateSettings }) {
  const id = normalizeTraceId(traceId);
  const time = typeof timeMs === 'number' && Number.isFinite(timeMs) ? timeMs : undefined;
  const scene = useMemo(
    () =>
      id
        ? new EmbeddedScene({
            $variables: dataSourceVariablesSet(settings),
            body: new SceneFlexLayout({
              children: [
                new SceneFlexItem({
                  body: new TraceInvestigation({
                    traceId: id,
                    timeHintMs: time,
                    hintService: typeof service === 'string' ? service : undefined,
                    settings,
                  }),
                }),
              ],
            }),
          })
        : undefined,
    [id, time, service, settings]
  );
  if (!scene) {
    return (
      <Alert severity="error" title="Not a trace id" data-testid={testIds.embed.trace}>
        {`"${String(traceId).slice(0, 80)}" is not a trace id: use 32 (or 16) hexadecimal characters.`}
      </Alert>
    );
  }
  return (
    <div data-testid={testIds.embed.trace}>
      <scene.Component model={scene} />
      <AddToDashboardHost />
    </div>
  );
}

export default function TraceInvestigationEmbed(props: TraceInvestigationEmbedProps) {
  return <EmbedSettings>{(settings) => <TraceInvestigationEmbedView {...props} settings={settings} />}</EmbedSettings>;
}
