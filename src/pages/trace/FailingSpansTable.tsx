import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import type { TraceSpan } from '../../correlation/traceSummary';
import { shortServiceName, shorten } from '../../shared/displayText';
import { DASH, msText } from '../../shared/figures';
import { stackedTable } from '../../shared/phoneLayout';
import { getTableStyles } from '../../shared/tableStyles';
import { testIds } from '../../testIds';

/** A trace may hold thousands of failing spans: the first ones are listed. */
export const MAX_ERROR_SPANS_LISTED = 50;
const CELL_CHARS = 300;

/** A cell with nothing to say shows a dash, so an empty column does not read as a layout fault. */
const orDash = (text: string) => text || <Text color="secondary">{DASH}</Text>;

/** The trace's failing spans, in order of start, as a headed table (the same look as every table of Correlate). */
export function FailingSpansTable({ spans }: { spans: TraceSpan[] }) {
  const table = useStyles2(getTableStyles);
  const styles = useStyles2(getStyles);
  // Cards on a phone: see stackedTable.
  const phone = useStyles2(stackedTable);
  return (
    <table className={cx(table.table, phone)} data-testid={testIds.trace.errorSpans}>
      <thead>
        <tr>
          <th>Service</th>
          <th>Span</th>
          <th className={table.figure}>Duration</th>
          <th>Status message</th>
          <th>Exception</th>
        </tr>
      </thead>
      <tbody>
        {spans.slice(0, MAX_ERROR_SPANS_LISTED).map((s, i) => (
          <tr key={`${s.spanId}-${i}`}>
            <td className={styles.name} title={s.service}>
              {shortServiceName(s.service)}
            </td>
            <td className={styles.text} data-label="Span">
              {shorten(s.name, 200)}
            </td>
            <td className={table.figure} data-label="Duration">
              {msText(s.durationMs)}
            </td>
            <td className={styles.text} data-label="Status message">
              {orDash(shorten(s.statusMessage ?? '', CELL_CHARS))}
            </td>
            <td className={styles.text} data-label="Exception">
              {orDash(s.exceptionType ? shorten(`${s.exceptionType}: ${s.exceptionMessage ?? ''}`, CELL_CHARS) : '')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  name: css({ whiteSpace: 'nowrap', fontWeight: theme.typography.fontWeightMedium }),
  // Messages and span names are data: they wrap by words, and a long unbroken token breaks rather than overflow.
  text: css({ overflowWrap: 'anywhere' }),
});
