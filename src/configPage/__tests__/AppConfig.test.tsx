import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FAKE_DATA_SOURCES, fakeBackendSrv, type Responder } from '../../test/mocks/backendSrv';
import { clearRedDetections } from '../../settings/resolveRedProfile';
import { testIds } from '../../testIds';
import AppConfig from '../AppConfig';

let respond: Responder;
const backend = fakeBackendSrv((req) => respond(req));
const reload = jest.fn();

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => backend,
  getDataSourceSrv: () => ({
    getList: ({ pluginId }: { pluginId?: string }) =>
      FAKE_DATA_SOURCES.filter((ds) => !pluginId || ds.type === pluginId),
  }),
  locationService: { reload: () => reload() },
  // The real picker needs Grafana's data source service; a select of the fake list stands in.
  DataSourcePicker: (props: { pluginId: string; current: string | null; onChange: (ds: { uid: string }) => void }) => (
    <select
      aria-label={`pick ${props.pluginId}`}
      value={props.current ?? ''}
      onChange={(e) => props.onChange({ uid: e.currentTarget.value })}
    >
      <option value="">default</option>
      <option value="metrics-uid">Mimir</option>
      <option value="other-metrics">Other</option>
    </select>
  ),
}));

const labelValues = (names: string[]) => ({ data: { status: 'success', data: names } });

/** Renders the page and waits for RED detection to settle, as a user would see it. */
async function renderPage(jsonData: unknown = {}) {
  const meta = { id: 'correlate-investigation-app', enabled: true, pinned: true, jsonData } as any;
  render(<AppConfig plugin={{ meta } as any} query={{}} />);
  await screen.findByTestId(testIds.appConfig.redDetection);
}

beforeEach(() => {
  backend.requests.length = 0;
  reload.mockReset();
  clearRedDetections();
  respond = (req) =>
    req.url.includes('/resources/api/v1/label/__name__/values')
      ? labelValues(
          req.url.includes('other-metrics')
            ? ['http_server_request_duration_seconds_count']
            : ['traces_spanmetrics_calls_total']
        )
      : { data: {} };
});

const saveButton = () => screen.getByTestId(testIds.appConfig.submit);

describe('AppConfig', () => {
  it('shows the defaults for an empty configuration and what auto detection found', async () => {
    await renderPage();
    expect((screen.getByTestId(testIds.appConfig.padding) as HTMLInputElement).value).toBe('15');
    expect((screen.getByTestId(testIds.appConfig.maxLines) as HTMLInputElement).value).toBe('1000');
    expect(screen.getByTestId(testIds.appConfig.errorLevels).textContent).toContain('critical');
    expect(await screen.findByText('Found: Tempo metrics-generator span metrics')).toBeInTheDocument();
    // Detection ran against the instance's default metrics data source.
    expect(backend.requests[0].url).toContain('/api/datasources/uid/metrics-uid/');
    expect(saveButton()).toBeEnabled();
  });

  it('loads an old or odd configuration without failing', async () => {
    await renderPage({ apiUrl: 'http://old', paddingMinutes: 'abc', maxLines: -3, traceIdPatterns: ['(broken'] });
    expect((screen.getByTestId(testIds.appConfig.padding) as HTMLInputElement).value).toBe('15');
    expect((screen.getByTestId(testIds.appConfig.maxLines) as HTMLInputElement).value).toBe('1');
    expect(screen.queryByDisplayValue('(broken')).toBeNull();
    await screen.findByTestId(testIds.appConfig.redDetection);
  });

  it('shows an invalid pattern inline and refuses to save until it is fixed', async () => {
    await renderPage();
    fireEvent.click(screen.getAllByRole('button', { name: /add/i })[1]);
    const input = screen.getByLabelText('Pattern 1');
    fireEvent.change(input, { target: { value: 'corr=([0-9a-f' } });
    expect(await screen.findByText(/Not a valid regular expression/)).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
    fireEvent.change(input, { target: { value: 'corr=([0-9a-f]{32})' } });
    await waitFor(() => expect(saveButton()).toBeEnabled());
  });

  it('tries a pasted line with the draft patterns', async () => {
    await renderPage({ traceIdPatterns: ['corr=\\[([0-9a-f]{32})\\]'] });
    fireEvent.change(screen.getByTestId(testIds.appConfig.tryLine), {
      target: { value: 'E [corr=[4bf92f3577b34da6a3ce929d0e0e4736]] boom' },
    });
    expect(screen.getByTestId(testIds.appConfig.tryLineResult).textContent).toBe(
      'Trace id: 4bf92f3577b34da6a3ce929d0e0e4736'
    );
  });

  it('refuses an empty padding or a fractional line limit', async () => {
    await renderPage();
    fireEvent.change(screen.getByTestId(testIds.appConfig.padding), { target: { value: '' } });
    expect(await screen.findByText(/Time padding must be a number from 1 to 1440/)).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
  });

  it('saves the draft as jsonData, keeping enabled and pinned, then reloads', async () => {
    await renderPage({ lokiUid: 'loki-uid' });
    fireEvent.change(screen.getByTestId(testIds.appConfig.maxLines), { target: { value: '250' } });
    await act(async () => {
      fireEvent.click(saveButton());
    });
    const post = backend.requests.find((r) => r.method === 'POST')!;
    expect(post.url).toBe('/api/plugins/correlate-investigation-app/settings');
    expect(post.data).toEqual({
      enabled: true,
      pinned: true,
      jsonData: {
        lokiUid: 'loki-uid',
        redSource: 'auto',
        traceIdFields: [],
        traceIdPatterns: [],
        errorLevels: ['error', 'critical', 'fatal'],
        paddingMinutes: 15,
        maxLines: 250,
      },
    });
    expect(reload).toHaveBeenCalled();
  });

  it('says so when saving fails, and keeps the draft', async () => {
    respond = (req) =>
      req.method === 'POST' ? { error: { status: 403, data: { message: 'Permission denied' } } } : labelValues([]);
    await renderPage();
    fireEvent.change(screen.getByTestId(testIds.appConfig.maxLines), { target: { value: '300' } });
    await act(async () => {
      fireEvent.click(saveButton());
    });
    expect(screen.getByTestId(testIds.appConfig.saveError).textContent).toMatch(/not saved \(Permission denied\)/);
    expect((screen.getByTestId(testIds.appConfig.maxLines) as HTMLInputElement).value).toBe('300');
    expect(reload).not.toHaveBeenCalled();
  });

  it('detects again when the metrics data source changes', async () => {
    await renderPage();
    await screen.findByText('Found: Tempo metrics-generator span metrics');
    fireEvent.change(screen.getByLabelText('pick prometheus'), { target: { value: 'other-metrics' } });
    expect(await screen.findByText(/Found: OpenTelemetry HTTP server metrics/)).toBeInTheDocument();
    expect(backend.requests.map((r) => r.url).filter((u) => u.includes('other-metrics'))).toHaveLength(1);
  });

  it('names the metrics it looked for when none exist', async () => {
    respond = () => labelValues([]);
    await renderPage();
    expect(await screen.findByText(/Looked for traces_spanmetrics_calls_total/)).toBeInTheDocument();
  });
});
