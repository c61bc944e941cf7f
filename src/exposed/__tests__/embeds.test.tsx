import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { clearRedDetections } from '../../settings/resolveRedProfile';
import { installFakeMetricNames, installFakeRuntime } from '../../test/mocks/grafanaRuntime';
import { checkoutTrace } from '../../test/mocks/tempoFrame';
import { testIds } from '../../testIds';
import ServiceRedEmbed from '../ServiceRedEmbed';
import TraceInvestigationEmbed from '../TraceInvestigationEmbed';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const inRouter = (ui: React.ReactElement) =>
  render(<MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{ui}</MemoryRouter>);

describe('exposed components', () => {
  beforeEach(() => clearRedDetections());

  it('trace investigation: renders the investigation for a trace id and queries Tempo', async () => {
    const fake = installFakeRuntime({
      respond: (r) => (r.type === 'tempo' ? [checkoutTrace(ID, Date.now() - 60_000)] : []),
    });
    inRouter(<TraceInvestigationEmbed traceId={ID.toUpperCase()} timeMs={Date.now() - 60_000} service="gateway" />);
    await waitFor(() => expect(screen.getByTestId(testIds.trace.summary)).toBeInTheDocument());
    // Its size check, then the trace by id.
    expect(fake.requests.filter((r) => r.type === 'tempo').map((r) => r.targets[0].query)).toEqual([
      `{ trace:id = "${ID}" }`,
      ID,
    ]);
  });

  it.each([[''], ['not-a-trace'], [undefined as unknown as string]])(
    'trace investigation: explains a bad trace id (%p)',
    (traceId) => {
      inRouter(<TraceInvestigationEmbed traceId={traceId} />);
      expect(screen.getByTestId(testIds.embed.trace)).toHaveTextContent('is not a trace id');
    }
  );

  it('service RED: queries the metrics for the service, falling back to the last hour for a bad time', async () => {
    installFakeMetricNames(['traces_spanmetrics_calls_total']);
    const fake = installFakeRuntime({ respond: () => [] });
    inRouter(<ServiceRedEmbed service="gateway" from="not a time" to={Number.NaN} />);
    await waitFor(() => expect(fake.requests.length).toBeGreaterThan(0));
    const { fromMs, toMs } = fake.requests[0];
    expect(toMs - fromMs).toBeGreaterThan(59 * 60_000);
    expect(toMs - fromMs).toBeLessThan(61 * 60_000);
  });

  it('service RED: reads a range given in epoch milliseconds', async () => {
    installFakeMetricNames(['traces_spanmetrics_calls_total']);
    const fake = installFakeRuntime({ respond: () => [] });
    const to = Date.UTC(2026, 10, 24, 12);
    inRouter(<ServiceRedEmbed service="gateway" from={to - 7_200_000} to={to} />);
    await waitFor(() => expect(fake.requests.length).toBeGreaterThan(0));
    expect([fake.requests[0].fromMs, fake.requests[0].toMs]).toEqual([to - 7_200_000, to]);
  });

  it('service RED: a host re-render with the same props does not query again', async () => {
    installFakeMetricNames(['traces_spanmetrics_calls_total']);
    const fake = installFakeRuntime({ respond: () => [] });
    const ui = () => (
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <ServiceRedEmbed service="gateway" from="now-6h" to="now" />
      </MemoryRouter>
    );
    const { rerender } = render(ui());
    await waitFor(() => expect(fake.requests.length).toBeGreaterThan(0));
    const sent = fake.requests.length;
    rerender(ui());
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.requests.length).toBe(sent);
  });

  it('service RED: explains a missing service', () => {
    inRouter(<ServiceRedEmbed service={'' as string} />);
    expect(screen.getByTestId(testIds.embed.serviceRed)).toHaveTextContent('Pass the service name');
  });
});
