import React from 'react';
import { DataSourcePicker } from '@grafana/runtime';
import { Field, FieldSet } from '@grafana/ui';
import { SIGNAL_PLUGIN_ID, type SignalKind } from '../settings/dataSources';
import type { CorrelateSettings } from '../settings/types';
import { testIds } from '../testIds';
import { FieldGroup } from './FieldGroup';

const ROWS: Array<{
  kind: SignalKind;
  key: 'lokiUid' | 'tempoUid' | 'metricsUid';
  label: string;
  description: string;
}> = [
  { kind: 'loki', key: 'lokiUid', label: 'Loki', description: 'Where the error logs are.' },
  { kind: 'tempo', key: 'tempoUid', label: 'Tempo', description: 'Where the traces are.' },
  {
    kind: 'metrics',
    key: 'metricsUid',
    label: 'Metrics (Mimir or Prometheus)',
    description: 'Where the RED metrics are.',
  },
];

interface Props {
  draft: CorrelateSettings;
  onChange: (patch: Partial<CorrelateSettings>) => void;
}

/** One picker per signal; cleared means "the instance's default data source of that type". */
export function DataSourcesSection({ draft, onChange }: Props) {
  return (
    <FieldSet label="Data sources">
      {ROWS.map(({ kind, key, label, description }) => (
        <Field key={kind} label={label} description={`${description} Empty: the default ${label} data source.`}>
          <FieldGroup testId={testIds.appConfig.dataSource(kind)}>
            <DataSourcePicker
              pluginId={SIGNAL_PLUGIN_ID[kind]}
              current={draft[key] ?? null}
              noDefault
              width={50}
              placeholder="Default data source"
              onChange={(ds) => onChange({ [key]: ds.uid })}
              onClear={() => onChange({ [key]: undefined })}
            />
          </FieldGroup>
        </Field>
      ))}
    </FieldSet>
  );
}
