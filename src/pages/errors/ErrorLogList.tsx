import React, { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { Badge, Button, LinkButton, Text, useStyles2 } from '@grafana/ui';
import { messageOf } from '../../correlation/errorSignature';
import type { LogRow } from '../../correlation/logRows';
import { shortServiceName, shorten } from '../../shared/displayText';
import { LongText } from '../../shared/LongText';
import { timeText } from '../../shared/time';
import { testIds } from '../../testIds';

interface Props {
  rows: LogRow[];
  selected: number;
  filtered: boolean;
  empty: boolean;
  onSelect: (index: number) => void;
  onOpen: () => void;
  linkOf: (row: LogRow) => string | undefined;
  /** The row's message, computed when the data arrived; read from the line when not given. */
  messageOf?: (row: LogRow) => string;
  /** The page's time zone (its time picker's); Grafana's user zone when not given. */
  timeZone?: TimeZone;
}

const MAX_SHOWN = 500;
/**
 * Rows drawn at first, and added by each "Show more" (or by `j` past the last one): drawing all 500
 * rows (badges, buttons, links) at once took over a second on the main thread; a page of them fits
 * the budget (issue 20). Rows vary in height (a line may be shown whole), so pages, not a virtual window.
 */
export const ROWS_PER_PAGE = 50;
const messageOfRow = (row: LogRow) => messageOf(row.line);

/**
 * The selected index, read by each row for itself: when j / k move the selection, only the row
 * losing it and the row gaining it render again, whatever the number of rows on the page.
 */
function selectionStore(initial: number) {
  let value = initial;
  // Scrolled to only once the user moved it: on arrival the first row is selected, and scrolling to
  // it would move the page and force a layout of the whole list in the same task.
  let moved = false;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    moved: () => moved,
    set(next: number) {
      if (next !== value) {
        value = next;
        moved = true;
        listeners.forEach((l) => l());
      }
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
type SelectionStore = ReturnType<typeof selectionStore>;

interface RowProps {
  row: LogRow;
  index: number;
  selection: SelectionStore;
  onSelect: (index: number) => void;
  linkOf: (row: LogRow) => string | undefined;
  messageOf: (row: LogRow) => string;
  timeZone?: TimeZone;
}

/**
 * One line of the list. Memoised, and reading its selection from the store: moving the selection
 * re-renders the two rows it changes, so a keypress costs the same on a page of 500 long lines as
 * on a page of 5.
 */
const ErrorLogRow = memo(function ErrorLogRow({
  row,
  index,
  selection,
  onSelect,
  linkOf,
  messageOf,
  timeZone,
}: RowProps) {
  const styles = useStyles2(getStyles);
  const selected = useSyncExternalStore(selection.subscribe, () => selection.get() === index);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (selected && selection.moved()) {
      ref.current?.scrollIntoView?.({ block: 'nearest' });
    }
  }, [selected, selection]);
  const url = linkOf(row);
  return (
    <li
      ref={ref}
      className={cx(styles.row, selected && styles.selected)}
      role="option"
      aria-selected={selected}
      data-testid={testIds.errors.logRow}
      onClick={() => onSelect(index)}
    >
      <span className={styles.time}>{timeText(row.timeMs, timeZone)}</span>
      <Badge text={shortServiceName(row.service ?? 'unknown service')} color="blue" />
      <Badge
        text={shorten(row.level ?? 'no level', 20)}
        color={row.level === 'error' || row.level === 'fatal' || row.level === 'critical' ? 'red' : 'orange'}
      />
      <LongText className={styles.message} short={messageOf(row)} full={row.line} />
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
          {`No trace id: ${shortServiceName(row.service ?? '')} at this moment`}
        </LinkButton>
      ) : (
        <Text color="secondary" variant="bodySmall">
          No trace id
        </Text>
      )}
    </li>
  );
});

/**
 * The newest error lines. Keyboard: `j` / `k` move the selection, `Enter` opens the selected line's
 * investigation. Every line says whether a trace id was found in it.
 */
export function ErrorLogList({
  rows,
  selected,
  filtered,
  empty,
  onSelect,
  onOpen,
  linkOf,
  messageOf = messageOfRow,
  timeZone,
}: Props) {
  const styles = useStyles2(getStyles);
  const [selection] = useState(() => selectionStore(selected));
  // After the render that changed `selected`, tell the two rows concerned (the list does not re-render them).
  useLayoutEffect(() => selection.set(selected), [selection, selected]);
  // Pages drawn for these rows; new rows (new data, another signature) start again at one page.
  const [paged, setPaged] = useState({ rows, pages: 1 });
  // `j` past the last drawn row draws the page it lands on, and it stays drawn when `k` goes back.
  const pages = Math.max(paged.rows === rows ? paged.pages : 1, Math.floor(selected / ROWS_PER_PAGE) + 1);
  if (paged.rows !== rows || paged.pages !== pages) {
    setPaged({ rows, pages });
  }
  const limit = Math.min(rows.length, MAX_SHOWN, pages * ROWS_PER_PAGE);
  const items = useMemo(
    () =>
      rows
        .slice(0, limit)
        .map((row, i) => (
          <ErrorLogRow
            key={row.id ?? `${row.timeMs}-${i}`}
            row={row}
            index={i}
            selection={selection}
            onSelect={onSelect}
            linkOf={linkOf}
            messageOf={messageOf}
            timeZone={timeZone}
          />
        )),
    [rows, limit, selection, onSelect, linkOf, messageOf, timeZone]
  );
  // Kept across j / k (which re-render the list, not its rows or this button).
  const more = useMemo(
    () =>
      limit < Math.min(rows.length, MAX_SHOWN) && (
        <Button
          size="sm"
          variant="secondary"
          fill="text"
          data-testid={testIds.errors.showMore}
          onClick={() => setPaged({ rows, pages: Math.ceil(limit / ROWS_PER_PAGE) + 1 })}
        >
          {`Show ${Math.min(ROWS_PER_PAGE, Math.min(rows.length, MAX_SHOWN) - limit)} more`}
        </Button>
      ),
    [rows, limit]
  );
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
      <Text element="h3">{`Error logs (${rows.length}${rows.length > limit ? `, newest ${limit} shown` : ''})`}</Text>
      <Text color="secondary" variant="bodySmall">
        j / k to move, Enter to investigate
      </Text>
      <ul className={styles.list} tabIndex={0} onKeyDown={onKeyDown} aria-label="Error logs" role="listbox">
        {items}
      </ul>
      {more}
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
  // Wrapping: on a narrow screen the message takes a line of its own instead of shrinking to a
  // letter's width, and the button follows it (issue 22).
  row: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    alignItems: 'center',
    padding: theme.spacing(0.5, 1),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    cursor: 'pointer',
  }),
  selected: css({ background: theme.colors.action.selected }),
  time: css({ fontFamily: theme.typography.fontFamilyMonospace, whiteSpace: 'nowrap' }),
  message: css({
    flex: '1 1 20em',
    minWidth: 0,
    fontFamily: theme.typography.fontFamilyMonospace,
    overflowWrap: 'anywhere',
  }),
});
