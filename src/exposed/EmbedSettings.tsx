import React, { useMemo, type ReactNode } from 'react';
import { usePluginContext } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { Re2Failed, useRe2 } from '../app/useRe2';
import { hasTraceIdPatterns, loadSettings } from '../settings/loadSettings';
import type { CorrelateSettings } from '../settings/types';

/**
 * Correlate's settings inside another plugin's page: Grafana gives exposed components our plugin
 * context. Without one (null) the settings are the defaults, repaired like any older configuration.
 * RE2 is loaded first when patterns are configured (a failed load is shown, and the embed goes on
 * without them). Memoised on the saved data, so a host's re-render does not rebuild (and re-query)
 * the scene.
 */
export function EmbedSettings({ children }: { children: (settings: CorrelateSettings) => ReactNode }) {
  const jsonData = usePluginContext()?.meta?.jsonData;
  const re2 = useRe2(hasTraceIdPatterns(jsonData));
  const settings = useMemo(
    () => (re2.status === 'loading' ? undefined : loadSettings(jsonData)),
    [jsonData, re2.status]
  );
  if (!settings) {
    return <LoadingPlaceholder text="Loading…" />;
  }
  return (
    <>
      {re2.status === 'failed' && <Re2Failed reason={re2.reason} />}
      {children(settings)}
    </>
  );
}
