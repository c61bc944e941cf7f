import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/**
 * A plain HTML table that stays readable on a phone (issue 22): from Grafana's `md` breakpoint down,
 * where six columns would squeeze a message to a few letters a line, each row becomes a card: its
 * first cell on a line of its own, then every other cell after its column's name. The name is read
 * from the cell's `data-label` (the column's header text), so every cell but the first needs one.
 */
export const stackedTable = (theme: GrafanaTheme2) =>
  css({
    width: '100%',
    'th, td': { padding: theme.spacing(0.5, 1), textAlign: 'left' },
    [theme.breakpoints.down('md')]: {
      thead: { display: 'none' },
      'tbody, td': { display: 'block' },
      tr: {
        display: 'flex',
        flexWrap: 'wrap',
        columnGap: theme.spacing(2),
        padding: theme.spacing(0.5, 0),
        borderBottom: `1px solid ${theme.colors.border.weak}`,
      },
      td: { padding: theme.spacing(0.25, 1), overflowWrap: 'anywhere' },
      'td:first-child': { flexBasis: '100%' },
      'td[data-label]:not(:first-child)::before': {
        content: 'attr(data-label) ": "',
        color: theme.colors.text.secondary,
      },
    },
  });

/**
 * For a control given a width in Grafana's grid units (`<Input width={100}>` is 800 px): never wider
 * than its container, so a phone does not scroll sideways to reach its end.
 */
export const fitWidth = css({ maxWidth: '100%' });
