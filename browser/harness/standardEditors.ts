import React from 'react';
import { standardEditorsRegistry, type StandardEditorProps, type StandardEditorsRegistryItem } from '@grafana/data';

// Grafana registers its own option editors under these ids at start-up
// (public/app/core/components/OptionsUI/registry.tsx); PanelOptionsEditorBuilder looks them up by
// id when a panel's options are built. This host gives each a plain text box: only a plugin's own
// editors are what the tests here are about.
const IDS = [
  'boolean',
  'color',
  'dashboard-uid',
  'field-name',
  'multi-select',
  'number',
  'radio',
  'select',
  'slider',
  'strings',
  'text',
  'timezone',
  'unit',
];

function PlainEditor({ value, item }: StandardEditorProps<unknown>) {
  return React.createElement('input', {
    'data-harness-standard-editor': item.id,
    readOnly: true,
    value: value == null ? '' : JSON.stringify(value),
  });
}

export function installStandardEditors() {
  standardEditorsRegistry.setInit(() =>
    IDS.map((id): StandardEditorsRegistryItem => ({ id, name: id, description: '', editor: PlainEditor }))
  );
}
