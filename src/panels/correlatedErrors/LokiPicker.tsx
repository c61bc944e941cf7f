import React from 'react';
import type { StandardEditorProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';

/** Grafana's data source picker, Loki only. */
export default function LokiPicker({ value, onChange }: StandardEditorProps<string | undefined>) {
  return (
    <DataSourcePicker
      current={value ?? null}
      pluginId="loki"
      noDefault={false}
      onChange={(ds) => onChange(ds.uid)}
      onClear={() => onChange(undefined)}
    />
  );
}
