import React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { locationService } from '@grafana/runtime';
import { CHECK_IDS } from '../../../correlation/health/checks';
import { devStack, installStack, otlpLine, SETTINGS } from '../../../correlation/health/__tests__/scenarios';
import { HostRouter } from '../../../test/mocks/hostRouter';
import { testIds } from '../../../testIds';
import { HealthPage } from '../HealthPage';

const HEALTH = '/a/correlate-investigation-app/health';

// The time picker's overlay links to Grafana's time settings through @braintree/sanitize-url, which calls
// URL.canParse: browsers have it, this jsdom does not.
if (typeof URL.canParse !== 'function') {
  URL.canParse = (url: string | URL, base?: string | URL) => {
    try {
      new URL(url, base);
      return true;
    } catch {
      return false;
    }
  };
}

/** Opens the page as Grafana does: the app's route under Grafana's router, on the location service. */
const open = (query = '') => {
  locationService.push(`${HEALTH}${query}`);
  return render(
    <HostRouter>
      <HealthPage settings={SETTINGS} />
    </HostRouter>
  );
};
const search = () => new URLSearchParams(locationService.getLocation().search);
const rows = () => screen.getAllByTestId(testIds.health.check);
const row = (id: string) => rows().find((r) => r.getAttribute('data-check-id') === id)!;
const complete = () =>
  waitFor(() => expect(screen.getByTestId(testIds.health.report)).toHaveAttribute('data-complete', 'true'), {
    timeout: 5000,
  });
// Two Loki query requests per run: the counts with the sample, and the per-service counts.
// One run of the checks sends one Loki request holding the error-line count (wave 1).
const lokiRunRequests = <R extends { type: string; targets?: Array<{ refId?: string }> }>(runtime: { requests: R[] }) =>
  runtime.requests.filter((r) => r.type === 'loki' && r.targets?.some((t) => t.refId === 'errorLines'));
const lokiRuns = (runtime: { requests: Array<{ type: string; targets?: Array<{ refId?: string }> }> }) =>
  lokiRunRequests(runtime).length;

describe('Health page', () => {
  it('lists every check with its state, figure and a link to its detail, and writes its view into the URL', async () => {
    installStack(devStack(Date.now()));
    open();
    await complete();
    expect(rows().map((r) => [r.getAttribute('data-check-id'), r.getAttribute('data-state')])).toEqual(
      CHECK_IDS.map((id) => [id, 'ok'])
    );
    expect(screen.getByTestId(testIds.health.summary)).toHaveTextContent('10 ok');
    expect(screen.getByTestId(testIds.health.requests)).toHaveTextContent('49 requests in 2 waves');
    // The address names the window and data sources shown, in place of the bare address.
    expect(Object.fromEntries(search())).toEqual({
      from: 'now-1h',
      to: 'now',
      'var-loki': 'correlate-loki',
      'var-tempo': 'correlate-tempo',
      'var-metrics': 'correlate-mimir',
    });
    const traceIds = row('trace-ids');
    expect(within(traceIds).getByTestId(testIds.health.figure)).toHaveTextContent(
      '80 of 80 sampled error lines carry a trace id (100%) in 4 services'
    );
    const link = within(traceIds).getByTestId(testIds.health.detailLink);
    const href = new URL(link.getAttribute('href')!, 'http://grafana');
    expect(href.pathname).toBe(HEALTH);
    expect(href.searchParams.get('check')).toBe('trace-ids');
    expect(href.searchParams.get('var-loki')).toBe('correlate-loki');
    expect(href.searchParams.get('from')).toBe('now-1h');
    const steps = locationService.getHistory().length;
    fireEvent.click(link);
    // The detail opens in place; the address says so without a new history step.
    expect(search().get('check')).toBe('trace-ids');
    expect(locationService.getHistory().length).toBe(steps);
    const detail = within(row('trace-ids')).getByTestId(testIds.health.detail);
    expect(
      within(detail)
        .getAllByTestId(testIds.health.detailRow)
        .map((r) => r.textContent)
    ).toEqual([
      'gateway20 of 20 (100%)by structured metadata or labels 100%',
      'inventory20 of 20 (100%)by structured metadata or labels 100%',
      'orders20 of 20 (100%)by structured metadata or labels 100%',
      'payments20 of 20 (100%)by structured metadata or labels 100%',
    ]);
    // Every column headed, the group's title over its names (a caption was drawn under the table).
    expect(
      within(detail)
        .getAllByRole('columnheader')
        .map((h) => h.textContent)
    ).toEqual(['Services, worst first', 'Measured', 'Note']);
    fireEvent.click(within(row('trace-ids')).getByTestId(testIds.health.detailLink));
    expect(search().has('check')).toBe(false);
    expect(within(row('trace-ids')).queryByTestId(testIds.health.detail)).toBeNull();
  });

  it('shows a broken check’s cause, fix and links, and opens its detail from the URL', async () => {
    installStack(
      (() => {
        const now = Date.now();
        const s = devStack(now);
        s.loki.lines = s.loki.lines.filter((l) => l.labels?.service_name !== 'payments');
        for (let i = 0; i < 10; i++) {
          s.loki.lines.push(otlpLine('payments', now - 100_000 - i * 1000, undefined));
        }
        return s;
      })()
    );
    open('?from=now-1h&to=now&check=trace-ids');
    await complete();
    const traceIds = row('trace-ids');
    expect(traceIds).toHaveAttribute('data-state', 'broken');
    expect(within(traceIds).getByTestId(testIds.health.state)).toHaveTextContent('Broken');
    expect(within(traceIds).getByTestId(testIds.health.cause)).toHaveTextContent(
      'payments at 0% while other services are not'
    );
    expect(within(traceIds).getByTestId(testIds.health.fix)).toHaveTextContent(
      'Fix: In that service, log while the request’s span is active'
    );
    expect(within(traceIds).getByText('How to fix this')).toHaveAttribute(
      'href',
      '/plugins/correlate-investigation-app#health-trace-ids'
    );
    expect(within(traceIds).getByText('Loki settings')).toHaveAttribute(
      'href',
      '/connections/datasources/edit/correlate-loki'
    );
    // The URL's `check` opens that detail; anything else is ignored.
    expect(within(traceIds).getByTestId(testIds.health.detail)).toBeInTheDocument();
    act(() => locationService.partial({ check: '<script>' }, true));
    expect(screen.queryByTestId(testIds.health.detail)).toBeNull();
  });

  it('runs again when the window changes or on refresh, says what it ignored in a bad link, and back walks back', async () => {
    const { runtime } = installStack(devStack(Date.now()));
    open('?from=yesterday-ish&to=now');
    await complete();
    // The bad `from` is named, and stays named once the page wrote the default it used into the URL.
    expect(search().get('from')).toBe('now-1h');
    expect(screen.getByTestId(testIds.page.message)).toHaveTextContent('yesterday-ish');
    expect(screen.getByTestId(testIds.page.message)).toHaveTextContent('Part of this link was ignored');
    expect(lokiRuns(runtime)).toBe(1);
    const first = runtime.requests.find((r) => r.type === 'loki')!;
    // (`now-…` and `now` are read a few ms apart, as in Grafana.)
    expect(Math.abs(first.toMs - first.fromMs - 3_600_000)).toBeLessThan(1000);

    // What the time picker does: a quick range, a new step of the browser's history.
    fireEvent.click(screen.getByRole('button', { name: /Time range selected/ }));
    fireEvent.click(await screen.findByText('Last 15 minutes'));
    expect(search().get('from')).toBe('now-15m');
    await complete();
    expect(lokiRuns(runtime)).toBe(2);
    const second = lokiRunRequests(runtime)[1];
    // (`now-…` and `now` are read a few ms apart, as in Grafana.)
    expect(Math.abs(second.toMs - second.fromMs - 15 * 60_000)).toBeLessThan(1000);
    expect(screen.queryByTestId(testIds.page.message)).toBeNull();

    // The refresh button runs the checks again, for the window moved to now.
    fireEvent.click(screen.getByTestId('data-testid RefreshPicker run button'));
    await complete();
    expect(lokiRuns(runtime)).toBe(3);

    // Zoom out: twice the window around its middle, as absolute times.
    fireEvent.click(screen.getByRole('button', { name: 'Zoom out time range' }));
    await complete();
    expect(lokiRuns(runtime)).toBe(4);
    const zoomed = lokiRunRequests(runtime)[3];
    // (`now-15m` and `now` are read a few ms apart, as in Grafana.)
    expect(Math.abs(zoomed.toMs - zoomed.fromMs - 30 * 60_000)).toBeLessThan(1000);
    expect(search().get('from')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    // Back twice: the window before the quick range, checked again.
    act(() => locationService.getHistory().goBack());
    await waitFor(() => expect(search().get('from')).toBe('now-15m'));
    await complete();
    expect(lokiRuns(runtime)).toBe(5);
    act(() => locationService.getHistory().goBack());
    await waitFor(() => expect(search().get('from')).toBe('now-1h'));
    await complete();
    expect(lokiRuns(runtime)).toBe(6);
    const last = lokiRunRequests(runtime)[5];
    // (`now-…` and `now` are read a few ms apart, as in Grafana.)
    expect(Math.abs(last.toMs - last.fromMs - 3_600_000)).toBeLessThan(1000);
    // The link as opened, with what it got wrong named again.
    expect(screen.getByTestId(testIds.page.message)).toHaveTextContent('yesterday-ish');
  }, 30_000);

  it('a data source in the link that does not exist: its checks say so; picking one runs again, back restores the link', async () => {
    const { runtime } = installStack(devStack(Date.now()));
    open('?from=now-1h&to=now&var-loki=gone-uid');
    await complete();
    expect(search().get('var-loki')).toBe('gone-uid');
    // Grafana's picker names what it cannot find.
    expect(screen.getByText('gone-uid - not found')).toBeInTheDocument();
    expect(row('loki')).toHaveAttribute('data-state', 'unknown');
    expect(within(row('loki')).getByTestId(testIds.health.cause)).toHaveTextContent('gone-uid');
    expect(row('red-metrics')).toHaveAttribute('data-state', 'ok');
    expect(runtime.requests.filter((r) => r.type === 'loki')).toHaveLength(0);

    // Picking Loki in the page's Loki picker (only Loki data sources offered).
    const picker = screen.getByLabelText('Loki');
    fireEvent.keyDown(picker, { key: 'ArrowDown' });
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Loki']);
    fireEvent.click(options[0]);
    expect(search().get('var-loki')).toBe('correlate-loki');
    await complete();
    expect(row('loki')).toHaveAttribute('data-state', 'ok');
    expect(lokiRuns(runtime)).toBe(1);

    act(() => locationService.getHistory().goBack());
    await waitFor(() => expect(search().get('var-loki')).toBe('gone-uid'));
    await complete();
    expect(row('loki')).toHaveAttribute('data-state', 'unknown');
  }, 20_000);

  it('no data source of a kind: its checks say to pick one; one data source down marks only its checks', async () => {
    installStack(
      (() => {
        const s = devStack(Date.now());
        s.metrics.down = { status: 502, message: 'Bad Gateway' };
        return s;
      })()
    );
    open('?from=now-1h&to=now&var-tempo=');
    await complete();
    expect(within(row('tempo-traces')).getByTestId(testIds.health.cause)).toHaveTextContent(
      'No Tempo data source: pick one above or in Correlate’s configuration.'
    );
    const red = row('red-metrics');
    expect(red).toHaveAttribute('data-state', 'unknown');
    expect(within(red).getByTestId(testIds.health.state)).toHaveTextContent('Could not check');
    expect(within(red).getByTestId(testIds.health.cause)).toHaveTextContent('Bad Gateway');
    expect(row('loki')).toHaveAttribute('data-state', 'ok');
  });
});
