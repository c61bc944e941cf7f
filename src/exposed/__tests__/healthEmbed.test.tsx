import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { CHECK_IDS } from '../../correlation/health/checks';
import { devStack, installStack } from '../../correlation/health/__tests__/scenarios';
import type { HealthReport } from '../../correlation/health/types';
import { HealthSummary } from '../../configPage/HealthSummary';
import { testIds } from '../../testIds';
import HealthEmbed from '../HealthEmbed';

const show = (ui: React.ReactElement) =>
  render(<MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{ui}</MemoryRouter>);

describe('the health checks outside the Health page', () => {
  it('exposed component: hands the whole report to onReport and shows one line per check', async () => {
    installStack(devStack(Date.now()));
    const reports: HealthReport[] = [];
    show(<HealthEmbed onReport={(r) => reports.push(r)} />);
    await waitFor(() => expect(reports).toHaveLength(1), { timeout: 5000 });
    expect(reports[0].complete).toBe(true);
    expect(reports[0].checks.map((c) => [c.id, c.state])).toEqual(CHECK_IDS.map((id) => [id, 'ok']));
    const embed = screen.getByTestId(testIds.embed.health);
    expect(embed.querySelectorAll('[data-state="ok"]')).toHaveLength(10);
    // Compact: no causes, fixes or details.
    expect(screen.queryByTestId(testIds.health.detailLink)).toBeNull();
    expect(screen.getByText('Open Correlate’s Health page')).toHaveAttribute(
      'href',
      '/a/correlate-investigation-app/health'
    );
  });

  it('exposed component: a bad window falls back to the last hour; full form on request', async () => {
    const { runtime } = installStack(devStack(Date.now()));
    const reports: HealthReport[] = [];
    show(<HealthEmbed from="not a time" to={Number.NaN} compact={false} onReport={(r) => reports.push(r)} />);
    await waitFor(() => expect(reports).toHaveLength(1), { timeout: 5000 });
    const loki = runtime.requests.find((r) => r.type === 'loki')!;
    expect(loki.toMs - loki.fromMs).toBeGreaterThan(59 * 60_000);
    expect(loki.toMs - loki.fromMs).toBeLessThan(61 * 60_000);
    expect(screen.getAllByTestId(testIds.health.detailLink).length).toBeGreaterThan(0);
  });

  it('config page summary: the saved data sources over the last hour, linking to the page', async () => {
    installStack(devStack(Date.now()));
    show(
      <HealthSummary
        jsonData={{ lokiUid: 'correlate-loki', tempoUid: 'correlate-tempo', metricsUid: 'correlate-mimir' }}
      />
    );
    await waitFor(() => expect(screen.getByTestId(testIds.health.report)).toHaveAttribute('data-complete', 'true'), {
      timeout: 5000,
    });
    expect(screen.getByTestId(testIds.health.summary)).toHaveTextContent('10 ok');
    expect(screen.getAllByTestId(testIds.health.check)[1].querySelector('a')).toBeNull();
  });
});
