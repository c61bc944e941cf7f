import React, { memo } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Text, useStyles2 } from '@grafana/ui';
import type { ErrorSignature } from '../../correlation/errorSignature';
import { nameList } from '../../shared/displayText';
import { stackedTable } from '../../shared/phoneLayout';
import { testIds } from '../../testIds';

interface Props {
  signatures: ErrorSignature[];
  selected?: string;
  onSelect: (fingerprint: string | undefined) => void;
}

const MAX_SHOWN = 20;
const time = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toLocaleTimeString() : '–');

/** Error messages grouped by fingerprint; choosing one filters the log list below. Memoised: j / k leave it alone. */
export const SignaturesTable = memo(function SignaturesTable({ signatures, selected, onSelect }: Props) {
  const styles = useStyles2(getStyles);
  if (signatures.length === 0) {
    return null;
  }
  return (
    <section data-testid={testIds.errors.signatures}>
      <Text element="h3">Error signatures</Text>
      {selected && (
        <Button
          size="sm"
          variant="secondary"
          icon="times"
          onClick={() => onSelect(undefined)}
          data-testid={testIds.errors.clearSignature}
        >
          Show all errors
        </Button>
      )}
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Message</th>
            <th>Count</th>
            <th>First seen</th>
            <th>Last seen</th>
            <th>Services</th>
            <th>With trace id</th>
          </tr>
        </thead>
        <tbody>
          {signatures.slice(0, MAX_SHOWN).map((s) => (
            <tr
              key={s.fingerprint}
              className={cx(styles.row, s.fingerprint === selected && styles.selected)}
              data-testid={testIds.errors.signature}
              aria-selected={s.fingerprint === selected}
              onClick={() => onSelect(s.fingerprint)}
            >
              <td data-label="Message">
                <button type="button" className={styles.link} title={s.fingerprint}>
                  {s.example}
                </button>
              </td>
              <td data-label="Count">{s.count}</td>
              <td data-label="First seen">{time(s.firstSeenMs)}</td>
              <td data-label="Last seen">{time(s.lastSeenMs)}</td>
              <td
                data-label="Services"
                title={s.services.length > 5 ? s.services.join(', ').slice(0, 2000) : undefined}
              >
                {nameList(s.services)}
              </td>
              <td data-label="With trace id">{`${Math.round(s.traceIdShare * 100)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
});

const getStyles = (theme: GrafanaTheme2) => ({
  // Cards on a phone: see stackedTable.
  table: stackedTable(theme),
  row: css({ cursor: 'pointer', '&:hover': { background: theme.colors.action.hover } }),
  selected: css({ background: theme.colors.action.selected }),
  link: css({ all: 'unset', cursor: 'pointer', color: theme.colors.text.link, wordBreak: 'break-word' }),
});
