import React, { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { css } from '@emotion/css';
import { getTimeZone, locationUtil, urlUtil, type GrafanaTheme2 } from '@grafana/data';
import { locationService, PluginPage } from '@grafana/runtime';
import { Alert, useStyles2 } from '@grafana/ui';
import { healthUrl } from '../../app/urls';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import type { CheckId } from '../../correlation/health/types';
import type { CorrelateSettings } from '../../settings/types';
import { testIds } from '../../testIds';
import { HealthControls } from './HealthControls';
import { HealthReportView } from './HealthReportView';
import {
  DS_URL_KEYS,
  healthDataSources,
  initialUrlUpdate,
  rangeUrlValues,
  readHealthUrl,
  timeRangeOf,
} from './healthUrlState';
import { useHealthRun } from './useHealthReport';

export const HEALTH_TITLE = 'Health';
export const HEALTH_SUBTITLE =
  'Which link between your logs, traces and metrics works, and how to fix the one that does not.';
const HEALTH_PATH = `${PLUGIN_BASE_URL}/${ROUTES.Health}`;

/**
 * Changes the page's URL. A pick is a new step of the browser's history, as on the Scenes pages
 * (createBrowserHistorySteps), and carries no note of what the opening link got wrong; a replaced
 * entry keeps its note.
 */
function setUrl(update: Record<string, string | null>, replace = false) {
  const current = locationService.getLocation();
  const params = new URLSearchParams(current.search);
  for (const [key, value] of Object.entries(update)) {
    if (value === null) {
      params.delete(key);
    } else {
      params.set(key, value);
    }
  }
  const next = { pathname: current.pathname, search: `?${params}` };
  if (replace) {
    locationService.replace({ ...next, state: current.state });
  } else {
    locationService.push(next);
  }
}

/**
 * The Health page: which link between logs, traces and metrics works, and how to fix the one that
 * does not. Plain React, no Scenes (issue 26): Grafana's page chrome, the data source and time
 * pickers, and the report. All its state is in the URL, so a link opens the same view and the
 * browser's back button walks back through the windows and data sources picked.
 */
export function HealthPage({ settings }: { settings: CorrelateSettings }) {
  const styles = useStyles2(getStyles);
  const location = useLocation();
  const search = useMemo(() => new URLSearchParams(location.search), [location.search]);
  const view = useMemo(() => readHealthUrl(search, settings), [search, settings]);
  const timeZone = view.timeZone ?? getTimeZone();
  const [refreshes, setRefreshes] = useState(0);
  const range = useMemo(
    () => timeRangeOf(view, timeZone),
    // Refresh moves a relative window to now.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view.from, view.to, timeZone, refreshes]
  );
  // What a link got wrong stays named once the page has written the repaired values into the URL: the
  // replaced history entry carries it (and shows it again if the user comes back to that entry).
  const carried = (location.state as { correlateLinkProblems?: unknown } | null)?.correlateLinkProblems;
  const problems =
    view.problems.length > 0
      ? view.problems
      : Array.isArray(carried)
        ? carried.filter((t): t is string => typeof t === 'string').slice(0, 4)
        : [];

  // The address bar names the window and data sources shown, as the Scenes pages' (updateUrlOnInit).
  useEffect(() => {
    const update = initialUrlUpdate(search, view);
    if (Object.keys(update).length > 0) {
      const params = new URLSearchParams(search);
      Object.entries(update).forEach(([key, value]) => params.set(key, value));
      const state = view.problems.length > 0 ? { correlateLinkProblems: view.problems } : undefined;
      locationService.replace({ pathname: location.pathname, search: `?${params}`, state });
    }
  }, [search, view, location.pathname]);

  const { report, error } = useHealthRun(
    settings,
    JSON.stringify([view.from, view.to, timeZone, view.uids, refreshes]),
    () => {
      const now = timeRangeOf(view, timeZone);
      return {
        dataSources: healthDataSources(view),
        window: { fromMs: now.from.valueOf(), toMs: now.to.valueOf() },
      };
    }
  );

  const detailUrl = (check: CheckId) =>
    healthUrl({
      range: { from: view.from, to: view.to },
      check,
      dataSources: { loki: view.uids.loki, tempo: view.uids.tempo, metrics: view.uids.metrics },
    });
  // As SceneAppPageView names a page: its title, and its URL with the current parameters.
  const pageNav = {
    text: HEALTH_TITLE,
    url: urlUtil.renderUrl(locationUtil.assureBaseUrl(HEALTH_PATH), locationService.getSearchObject()),
  };

  return (
    <PluginPage pageNav={pageNav} subTitle={HEALTH_SUBTITLE}>
      <div className={styles.page}>
        <HealthControls
          uids={view.uids}
          range={range}
          timeZone={timeZone}
          onDataSource={(kind, uid) => setUrl({ [DS_URL_KEYS[kind]]: uid })}
          onRange={(next) => setUrl(rangeUrlValues(next))}
          onTimeZone={(tz) => setUrl({ timezone: tz })}
          onRefresh={() => setRefreshes((n) => n + 1)}
        />
        {problems.map((text) => (
          <Alert key={text} severity="warning" title="Part of this link was ignored" data-testid={testIds.page.message}>
            <p>{text}</p>
          </Alert>
        ))}
        <HealthReportView
          report={report}
          error={error}
          selected={view.check}
          detailUrl={detailUrl}
          // Opening a detail replaces the address, as the Scenes page did: back leaves the page, not the detail.
          onSelect={(check) => setUrl({ check: check ?? null }, true)}
        />
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
