import React, { useState } from 'react';
import type { TimeRange } from '@grafana/data';
import { usePluginComponent } from '@grafana/runtime';
import type { Panel } from '@grafana/schema';
import { Alert, Button, LoadingPlaceholder, Modal, Stack, Text } from '@grafana/ui';
import { testIds } from '../../testIds';
import type { AddRequest } from './requests';
import { openNewDashboard } from './newDashboard';

/**
 * Grafana's own "Add to dashboard" form, exposed to plugins (grafana
 * public/app/features/dashboard-scene/addToDashboard/AddToDashboardFormExposedComponent.tsx, registered
 * in public/app/features/plugins/extensions/registry/setup.ts; the id is in @grafana/data 12.4.0 and
 * 13.2.2 as PluginExtensionExposedComponents.AddToDashboardFormV1). It offers a new or an existing
 * dashboard. `useAbsolutePath` makes it navigate to /dashboard/new rather than below the app's URL,
 * as the Drilldown apps ask (grafana/traces-drilldown AddToDashboardModal.tsx,
 * grafana/metrics-drilldown DataTrail.tsx).
 */
export const ADD_TO_DASHBOARD_FORM = 'grafana/add-to-dashboard-form/v1';

interface FormProps {
  onClose: () => void;
  buildPanel: () => Panel;
  timeRange?: TimeRange;
  options?: { useAbsolutePath: boolean };
}

interface Props {
  request: AddRequest;
  onClose: () => void;
}

/** The dialog of one "Add to dashboard": Grafana's form where this Grafana exposes it, else a new dashboard. */
export default function AddToDashboardDialog({ request, onClose }: Props) {
  const title = request.kind === 'dashboard' ? 'Add the investigation to a new dashboard' : 'Add to dashboard';
  return (
    <Modal title={title} isOpen onDismiss={onClose}>
      <div data-testid={testIds.addToDashboard.dialog}>
        {request.kind === 'error' ? (
          <Alert severity="warning" title="This panel cannot be added">
            {request.message}
          </Alert>
        ) : request.kind === 'panel' ? (
          <PanelForm request={request} onClose={onClose} />
        ) : (
          <NewDashboard request={request} onClose={onClose} />
        )}
      </div>
    </Modal>
  );
}

function PanelForm({ request, onClose }: { request: Extract<AddRequest, { kind: 'panel' }>; onClose: () => void }) {
  const { component: Form, isLoading } = usePluginComponent<FormProps>(ADD_TO_DASHBOARD_FORM);
  if (isLoading) {
    return <LoadingPlaceholder text="Loading…" />;
  }
  if (Form) {
    return (
      <Form
        onClose={onClose}
        buildPanel={() => request.panel}
        timeRange={request.timeRange}
        options={{ useAbsolutePath: true }}
      />
    );
  }
  return (
    <NewDashboard request={{ kind: 'dashboard', dashboard: request.dashboard, what: 'this panel' }} onClose={onClose} />
  );
}

/**
 * Where Grafana exposes no form (or for a whole dashboard, which the form cannot take): a new, unsaved
 * dashboard, opened as Explore opens one. The user saves it there, in the folder they choose.
 */
function NewDashboard({
  request,
  onClose,
}: {
  request: Extract<AddRequest, { kind: 'dashboard' }>;
  onClose: () => void;
}) {
  const [error, setError] = useState<string>();
  const panels = request.dashboard.dashboard.panels?.length ?? 0;
  return (
    <Stack direction="column" gap={2}>
      <Text>
        {`Opens a new dashboard with ${request.what} (${panels} ${panels === 1 ? 'panel' : 'panels'}), over the last ${request.dashboard.dashboard.time?.from.replace(/^now-/, '')}. Save it there to keep it.`}
      </Text>
      {error && (
        <Alert severity="error" title="The dashboard did not open">
          {error}
        </Alert>
      )}
      <Modal.ButtonRow>
        <Button variant="secondary" fill="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button
          icon="apps"
          data-testid={testIds.addToDashboard.openNew}
          onClick={() => {
            const failed = openNewDashboard(request.dashboard);
            if (failed) {
              setError(failed);
            } else {
              onClose();
            }
          }}
        >
          Open new dashboard
        </Button>
      </Modal.ButtonRow>
    </Stack>
  );
}
