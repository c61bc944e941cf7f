import React, { useMemo, useState } from 'react';
import type { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { Alert, Button, Stack } from '@grafana/ui';
import { loadSettings, refusedTraceIdPatterns, toJsonData } from '../settings/loadSettings';
import { resolveDataSource } from '../settings/resolveDataSources';
import type { CorrelateJsonData, CorrelateSettings } from '../settings/types';
import { hasErrors, validateSettings, withPatternSafety } from '../settings/validateSettings';
import { testIds } from '../testIds';
import { DataSourcesSection } from './DataSourcesSection';
import { HealthSection } from './HealthSection';
import { HealthSummary } from './HealthSummary';
import { QueryLimitsSection } from './QueryLimitsSection';
import { RedSourceSection } from './RedSourceSection';
import { reloadApp, saveSettings } from './saveSettings';
import { TraceIdSection } from './TraceIdSection';
import { usePatternSafety } from './usePatternSafety';
import { useInNextTask } from '../shared/useInNextTask';

/**
 * A section drawn a task after the one before it (issue 25: no task over 200 ms). The whole page in
 * one render (Grafana's pickers, inputs and their styles, the health summary) took 350–470 ms in
 * Chromium on a production build; section by section each is a task of its own.
 */
function Later({ order, children }: { order: number; children: React.ReactNode }) {
  return useInNextTask(order) ? <>{children}</> : null;
}

/** The saved settings, with the provisioned patterns the app refused shown again, each with its message. */
function initialDraft(jsonData: unknown): CorrelateSettings {
  const loaded = loadSettings(jsonData);
  const refused = refusedTraceIdPatterns(jsonData).map((r) => r.pattern);
  return refused.length ? { ...loaded, traceIdPatterns: [...loaded.traceIdPatterns, ...refused] } : loaded;
}

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<CorrelateJsonData>> {}

/**
 * The app's configuration page. The draft is validated on every change; Save stays disabled while
 * anything is wrong, so a broken configuration cannot be saved.
 */
export default function AppConfig({ plugin }: AppConfigProps) {
  const { id, enabled, pinned, jsonData } = plugin.meta;
  const [draft, setDraft] = useState<CorrelateSettings>(() => initialDraft(jsonData));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const syncErrors = useMemo(() => validateSettings(draft), [draft]);
  const safety = usePatternSafety(draft.traceIdPatterns, syncErrors.traceIdPatterns);
  const errors = useMemo(() => withPatternSafety(syncErrors, safety.errors), [syncErrors, safety.errors]);
  const invalid = hasErrors(errors) || safety.pending;
  const metricsUid = draft.metricsUid ?? resolveDataSource('metrics').uid;

  const update = (patch: Partial<CorrelateSettings>) => setDraft((d) => ({ ...d, ...patch }));

  const onSave = async () => {
    setSaving(true);
    setSaveError(undefined);
    try {
      await saveSettings(id, { enabled, pinned }, toJsonData(draft));
      reloadApp();
    } catch (err) {
      setSaveError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid={testIds.appConfig.container}>
      <Later order={0}>
        <DataSourcesSection draft={draft} onChange={update} />
      </Later>
      <Later order={1}>
        <RedSourceSection draft={draft} metricsUid={metricsUid} error={errors.redSource} onChange={update} />
      </Later>
      <Later order={2}>
        <TraceIdSection draft={draft} errors={errors} onChange={update} />
      </Later>
      <Later order={3}>
        <QueryLimitsSection draft={draft} errors={errors} onChange={update} />
      </Later>
      <Later order={4}>
        <HealthSection draft={draft} errors={errors} onChange={update} />
      </Later>
      {saveError && (
        <Alert severity="error" title="Not saved" data-testid={testIds.appConfig.saveError}>
          {saveError}
        </Alert>
      )}
      <Stack direction="row" gap={2} alignItems="center">
        <Button onClick={onSave} disabled={invalid || saving} data-testid={testIds.appConfig.submit}>
          {saving ? 'Saving…' : 'Save configuration'}
        </Button>
        {safety.pending ? (
          <span>Checking the trace-id patterns…</span>
        ) : (
          invalid && <span>Fix the fields marked in red to save.</span>
        )}
      </Stack>
      {/* After the settings its checks refer to: on a first install the admin sets them before reading them. */}
      {enabled && (
        <Later order={5}>
          <HealthSummary jsonData={jsonData} />
        </Later>
      )}
    </div>
  );
}
