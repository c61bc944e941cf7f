import React, { Suspense, lazy } from 'react';
import { PanelPlugin, type PanelProps, type StandardEditorProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { DEFAULT_ERROR_LEVELS } from '../../queries/logql';
import { DEFAULT_OPTIONS, LINES, type CorrelatedErrorsOptions } from './options';

// The panel and its data source editor load when a dashboard shows them, not with the module.
const LazyPanel = lazy(() => import('./CorrelatedErrorsPanel'));
const LazyLokiPicker = lazy(() => import('./LokiPicker'));

const Panel = (props: PanelProps<CorrelatedErrorsOptions>) => (
  <Suspense fallback={<LoadingPlaceholder text="" />}>
    <LazyPanel {...props} />
  </Suspense>
);

const LokiPicker = (props: StandardEditorProps<string | undefined>) => (
  <Suspense fallback={<LoadingPlaceholder text="" />}>
    <LazyLokiPicker {...props} />
  </Suspense>
);

// Grouped as Grafana's own panels group theirs (the `category` of each option, e.g. the logs and
// table panels' sections): what is read, then how much of it is shown.
const DATA = ['Errors to show'];
const SHOWN = ['List'];

export const plugin = new PanelPlugin<CorrelatedErrorsOptions>(Panel).setPanelOptions((builder) =>
  builder
    .addCustomEditor({
      id: 'lokiUid',
      category: DATA,
      path: 'lokiUid',
      name: 'Loki data source',
      description: 'Where the error logs come from. Empty: the default Loki data source.',
      editor: LokiPicker,
    })
    .addTextInput({
      path: 'servicesVariable',
      category: DATA,
      name: 'Services variable',
      description: 'A dashboard variable holding the services, such as service. When set, the list below is not used.',
      settings: { placeholder: 'service' },
    })
    .addStringArray({
      path: 'services',
      category: DATA,
      name: 'Services',
      description: 'Services to show (Loki service_name). Empty: every service.',
      defaultValue: [],
    })
    .addMultiSelect({
      path: 'levels',
      category: DATA,
      name: 'Levels',
      defaultValue: DEFAULT_ERROR_LEVELS,
      settings: {
        options: ['error', 'critical', 'fatal', 'warn', 'warning'].map((l) => ({ value: l, label: l })),
        allowCustomValue: true,
      } as never,
    })
    .addNumberInput({
      path: 'lines',
      category: SHOWN,
      name: 'Lines',
      description: 'How many of the newest error lines to list.',
      defaultValue: DEFAULT_OPTIONS.lines,
      settings: { min: LINES.min, max: LINES.max, integer: true },
    })
    .addNumberInput({
      path: 'signatures',
      category: SHOWN,
      name: 'Signatures',
      description: 'How many error signatures to list.',
      defaultValue: DEFAULT_OPTIONS.signatures,
      settings: { min: 1, max: 20, integer: true },
    })
);
