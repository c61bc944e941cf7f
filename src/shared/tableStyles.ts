import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/**
 * The look of Correlate's plain HTML tables, close to Grafana's Table panel: headed columns in the
 * secondary text colour over a rule, rows divided by the weak border, figures right-aligned so their
 * digits line up. Plain tables, not `@grafana/ui`'s Table: that one needs a fixed height and pulls a grid
 * library into the pages' chunks.
 */
export const getTableStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': { padding: theme.spacing(0.75, 1), textAlign: 'left', verticalAlign: 'top' },
    th: {
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
      borderBottom: `1px solid ${theme.colors.border.medium}`,
      whiteSpace: 'nowrap',
    },
    'tbody tr': { borderBottom: `1px solid ${theme.colors.border.weak}` },
  }),
  /** A column of figures. */
  figure: css({ '&&': { textAlign: 'right' }, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }),
});
