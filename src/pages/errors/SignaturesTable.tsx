import React, { memo } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { Button, Text, useStyles2 } from '@grafana/ui';
import type { ErrorSignature } from '../../correlation/errorSignature';
import { nameList } from '../../shared/displayText';
import { stackedTable } from '../../shared/phoneLayout';
import { countText, percentText } from '../../shared/figures';
import { getTableStyles } from '../../shared/tableStyles';
import { timeAgoText, timeText } from '../../shared/time';
import { testIds } from '../../testIds';

interface Props {
  signatures: ErrorSignature[];
  selected?: string;
  onSelect: (fingerprint: string | undefined) => void;
  /** The page's time zone (its time picker's); Grafana's user zone when not given. */
  timeZone?: TimeZone;
}

const MAX_SHOWN = 20;

/**
 * Error messages grouped by fingerprint; choosing one filters the log list below. Memoised: j / k leave it alone.
 * A signature is written as its fingerprint (`ord-<id>`), as What changed writes it: the newest real message
 * is in its tooltip, and the count in its own column, so one order's id is never read as failing n times.
 */
export const SignaturesTable = memo(function SignaturesTable({ signatures, selected, onSelect, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
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
      <table className={cx(table.table, styles.table)}>
        <thead>
          <tr>
            <th>Signature</th>
            <th className={table.figure}>Lines</th>
            <th>First seen</th>
            <th>Last seen</th>
            <th>Services</th>
            <th className={table.figure}>With trace id</th>
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
              <td data-label="Signature">
                <button type="button" className={styles.link} title={`Newest: ${s.example}`}>
                  {s.fingerprint}
                </button>
              </td>
              <td className={table.figure} data-label="Lines">
                {countText(s.count)}
              </td>
              <td className={styles.time} data-label="First seen" title={timeAgoText(s.firstSeenMs, timeZone)}>
                {timeText(s.firstSeenMs, timeZone)}
              </td>
              <td className={styles.time} data-label="Last seen" title={timeAgoText(s.lastSeenMs, timeZone)}>
                {timeText(s.lastSeenMs, timeZone)}
              </td>
              <td
                data-label="Services"
                title={s.services.length > 5 ? s.services.join(', ').slice(0, 2000) : undefined}
              >
                {nameList(s.services)}
              </td>
              <td className={table.figure} data-label="With trace id">
                {percentText(s.traceIdShare)}
              </td>
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
  time: css({ whiteSpace: 'nowrap' }),
  link: css({ all: 'unset', cursor: 'pointer', color: theme.colors.text.link, wordBreak: 'break-word' }),
});
