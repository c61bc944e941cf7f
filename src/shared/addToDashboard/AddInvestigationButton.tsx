import React from 'react';
import { SceneObjectBase, type SceneComponentProps, type SceneObject, type SceneObjectState } from '@grafana/scenes';
import { Button } from '@grafana/ui';
import type { CorrelateSettings } from '../../settings/types';
import { testIds } from '../../testIds';
import { pageDataSources } from '../dataSourceVariables';
import { rawRange } from '../panelMenu';
import { requestAddToDashboard } from './requests';

interface Props {
  model: SceneObject;
  service: string;
  settings: CorrelateSettings;
  /** On the trace page: the trace, linked from the dashboard too. */
  traceId?: string;
}

/**
 * "Add to dashboard" for the whole investigation of a service: a new dashboard with its RED, error logs,
 * Correlated errors panel, callers and callees and a link back. The builder loads on the click.
 */
export function AddInvestigationButton({ model, service, settings, traceId }: Props) {
  const onClick = () => {
    const uids = pageDataSources(model);
    const range = rawRange(model);
    void import(/* webpackChunkName: "add-to-dashboard" */ './lazy').then(async ({ investigationRequest }) =>
      requestAddToDashboard(await investigationRequest({ service, settings, traceId, uids, range }))
    );
  };
  return (
    <Button
      variant="secondary"
      size="sm"
      icon="apps"
      onClick={onClick}
      data-testid={testIds.addToDashboard.investigation}
      tooltip="A new dashboard with this service's RED, error logs, callers and callees, and a link back to Correlate"
    >
      Add to dashboard
    </Button>
  );
}

interface ControlState extends SceneObjectState {
  service: string;
  settings: CorrelateSettings;
}

/** The same button among a page's controls (the service detail page). */
export class AddInvestigationControl extends SceneObjectBase<ControlState> {
  static Component = ({ model }: SceneComponentProps<AddInvestigationControl>) => {
    const { service, settings } = model.useState();
    return <AddInvestigationButton model={model} service={service} settings={settings} />;
  };
}
