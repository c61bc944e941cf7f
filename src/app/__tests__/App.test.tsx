import React from 'react';
import { render, screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { PLUGIN_BASE_URL } from '../../constants';
import { installFakeRuntime } from '../../test/mocks/grafanaRuntime';
import { HostRouter } from '../../test/mocks/hostRouter';
import { testIds } from '../../testIds';
import App from '../App';

const open = (url: string) => {
  installFakeRuntime({ respond: () => [] });
  locationService.push(url);
  const props = { meta: { jsonData: {} } } as unknown as AppRootProps;
  return render(
    <HostRouter>
      {/* Grafana renders an app's root page on /a/<id>/* (AppRootPage), so SceneApp's routes are relative to it. */}
      <Routes>
        <Route path={`${PLUGIN_BASE_URL}/*`} element={<App {...props} />} />
      </Routes>
    </HostRouter>
  );
};

// Each route's code is imported when it is first opened; in a fresh clone jest transforms it then, with
// the other worker busy, which took over Testing Library's 1 s default once in CI.
const ROUTE_CODE = { timeout: 10_000 };

describe('the app root', () => {
  it('an address with no page says so and links to Errors', async () => {
    open(`${PLUGIN_BASE_URL}/nope?from=now-1h`);
    const message = await screen.findByTestId(testIds.app.notFound);
    expect(message).toHaveTextContent(`Correlate has no page at ${PLUGIN_BASE_URL}/nope`);
    expect(screen.getByRole('link', { name: 'go to Errors' })).toHaveAttribute('href', `${PLUGIN_BASE_URL}/errors`);
  });

  it('opens Health, a plain React page, with its pickers and the report', async () => {
    open(`${PLUGIN_BASE_URL}/health?check=loki`);
    expect(await screen.findByLabelText('Loki', {}, ROUTE_CODE)).toBeInTheDocument();
    expect(screen.getByLabelText('Metrics')).toBeInTheDocument();
    expect(await screen.findByTestId(testIds.health.report)).toBeInTheDocument();
    expect(new URLSearchParams(locationService.getLocation().search).get('check')).toBe('loki');
  });

  it('opens the route of the address, once its code has loaded', async () => {
    open(`${PLUGIN_BASE_URL}/trace`);
    expect(await screen.findByTestId(testIds.trace.idInput, {}, ROUTE_CODE)).toBeInTheDocument();
  });
});
