import React from 'react';
import { TextLink } from '@grafana/ui';
import { healthUrl } from '../app/urls';
import type { HealthReport } from '../correlation/health/types';
import { HealthReportView } from '../pages/health/HealthReportView';
import { useHealthReport } from '../pages/health/useHealthReport';
import { testIds } from '../testIds';
import { EmbedSettings } from './EmbedSettings';
import type { CorrelateSettings } from '../settings/types';

/** Props of `correlate-investigation-app/health/v1`. */
export interface HealthEmbedProps {
  /** Window, as Grafana writes times (`now-1h`, epoch ms); default the last hour. */
  from?: string | number;
  to?: string | number;
  /** One line per check (default), or each check with its cause, fix and details. */
  compact?: boolean;
  /** Called with the whole report once both waves are in: the checks as data, for scripts and other plugins. */
  onReport?: (report: HealthReport) => void;
}

/** Correlate's health checks for another plugin's page, with the same data for its code through `onReport`. */
function HealthEmbedView({
  from,
  to,
  compact = true,
  onReport,
  settings,
}: HealthEmbedProps & { settings: CorrelateSettings }) {
  const { report, error } = useHealthReport(settings, from, to, onReport);
  return (
    <div data-testid={testIds.embed.health}>
      <HealthReportView report={report} error={error} compact={compact} detailUrl={(check) => healthUrl({ check })} />
      <TextLink href={healthUrl()} inline={false}>
        Open Correlate’s Health page
      </TextLink>
    </div>
  );
}

export default function HealthEmbed(props: HealthEmbedProps) {
  return <EmbedSettings>{(settings) => <HealthEmbedView {...props} settings={settings} />}</EmbedSettings>;
}
