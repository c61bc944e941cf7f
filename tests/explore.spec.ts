import { expect, test } from './fixtures';
import { LINK_TITLES, ROUTES } from '../src/constants';
import { followCorrelateLink, menuItem } from './support/extensionLinks';
import { ui } from './support/locators';
import { DS, readinessTimeoutMs, tracedErrorLine, waitFor, type TracedLine } from './support/readiness';

/**
 * "Investigate in Correlate" in Explore's toolbar ("Add" menu, grafana/grafana
 * public/app/features/explore/extensions/toolbar/BasicExtensions.tsx), for a Loki query naming a
 * service and for a Tempo query that is a trace id.
 */
let traced: TracedLine;

test.beforeAll(async () => {
  test.setTimeout(readinessTimeoutMs() + 30_000);
  [traced] = await waitFor(tracedErrorLine('payments'));
});

/** Explore's URL for one query over the last 30 minutes (Explore's `panes` state, schema 1). */
function explorePanes(datasource: { type: string; uid: string }, query: Record<string, unknown>) {
  const panes = {
    a: {
      datasource: datasource.uid,
      queries: [{ refId: 'A', datasource, ...query }],
      range: { from: 'now-30m', to: 'now' },
    },
  };
  return new URLSearchParams({ schemaVersion: '1', orgId: '1', panes: JSON.stringify(panes) });
}

test.describe('Explore', () => {
  test('a Loki query naming a service opens the Errors page of that service and data source', async ({
    explorePage,
    selectors,
    page,
  }) => {
    await explorePage.goto({
      queryParams: explorePanes(
        { type: 'loki', uid: DS.loki },
        { expr: '{service_name="payments"} | detected_level="error"', queryType: 'range' }
      ),
    });
    await explorePage.getByGrafanaSelector(selectors.pages.Explore.toolbar.addTo).click();
    const url = await followCorrelateLink(page, menuItem(page, LINK_TITLES.queries));
    expect(url.pathname).toBe(`/a/correlate-investigation-app/${ROUTES.Errors}`);
    expect(url.searchParams.getAll('var-services')).toEqual(['payments']);
    expect(url.searchParams.get('var-loki')).toBe(DS.loki);
    // Every line listed is one of payments'.
    await expect(ui.errors.logRow(page).first()).toBeVisible();
    for (const text of await ui.errors.logRow(page).allInnerTexts()) {
      expect(text).toContain('payments');
    }
  });

  test('a Tempo query that is a trace id opens that trace’s investigation', async ({
    explorePage,
    selectors,
    page,
  }) => {
    await explorePage.goto({
      queryParams: explorePanes({ type: 'tempo', uid: DS.tempo }, { queryType: 'traceql', query: traced.traceId }),
    });
    await explorePage.getByGrafanaSelector(selectors.pages.Explore.toolbar.addTo).click();
    const url = await followCorrelateLink(page, menuItem(page, LINK_TITLES.queries));
    expect(url.pathname).toBe(`/a/correlate-investigation-app/${ROUTES.Trace}/${traced.traceId}`);
    expect(url.searchParams.get('var-tempo')).toBe(DS.tempo);
    await expect(ui.trace.summary(page)).toContainText(traced.service);
    await expect(ui.trace.rootCause(page)).toContainText('Failed first in ');
    const spans = explorePage.getByGrafanaSelector(selectors.components.TraceViewer.spanBar, {
      root: ui.trace.view(page),
    });
    await expect(spans.first()).toBeVisible();
  });
});
