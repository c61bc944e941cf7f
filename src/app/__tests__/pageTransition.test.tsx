import React from 'react';
import { render, screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { PLUGIN_BASE_URL } from '../../constants';
import { installFakeRuntime } from '../../test/mocks/grafanaRuntime';
import { HostRouter } from '../../test/mocks/hostRouter';
import App from '../App';

// A page whose drawing takes 20 × 15 ms, standing in for a Scenes page with its pickers and panels.
const drawn: number[] = [];
/** Keeps the thread busy for `ms`, and records when it was done. */
function spin(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: one component's share of a big page
  }
  drawn.push(performance.now());
}
function Slow({ i }: { i: number }) {
  spin(15);
  return <li>{`part ${i}`}</li>;
}
function SlowPage() {
  return (
    <ul data-testid="slow-page">
      {Array.from({ length: 20 }, (_, i) => (
        <Slow key={i} i={i} />
      ))}
    </ul>
  );
}

jest.mock('../correlateApp', () => ({ correlateApp: () => ({ Component: SlowPage }) }));

describe('opening a page', () => {
  it('draws it in slices that let the browser run (a transition), not in one long task', async () => {
    installFakeRuntime({ respond: () => [] });
    locationService.push(`${PLUGIN_BASE_URL}/errors`);
    // A timer that fires whenever the main thread is free: each tick between the page's first and last
    // part means the drawing gave the thread back.
    const ticks: number[] = [];
    let on = true;
    const tick = () => {
      ticks.push(performance.now());
      if (on) {
        setTimeout(tick, 0);
      }
    };
    tick();
    try {
      render(
        <HostRouter>
          <Routes>
            <Route
              path={`${PLUGIN_BASE_URL}/*`}
              element={<App {...({ meta: { jsonData: {} } } as unknown as AppRootProps)} />}
            />
          </Routes>
        </HostRouter>
      );
      expect(await screen.findByTestId('slow-page', {}, { timeout: 10_000 })).toBeInTheDocument();
    } finally {
      on = false;
    }
    expect(drawn.length).toBeGreaterThanOrEqual(20);
    const first = drawn[0];
    const last = drawn[drawn.length - 1];
    expect(ticks.filter((t) => t > first && t < last).length).toBeGreaterThan(0);
  }, 20_000);
});
