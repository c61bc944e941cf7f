import React, { useEffect, useState } from 'react';
import { Alert, Field, FieldSet, RadioButtonList } from '@grafana/ui';
import { RED_PROFILE_IDS, RED_PROFILES } from '../queries/redProfiles';
import type { RedDetection } from '../settings/redDetection';
import { resolveRedProfile } from '../settings/resolveRedProfile';
import type { CorrelateSettings, RedSourceSetting } from '../settings/types';
import { testIds } from '../testIds';

const OPTIONS = [
  {
    value: 'auto' as RedSourceSetting,
    label: 'Detect automatically',
    description: 'Looks for each family below in the metrics data source.',
  },
  ...RED_PROFILE_IDS.map((id) => ({
    value: id as RedSourceSetting,
    label: RED_PROFILES[id].title,
    description: RED_PROFILES[id].callsMetric,
  })),
];

interface Props {
  draft: CorrelateSettings;
  /** The metrics data source detection runs against (configured or default). */
  metricsUid?: string;
  error?: string;
  onChange: (patch: Partial<CorrelateSettings>) => void;
}

/** Shows what `auto` finds, detected again whenever the metrics data source changes. */
function DetectionStatus({ metricsUid }: { metricsUid?: string }) {
  // Keyed by data source so a change shows "looking…" until the new answer arrives.
  const [answer, setAnswer] = useState<{ uid?: string; detection: RedDetection }>();
  useEffect(() => {
    let current = true;
    resolveRedProfile('auto', metricsUid).then((detection) => current && setAnswer({ uid: metricsUid, detection }));
    return () => {
      current = false;
    };
  }, [metricsUid]);
  const result = answer && answer.uid === metricsUid ? answer.detection : 'pending';

  if (result === 'pending') {
    return <Alert severity="info" title="Looking for RED metrics in the metrics data source…" />;
  }
  if (result.error) {
    return <Alert severity="warning" title={result.error} data-testid={testIds.appConfig.redDetection} />;
  }
  if (!result.profile) {
    return (
      <Alert severity="warning" title="No RED metrics found" data-testid={testIds.appConfig.redDetection}>
        Looked for {result.tried.join(', ')}. Enable span metrics in Tempo&apos;s metrics-generator (overrides:
        metrics_generator.processors: [service-graphs, span-metrics]) or pick the family your metrics use.
      </Alert>
    );
  }
  return (
    <Alert
      severity="success"
      title={`Found: ${RED_PROFILES[result.profile].title}`}
      data-testid={testIds.appConfig.redDetection}
    />
  );
}

export function RedSourceSection({ draft, metricsUid, error, onChange }: Props) {
  return (
    <FieldSet label="RED metrics source">
      <Field label="Metric family" invalid={Boolean(error)} error={error}>
        <RadioButtonList
          name="red-source"
          options={OPTIONS}
          value={draft.redSource}
          onChange={(value) => onChange({ redSource: value })}
        />
      </Field>
      {draft.redSource === 'auto' && <DetectionStatus metricsUid={metricsUid} />}
    </FieldSet>
  );
}
