import React from 'react';
import { Alert } from '@grafana/ui';
import type { CauseLine } from '../../correlation/changes/causeText';
import type { Outcome } from '../../correlation/changes/outcome';
import { testIds } from '../../testIds';

/**
 * The answer above the rows: the probable cause (or "no single cause"), "nothing changed" only when
 * every kind answered, or what could not be compared.
 */
export function Verdict({ cause, outcome, rowCount }: { cause: CauseLine; outcome: Outcome; rowCount: number }) {
  return (
    <>
      {cause.state !== 'nothing' && outcome.state !== 'loading' && (
        <Alert
          severity={cause.state === 'probable' ? 'error' : 'warning'}
          title={cause.text}
          data-testid={testIds.changed.cause}
          data-state={cause.state}
        />
      )}
      {outcome.state === 'nothing' && (
        <Alert
          severity="success"
          title="Nothing changed beyond the baseline’s own variation"
          data-testid={testIds.changed.nothing}
        >
          {rowCount
            ? 'The differences found are small or within what the baseline itself varies by; show them below.'
            : 'No difference found between the two windows.'}
        </Alert>
      )}
      {(outcome.state === 'partial' || outcome.state === 'blind' || outcome.state === 'future') && (
        <Alert
          severity={outcome.state === 'partial' ? 'info' : 'warning'}
          title={outcome.title}
          data-testid={testIds.changed.incomplete}
          data-state={outcome.state}
        />
      )}
    </>
  );
}
