import React, { useMemo } from 'react';
import { FieldSet, TextLink } from '@grafana/ui';
import { healthUrl } from '../app/urls';
import { HealthReportView } from '../pages/health/HealthReportView';
import { useHealthReport } from '../pages/health/useHealthReport';
import { loadSettings } from '../settings/loadSettings';
import { testIds } from '../testIds';

/** The Health page's checks in one line each, for the saved configuration over the last hour. */
export function HealthSummary({ jsonData }: { jsonData: unknown }) {
  const settings = useMemo(() => loadSettings(jsonData), [jsonData]);
  const { report, error } = useHealthReport(settings, 'now-1h', 'now');
  return (
    <FieldSet label="Correlation health (saved configuration, last hour)">
      <div data-testid={testIds.appConfig.healthSummary}>
        <HealthReportView report={report} error={error} compact detailUrl={(check) => healthUrl({ check })} />
        <TextLink href={healthUrl()} inline={false}>
          Open the Health page for causes, fixes and details
        </TextLink>
      </div>
    </FieldSet>
  );
}
