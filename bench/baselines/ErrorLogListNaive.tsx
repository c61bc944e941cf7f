/**
 * Bench baseline only: the Errors page's list as it was before rows were memoised and lines cut:
 * every keypress re-rendered every shown row, reading each row's message from its line again.
 */
import React, { useEffect, useRef } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, LinkButton, Text, useStyles2 } from '@grafana/ui';
import { messageOf } from '../../src/correlation/errorSignature';
import type { LogRow } from '../../src/correlation/logRows';
import { testIds } from '../../src/testIds';

interface Props {
  rows: LogRow[];
  selected: number;
  filtered: boolean;
  empty: boolean;
  onSelect: (index: number) => void;
  onOpen: () => void;
  linkOf: (row: LogRow) => string | undefined;
}

const MAX_SHOWN = 500;

/**
 * The newest error lines. Keyboard: `j` / `k` move the selection, `Enter` opens the selected line's
 * investigation. Every line says whether a trace id was found in it.
 */
export function ErrorLogListNaive({ rows, selected, filtered, empty, onSelect, onOpen, linkOf }: Props) {
  const styles = useStyles2(getStyles);
  const selectedRef = useRef<HTMLLIElement>(null);
  useEffect(() => selectedRef.current?.scrollIntoView?.({ block: 'nearest' }), [selected]);
  if (rows.length === 0) {
    return empty ? (
      <Text color="secondary" data-testid={testIds.errors.empty}>
        {filtered
          ? 'No error lines with this signature. Choose “Show all errors”.'
          : 'No error logs for these services and levels in this time range. Widen the time range or choose more levels.'}
      </Text>
    ) : null;
  }
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement || e.metaKey || e.ctrlKey || e.altKey) {
      return;
    }
    if (e.key === 'j' || e.key === 'ArrowDown') {
      e.preventDefault();
      onSelect(selected + 1);
    } else if (e.key === 'k' || e.key === 'ArrowUp') {
      e.preventDefault();
      onSelect(selected - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      onOpen();
    }
  };
  return (
    <section data-testid={testIds.errors.logList}>
      <Text element="h3">{`Error logs (${rows.length}${rows.length > MAX_SHOWN ? `, newest ${MAX_SHOWN} shown` : ''})`}</Text>
      <Text color="secondary" variant="bodySmall">
        j / k to move, Enter to investigate
      </Text>
      <ul className={styles.list} tabIndex={0} onKeyDown={onKeyDown} aria-label="Error logs" role="listbox">
        {rows.slice(0, MAX_SHOWN).map((row, i) => {
          const url = linkOf(row);
          return (
            <li
              key={row.id ?? `${row.timeMs}-${i}`}
              ref={i === selected ? selectedRef : undefined}
              className={cx(styles.row, i === selected && styles.selected)}
              role="option"
              aria-selected={i === selected}
              data-testid={testIds.errors.logRow}
              onClick={() => onSelect(i)}
            >
              <span className={styles.time}>
                {Number.isFinite(row.timeMs) ? new Date(row.timeMs).toISOString().replace('T', ' ').slice(0, 23) : '–'}
              </span>
              <Badge text={row.service ?? 'unknown service'} color="blue" />
              <Badge
                text={row.level ?? 'no level'}
                color={row.level === 'error' || row.level === 'fatal' || row.level === 'critical' ? 'red' : 'orange'}
              />
              <span className={styles.message}>{messageOf(row.line)}</span>
              {row.traceId ? (
                <LinkButton size="sm" href={url} icon="link" data-testid={testIds.errors.traceLink}>
                  Investigate trace
                </LinkButton>
              ) : url ? (
                <LinkButton
                  size="sm"
                  variant="secondary"
                  href={url}
                  data-testid={testIds.errors.serviceLink}
                  tooltip="No trace id in this line"
                >
                  {`No trace id: ${row.service} at this moment`}
                </LinkButton>
              ) : (
                <Text color="secondary" variant="bodySmall">
                  No trace id
                </Text>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  row: css({
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    padding: theme.spacing(0.5, 1),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    cursor: 'pointer',
  }),
  selected: css({ background: theme.colors.action.selected }),
  time: css({ fontFamily: theme.typography.fontFamilyMonospace, whiteSpace: 'nowrap' }),
  message: css({ flex: 1, fontFamily: theme.typography.fontFamilyMonospace, wordBreak: 'break-word' }),
});
