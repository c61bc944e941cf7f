import React from 'react';
import { ClipboardButton, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import type { BaselineMode } from '../../correlation/changes/windows';
import { nameList } from '../../shared/displayText';
import { testIds } from '../../testIds';

const BASELINES = [
  { label: 'Just before', value: 'previous' as const, description: 'The same length immediately before' },
  { label: 'A day earlier', value: 'day' as const, description: 'The same window one day earlier' },
];

/** The page's title, the baseline choice and, once every kind answered, the copy button. */
export function ChangedHeader(props: {
  services: string[];
  mode: BaselineMode;
  onMode: (mode: BaselineMode) => void;
  /** The copied summary; no button while a kind is still comparing. */
  summary?: () => string;
}) {
  const { services, mode, onMode, summary } = props;
  return (
    <Stack direction="row" gap={2} alignItems="center" wrap="wrap">
      <Text element="h3">
        {services.length ? `What changed for ${nameList(services)}` : 'What changed for every service'}
      </Text>
      <div data-testid={testIds.changed.baseline}>
        <RadioButtonGroup aria-label="Baseline" options={BASELINES} value={mode} onChange={(v) => onMode(v)} />
      </div>
      {summary && (
        <ClipboardButton
          icon="copy"
          variant="secondary"
          size="sm"
          getText={() => summary()}
          data-testid={testIds.changed.copy}
        >
          Copy summary
        </ClipboardButton>
      )}
    </Stack>
  );
}
