import React from 'react';
import { fireEvent, render as rtlRender, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { dateTime, type PanelProps } from '@grafana/data';
import { MAX_LINE_SHOWN } from '../../../shared/displayText';
import { installFakeRuntime, type RecordedRequest } from '../../../test/mocks/grafanaRuntime';
import { lokiFrame } from '../../../test/mocks/lokiFrame';
import { testIds } from '../../../testIds';
import CorrelatedErrorsPanel from '../CorrelatedErrorsPanel';
import type { CorrelatedErrorsOptions } from '../options';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const FROM = Date.UTC(2026, 10, 24, 10, 0, 0);
const TO = FROM + 60 * 60_000;
const HUGE = `checkout failed ${'z'.repeat(256 * 1024)}`;
const render = (ui: React.ReactElement) =>
  rtlRender(<MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{ui}</MemoryRouter>);

function props(options: CorrelatedErrorsOptions): PanelProps<CorrelatedErrorsOptions> {
  const range = { from: dateTime(FROM), to: dateTime(TO), raw: { from: dateTime(FROM), to: dateTime(TO) } };
  return { options, timeRange: range, replaceVariables: (s: string) => s, height: 400, width: 400 } as never;
}

describe('CorrelatedErrorsPanel with long lines and names', () => {
  it('cuts 100 lines of 256 KB for display, each line whole one click away', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => ({
      timeMs: FROM + i,
      line: HUGE,
      labels: { service_name: `${'s'.repeat(500)}-${i}` },
      structuredMetadata: { trace_id: ID },
    }));
    installFakeRuntime({
      respond: (req: RecordedRequest) =>
        req.targets.filter((t) => t.refId === 'logs').map(() => lokiFrame(lines, 'logs')),
    });
    render(<CorrelatedErrorsPanel {...props({ lines: 100, services: ['long-named'] })} />);
    // Grafana's Loki (the double) reads every line for derived fields first: 25 MB takes a while.
    await waitFor(() => expect(screen.getByTestId(testIds.panel.container)).toBeInTheDocument(), {
      timeout: 30_000,
    });
    const links = screen.getAllByTestId(testIds.panel.line);
    expect(links).toHaveLength(100);
    for (const link of links) {
      expect(link.textContent!.length).toBeLessThanOrEqual(MAX_LINE_SHOWN);
    }
    fireEvent.click(screen.getAllByRole('button', { name: 'Show the full line' })[0]);
    expect(screen.getByText(HUGE)).toBeInTheDocument();
  }, 60_000);
});
