import React from 'react';
import { Alert, LoadingPlaceholder, Text } from '@grafana/ui';
import { testIds } from '../../testIds';
import { KIND_LABELS } from './kinds';
import type { KindId, KindState } from './loadTypes';

/** One kind's state: still comparing, not compared (and why), or how it was compared. */
export function KindStatus({ id, state }: { id: KindId; state: KindState }) {
  const props = { 'data-testid': testIds.changed.kind, 'data-kind': id, 'data-status': state.status };
  if (state.status === 'loading') {
    return (
      <div {...props}>
        <LoadingPlaceholder text={`${KIND_LABELS[id]}: comparing…`} />
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <Alert {...props} severity="warning" title={`${KIND_LABELS[id]}: not compared`}>
        {state.error}
      </Alert>
    );
  }
  const method = state.method;
  return (
    <div {...props} data-fallback={Boolean(method?.fallback)}>
      <Text color="secondary" variant="bodySmall">
        {method?.fallback
          ? `${KIND_LABELS[id]}: fallback, ${method.method}. Why: ${sentence(method.reason ?? '')}`
          : `${KIND_LABELS[id]}: ${sentence(method?.method ?? '')}`}
      </Text>
    </div>
  );
}

/** Text ending in one full stop, whether or not the reason already ends a sentence. */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
