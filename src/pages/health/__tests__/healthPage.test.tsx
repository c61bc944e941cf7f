import React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { dateTime } from '@grafana/data';
import { sceneGraph, type SceneTimeRange } from '@grafana/scenes';
import { CHECK_IDS } from '../../../correlation/health/checks';
import { devStack, installStack, otlpLine, SETTINGS } from '../../../correlation/health/__tests__/scenarios';
import { testIds } from '../../../testIds';
import { HealthBody } from '../HealthBody';
import { healthPage } from '../healthPage';

const pageScene = (search: Record<string, unknown> = {}) =>
  healthPage(SETTINGS, () => search).state.getScene!({
    url: '/a/correlate-investigation-app/health',
    path: 'health/*',
    isExact: true,
    params: {},
  });

const show = (ui: React.ReactElement) =>
  render(<MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{ui}</MemoryRouter>);
const rows = () => screen.getAllByTestId(testIds.health.check);
const complete = () =>
  waitFor(() => expect(screen.getByTestId(testIds.health.report)).toHaveAttribute('data-complete', 'true'), {
    timeout: 5000,
  });

describe('Health page', () => {
  it('lists every check with its state, figure and a link to its detail', async () => {
    installStack(devStack(Date.now()));
    const scene = pageScene();
    show(<scene.Component model={scene} />);
    await complete();
    expect(rows().map((r) => [r.getAttribute('data-check-id'), r.getAttribute('data-state')])).toEqual(
      CHECK_IDS.map((id) => [id, 'ok'])
    );
    expect(screen.getByTestId(testIds.health.summary)).toHaveTextContent('10 ok');
    expect(screen.getByTestId(testIds.health.requests)).toHaveTextContent('48 requests in 2 waves');
    const traceIds = rows()[1];
    expect(within(traceIds).getByTestId(testIds.health.figure)).toHaveTextContent(
      '80 of 80 sampled error lines carry a trace id (100%) in 4 services'
    );
    const link = within(traceIds).getByTestId(testIds.health.detailLink);
    const href = new URL(link.getAttribute('href')!, 'http://grafana');
    expect(href.pathname).toBe('/a/correlate-investigation-app/health');
    expect(href.searchParams.get('check')).toBe('trace-ids');
    expect(href.searchParams.get('var-loki')).toBe('correlate-loki');
    expect(href.searchParams.get('from')).toBe('now-1h');
    fireEvent.click(link);
    const detail = within(traceIds).getByTestId(testIds.health.detail);
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
    const body = new HealthBody(SETTINGS);
    const scene = pageScene();
    show(<scene.Component model={scene} />);
    await complete();
    const row = rows().find((r) => r.getAttribute('data-check-id') === 'trace-ids')!;
    expect(row).toHaveAttribute('data-state', 'broken');
    expect(within(row).getByTestId(testIds.health.state)).toHaveTextContent('Broken');
    expect(within(row).getByTestId(testIds.health.cause)).toHaveTextContent(
      'payments at 0% while other services are not'
    );
    expect(within(row).getByTestId(testIds.health.fix)).toHaveTextContent(
      'Fix: In that service, log while the request’s span is active'
    );
    expect(within(row).getByText('How to fix this')).toHaveAttribute(
      'href',
      '/plugins/correlate-investigation-app#health-trace-ids'
    );
    expect(within(row).getByText('Loki settings')).toHaveAttribute(
      'href',
      '/connections/datasources/edit/correlate-loki'
    );
    // The URL's `check` opens that detail; anything else is ignored.
    const health = sceneGraph.findObject(scene, (o) => o instanceof HealthBody) as HealthBody;
    act(() => health.updateFromUrl({ check: 'trace-ids' }));
    expect(within(row).getByTestId(testIds.health.detail)).toBeInTheDocument();
    act(() => health.updateFromUrl({ check: '<script>' }));
    expect(health.state.check).toBeUndefined();
    expect(body.getUrlState()).toEqual({ check: undefined });
  });

  it('runs again when the window changes, and says what it ignored in a bad link', async () => {
    const { runtime } = installStack(devStack(Date.now()));
    const scene = pageScene({ from: 'yesterday-ish', to: 'now' });
    show(<scene.Component model={scene} />);
    await complete();
    expect(screen.getByTestId(testIds.page.message)).toHaveTextContent('yesterday-ish');
    // Two Loki query requests per run: the counts with the sample, and the per-service counts.
    const lokiRuns = () => runtime.requests.filter((r) => r.type === 'loki').length / 2;
    expect(lokiRuns()).toBe(1);
    const first = runtime.requests.find((r) => r.type === 'loki')!;
    expect(first.toMs - first.fromMs).toBe(3_600_000);
    const range = sceneGraph.getTimeRange(scene) as SceneTimeRange;
    // What the time picker does.
    const now = Date.now();
    act(() =>
      range.onTimeRangeChange({
        from: dateTime(now - 15 * 60_000),
        to: dateTime(now),
        raw: { from: 'now-15m', to: 'now' },
      })
    );
    await complete();
    expect(lokiRuns()).toBe(2);
    const second = runtime.requests.filter((r) => r.type === 'loki')[2];
    expect(second.toMs - second.fromMs).toBe(15 * 60_000);
    // The refresh button runs the checks again, for the window moved to now.
    act(() => range.onRefresh());
    await complete();
    expect(lokiRuns()).toBe(3);
  });

  it('one data source down marks only its checks, with the error on the page', async () => {
    installStack(
      (() => {
        const s = devStack(Date.now());
        s.metrics.down = { status: 502, message: 'Bad Gateway' };
        return s;
      })()
    );
    const scene = pageScene();
    show(<scene.Component model={scene} />);
    await complete();
    const red = rows().find((r) => r.getAttribute('data-check-id') === 'red-metrics')!;
    expect(red).toHaveAttribute('data-state', 'unknown');
    expect(within(red).getByTestId(testIds.health.state)).toHaveTextContent('Could not check');
    expect(within(red).getByTestId(testIds.health.cause)).toHaveTextContent('Bad Gateway');
    expect(rows().find((r) => r.getAttribute('data-check-id') === 'loki')).toHaveAttribute('data-state', 'ok');
  });
});
