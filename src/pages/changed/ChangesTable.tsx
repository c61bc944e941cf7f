import React, { useState } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, TextLink, useStyles2, useTheme2 } from '@grafana/ui';
import { isFlagged } from '../../correlation/changes/rank';
import { KIND_NAMES, type ChangeRow } from '../../correlation/changes/types';
import { shorten } from '../../shared/displayText';
import { stackedTable } from '../../shared/phoneLayout';
import { getTableStyles } from '../../shared/tableStyles';
import { testIds } from '../../testIds';

const TITLE_CHARS = 300;

/** Two bars, baseline then incident, on one scale: the evidence at a glance. */
function Bars({ row }: { row: ChangeRow }) {
  const theme = useTheme2();
  const max = Math.max(row.baselineValue, row.incidentValue);
  // A zero is no bar at all over the axis, not a one-pixel bar that reads as an underscore.
  const height = (v: number) => (max > 0 && Number.isFinite(v) && v > 0 ? Math.max(2, Math.round((v / max) * 20)) : 0);
  return (
    <svg width={34} height={22} role="img" aria-label={`${row.baselineText} then ${row.incidentText}`}>
      <line x1={0} x2={34} y1={21.5} y2={21.5} stroke={theme.colors.border.medium} />
      <rect
        x={2}
        y={21 - height(row.baselineValue)}
        width={12}
        height={height(row.baselineValue)}
        fill={theme.colors.text.disabled}
      />
      <rect
        x={18}
        y={21 - height(row.incidentValue)}
        width={12}
        height={height(row.incidentValue)}
        fill={isFlagged(row) ? theme.colors.error.main : theme.colors.primary.main}
      />
    </svg>
  );
}

interface Props {
  rows: ChangeRow[];
  urlOf: (row: ChangeRow) => string;
}

/** The ranked list: rows above the threshold, then, on request, the smaller differences. */
export function ChangesTable({ rows, urlOf }: Props) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
  const [showAll, setShowAll] = useState(false);
  const flagged = rows.filter(isFlagged);
  const shown = showAll ? rows : flagged;
  const hidden = rows.length - flagged.length;
  return (
    <div className={styles.list}>
      {shown.length > 0 && (
        <table className={cx(table.table, styles.table)} data-testid={testIds.changed.table}>
          <thead>
            <tr>
              <th>Kind</th>
              <th>What changed</th>
              <th>Baseline → incident</th>
              <th>Compared</th>
              <th className={table.figure}>Score</th>
              <th>Evidence</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.id} data-testid={testIds.changed.row} data-kind={row.kind} data-flagged={isFlagged(row)}>
                <td>
                  <Badge
                    text={KIND_NAMES[row.kind]}
                    color={
                      row.kind === 'version'
                        ? 'purple'
                        : row.kind === 'signature'
                          ? 'red'
                          : row.kind === 'red'
                            ? 'orange'
                            : 'blue'
                    }
                  />
                </td>
                <td className={styles.title} title={row.title} data-label="What changed">
                  {shorten(row.title, TITLE_CHARS)}
                </td>
                <td data-label="Baseline → incident">{`${row.baselineText} → ${row.incidentText}`}</td>
                <td data-label="Compared">
                  <Bars row={row} />
                </td>
                <td className={table.figure} data-label="Score">
                  {row.score.toFixed(1)}
                </td>
                <td data-label="Evidence">
                  <TextLink href={urlOf(row)} inline={false} data-testid={testIds.changed.rowLink}>
                    Show
                  </TextLink>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hidden > 0 && (
        <Button
          variant="secondary"
          size="sm"
          fill="text"
          onClick={() => setShowAll(!showAll)}
          data-testid={testIds.changed.showAll}
        >
          {showAll ? 'Show only the changes above the threshold' : `Show ${hidden} smaller differences`}
        </Button>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // The button under the table stands apart from its last row.
  list: css({ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: theme.spacing(1) }),
  // Cards on a phone: see stackedTable.
  table: cx(stackedTable(theme), css({ 'th, td': { verticalAlign: 'middle' } })),
  title: css({ wordBreak: 'break-word', maxWidth: 600 }),
});
