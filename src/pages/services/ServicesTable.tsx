import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2 } from '@grafana/data';
import { sceneGraph, type SceneComponentProps } from '@grafana/scenes';
import {
  Alert,
  Button,
  Input,
  LoadingPlaceholder,
  Sparkline,
  Stack,
  Text,
  TextLink,
  useStyles2,
  useTheme2,
} from '@grafana/ui';
import { serviceUrl } from '../../app/urls';
import { count } from '../../correlation/health/format';
import { OVERVIEW_MAX, OVERVIEW_PAGE } from '../../queries/promql';
import { RED_PROFILES } from '../../queries/redProfiles';
import { shortServiceName } from '../../shared/displayText';
import { errorRateColor, percentText, rateText, secondsText } from '../../shared/figures';
import { sparklineOf } from '../../shared/sparkline';
import { testIds } from '../../testIds';
import type { ServicesOverview } from './ServicesOverview';
import { ROW_HEIGHT, VIEWPORT_ROWS, rowWindow } from './virtualRows';

/** How long typing must pause before the search runs at the server. */
export const SEARCH_DEBOUNCE_MS = 300;
const HEADER_HEIGHT = 36;

function Summary({ model }: SceneComponentProps<ServicesOverview>) {
  const { rows, matching, total, search, limit } = model.useState();
  const shown = count(rows.length);
  const text = search
    ? `${count(matching ?? 0)} of ${total === undefined ? 'all' : count(total)} services match “${search}”; ${shown} shown, most failing first.`
    : `${shown} of ${count(total ?? rows.length)} services shown, most failing first (failed requests per second, then busiest).`;
  const more = (matching ?? 0) - rows.length;
  return (
    <Stack direction="row" alignItems="center" gap={2} wrap="wrap">
      <span data-testid={testIds.services.summary}>
        <Text color="secondary">{text}</Text>
      </span>
      {more > 0 && limit < OVERVIEW_MAX && (
        <Button size="sm" variant="secondary" onClick={() => model.showMore()} data-testid={testIds.services.showMore}>
          {`Show ${count(Math.min(more, OVERVIEW_PAGE))} more`}
        </Button>
      )}
      {more > 0 && limit >= OVERVIEW_MAX && (
        <Text color="secondary">{`Only the first ${count(OVERVIEW_MAX)} are listed: search to find the others.`}</Text>
      )}
    </Stack>
  );
}

function SearchBox({ model }: SceneComponentProps<ServicesOverview>) {
  const { searchError } = model.useState();
  const [text, setText] = useState(model.state.search);
  useEffect(() => {
    const timer = setTimeout(() => model.setSearch(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [model, text]);
  return (
    <div>
      <Input
        width={40}
        value={text}
        placeholder="Search all services"
        aria-label="Search all services"
        data-testid={testIds.services.search}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      {searchError && (
        <Alert severity="warning" title="Search not run" data-testid={testIds.services.searchError}>
          {searchError}
        </Alert>
      )}
    </div>
  );
}

/** The rows, virtualised: only those in the viewport (and a few either side) are in the page. */
function Rows({ model }: SceneComponentProps<ServicesOverview>) {
  const { rows, figures, figuresError } = model.useState();
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const range = sceneGraph.getTimeRange(model).useState().value;
  const [scrollTop, setScrollTop] = useState(0);
  const win = rowWindow(scrollTop, rows.length);
  const slice = rows.slice(win.first, win.end);
  // The services on screen as one text, so the effect runs only when they change.
  const key = slice.map((r) => r.service).join('\n');
  useEffect(() => model.setVisible(key ? key.split('\n') : []), [model, key]);
  const height = HEADER_HEIGHT + Math.min(rows.length, VIEWPORT_ROWS) * ROW_HEIGHT + 2;
  return (
    <>
      {figuresError && (
        <Alert severity="warning" title="p95 and sparklines could not load" data-testid={testIds.services.figuresError}>
          {`${figuresError}. The list above is still right; check the metrics data source.`}
        </Alert>
      )}
      <div
        className={styles.viewport}
        style={{ height }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        data-testid={testIds.services.viewport}
      >
        <table className={styles.table} data-testid={testIds.services.table} aria-rowcount={rows.length + 1}>
          <thead>
            <tr>
              <th>Service</th>
              <th>Requests</th>
              <th>Error rate</th>
              <th>p95 latency</th>
              <th>Errors over time</th>
            </tr>
          </thead>
          <tbody>
            {win.topPx > 0 && <tr aria-hidden style={{ height: win.topPx }} />}
            {slice.map((row) => {
              const f = figures[row.service];
              return (
                <tr key={row.service} data-testid={testIds.services.row} style={{ height: ROW_HEIGHT }}>
                  {/* Names are data: a long one is shortened, whole in the tooltip (review F8). */}
                  <td className={styles.name} title={row.service}>
                    <TextLink
                      href={serviceUrl(row.service, { range: { from: range.from.valueOf(), to: range.to.valueOf() } })}
                      inline={false}
                    >
                      {shortServiceName(row.service)}
                    </TextLink>
                  </td>
                  <td>{rateText(row.rate)}</td>
                  <td style={{ color: errorRateColor(theme, row.errorFraction) }}>{percentText(row.errorFraction)}</td>
                  <td>{secondsText(f?.p95)}</td>
                  <td>
                    {f?.errorSeries && f.errorSeries.values.length > 1 && (
                      <Sparkline
                        width={160}
                        height={24}
                        theme={theme}
                        sparkline={sparklineOf(f.errorSeries.times, f.errorSeries.values, { min: 0 })}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
            {win.bottomPx > 0 && <tr aria-hidden style={{ height: win.bottomPx }} />}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ServicesTable({ model }: SceneComponentProps<ServicesOverview>) {
  const { detection, rows, status, error, search } = model.useState();
  if (
    !detection ||
    (detection.profile && status !== LoadingState.Done && status !== LoadingState.Error && rows.length === 0 && !search)
  ) {
    return <LoadingPlaceholder text="Loading services…" />;
  }
  if (!detection.profile) {
    return (
      <Alert severity="warning" title="No RED metrics found" data-testid={testIds.red.message}>
        {detection.error ?? `None of these metrics exist in the metrics data source: ${detection.tried.join(', ')}.`}{' '}
        Switch on Tempo&apos;s metrics-generator span metrics, or pick another RED source in Correlate&apos;s
        configuration.
      </Alert>
    );
  }
  let body: React.ReactNode;
  if (error) {
    body = (
      <Alert severity="error" title="The metrics data source could not answer" data-testid={testIds.services.error}>
        {`${error}. Check the metrics data source.`}
      </Alert>
    );
  } else if (rows.length === 0 && search) {
    body = (
      <Alert severity="info" title="No service matches" data-testid={testIds.services.empty}>
        {`No service name contains “${search}” in this time range. Check the spelling, or clear the search.`}
      </Alert>
    );
  } else if (rows.length === 0) {
    body = (
      <Alert severity="info" title="No services" data-testid={testIds.services.empty}>
        {`${RED_PROFILES[detection.profile].callsMetric} has no server series in this time range. Widen the time range.`}
      </Alert>
    );
  } else {
    body = (
      <>
        <Summary model={model} />
        <Rows model={model} />
      </>
    );
  }
  return (
    <Stack direction="column" gap={1}>
      <SearchBox model={model} />
      {body}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  viewport: css({ overflowY: 'auto', maxWidth: '100%', overflowX: 'auto' }),
  table: css({
    width: '100%',
    tableLayout: 'fixed',
    minWidth: 560,
    'th, td': { padding: theme.spacing(0, 1), textAlign: 'left', whiteSpace: 'nowrap' },
    th: {
      position: 'sticky',
      top: 0,
      height: HEADER_HEIGHT,
      background: theme.colors.background.primary,
      zIndex: 1,
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
      boxShadow: `inset 0 -1px ${theme.colors.border.medium}`,
    },
    'th:first-child': { width: '34%' },
    'th:last-child': { width: 176 },
  }),
  name: css({ overflow: 'hidden', textOverflow: 'ellipsis' }),
});
