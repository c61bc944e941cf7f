import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
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
  // Grafana renders the config page inside its router (the health summary links to the Health page).
  render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <AppConfig plugin={{ meta } as any} query={{}} />
    </MemoryRouter>
  );
  // The sections are drawn one per task (a busy machine's jsdom takes seconds); the health section is
  // the last of the form.
  await screen.findByTestId(testIds.appConfig.redDetection, undefined, { timeout: 10_000 });
  await screen.findByTestId(testIds.appConfig.healthServices, undefined, { timeout: 10_000 });
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
    const detection = backend.requests.find((r) => r.url.includes('/label/__name__/values'));
    expect(detection?.url).toContain('/api/datasources/uid/metrics-uid/');
    expect(saveButton()).toBeEnabled();
  });

  it('loads an old or odd configuration without failing', async () => {
    await renderPage({ apiUrl: 'http://old', paddingMinutes: 'abc', maxLines: -3, traceIdPatterns: ['(broken'] });
    expect((screen.getByTestId(testIds.appConfig.padding) as HTMLInputElement).value).toBe('15');
    expect((screen.getByTestId(testIds.appConfig.maxLines) as HTMLInputElement).value).toBe('1');
    await screen.findByTestId(testIds.appConfig.redDetection);
  });

  it('shows a provisioned pattern the app refused, with why, and keeps Save off until it is fixed (review F1)', async () => {
    await renderPage({ traceIdPatterns: ['corr=([0-9a-f]{32})', '(broken', '.*traceID=([0-9a-f]{32})'] });
    expect(screen.getByDisplayValue('(broken')).toBeInTheDocument();
    expect(screen.getByDisplayValue('.*traceID=([0-9a-f]{32})')).toBeInTheDocument();
    expect(await screen.findByText(/Not a valid regular expression/)).toBeInTheDocument();
    expect(await screen.findByText(/Starts with "\.\*"/, undefined, { timeout: 5000 })).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
  });

  it('shows an invalid pattern inline and refuses to save until it is fixed', async () => {
    await renderPage();
    fireEvent.click(screen.getAllByRole('button', { name: /add/i })[1]);
    const input = screen.getByLabelText('Pattern 1');
    fireEvent.change(input, { target: { value: 'corr=([0-9a-f' } });
    expect(await screen.findByText(/Not a valid regular expression/)).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
    fireEvent.change(input, { target: { value: 'corr=([0-9a-f]{32})' } });
    // The backtracking check runs once typing pauses (and loads with its first use), in a task of its own.
    await waitFor(() => expect(saveButton()).toBeEnabled(), { timeout: 5000 });
    // The detector's first load takes seconds on a loaded machine: the test's own limit leaves room for it.
  }, 15_000);

  it('refuses a pattern that can backtrack catastrophically, saying why, with a safe rewrite', async () => {
    await renderPage();
    fireEvent.click(screen.getAllByRole('button', { name: /add/i })[1]);
    const input = screen.getByLabelText('Pattern 1');
    fireEvent.change(input, { target: { value: '.*corr=([0-9a-f]{32})' } });
    expect(saveButton()).toBeDisabled();
    expect(
      await screen.findByText(/Starts with "\.\*".*Use corr=\(\[0-9a-f\]\{32\}\) instead/, {}, { timeout: 5000 })
    ).toBeInTheDocument();
    fireEvent.change(input, { target: { value: '(a+)+$' } });
    expect(await screen.findByText(/can backtrack catastrophically/, {}, { timeout: 5000 })).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
    fireEvent.change(input, { target: { value: 'corr=([0-9a-f]{32})' } });
    await waitFor(() => expect(saveButton()).toBeEnabled(), { timeout: 5000 });
    // Three detector runs of up to ~2 s each on a loaded machine: more than jest's default 5 s.
  }, 20_000);

  it('refuses a pattern RE2 cannot run, and a provisioned one is shown with the same message', async () => {
    await renderPage({ traceIdPatterns: ['(?=corr)corr=([0-9a-f]{32})'] });
    // loadSettings keeps it out of the app; the page shows it with its message until it is removed.
    expect(screen.getByDisplayValue('(?=corr)corr=([0-9a-f]{32})')).toBeInTheDocument();
    expect(await screen.findByText(/cannot run this one/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Pattern 1'), { target: { value: 'a(?<=a)(b)' } });
    expect(await screen.findByText(/cannot run this one/)).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
  });

  it('bounds the services with RED graphs, and saves the number', async () => {
    await renderPage({ maxRedServices: 500 });
    const field = screen.getByLabelText('Services with RED graphs at once') as HTMLInputElement;
    // A provisioned value out of range is brought into it.
    expect(field.value).toBe('50');
    fireEvent.change(field, { target: { value: '0' } });
    expect(await screen.findByText(/Services with RED graphs must be a number from 1 to 50/)).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
    fireEvent.change(field, { target: { value: '2.5' } });
    expect(await screen.findByText(/must be a whole number/)).toBeInTheDocument();
    fireEvent.change(field, { target: { value: '8' } });
    await waitFor(() => expect(saveButton()).toBeEnabled(), { timeout: 5000 });
    await act(async () => {
      fireEvent.click(saveButton());
    });
    const post = backend.requests.find((r) => r.method === 'POST')!;
    expect((post.data as { jsonData: { maxRedServices: number } }).jsonData.maxRedServices).toBe(8);
  });

  it('tries a pasted line with the draft patterns', async () => {
    await renderPage({ traceIdPatterns: ['corr=\\[([0-9a-f]{32})\\]'] });
    fireEvent.change(screen.getByTestId(testIds.appConfig.tryLine), {
      target: { value: 'E [corr=[4bf92f3577b34da6a3ce929d0e0e4736]] boom' },
    });
    expect(screen.getByTestId(testIds.appConfig.tryLineResult).textContent).toBe(
      'Trace id: 4bf92f3577b34da6a3ce929d0e0e4736'
    );
    // The patterns' shared per-line budget, as a reach into the line.
    expect(screen.getByText(/Together they read the first [\d,]+ characters of each line\./)).toBeInTheDocument();
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
    fireEvent.change(screen.getByTestId(testIds.appConfig.healthTraceSample), { target: { value: '5' } });
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
        maxRedServices: 12,
        healthTraceSample: 5,
        healthLinesPerService: 20,
        healthServices: 20,
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

  it('refuses health samples out of range, fractional or empty, and keeps Save disabled', async () => {
    await renderPage({ healthServices: 7 });
    expect((screen.getByTestId(testIds.appConfig.healthServices) as HTMLInputElement).value).toBe('7');
    fireEvent.change(screen.getByTestId(testIds.appConfig.healthTraceSample), { target: { value: '0' } });
    fireEvent.change(screen.getByTestId(testIds.appConfig.healthLinesPerService), { target: { value: '2.5' } });
    fireEvent.change(screen.getByTestId(testIds.appConfig.healthServices), { target: { value: '' } });
    expect(screen.getByText('Trace ids looked up in Tempo must be a number from 1 to 100.')).toBeInTheDocument();
    expect(screen.getByText('Error lines read per service must be a whole number.')).toBeInTheDocument();
    expect(screen.getByText('Services sampled must be a number from 1 to 100.')).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
  });

  it('shows the health summary of the saved configuration, each check that could not run saying why', async () => {
    await renderPage({ lokiUid: 'loki-uid' });
    const summary = await screen.findByTestId(testIds.appConfig.healthSummary);
    await waitFor(() =>
      expect(summary.querySelector('[data-testid="data-testid correlate-health"]')).toHaveAttribute(
        'data-complete',
        'true'
      )
    );
    const checks = summary.querySelectorAll('[data-testid="data-testid correlate-health-check"]');
    expect(checks).toHaveLength(10);
    // This page's Grafana double has no data source service to query: Loki's checks cannot run.
    expect(summary.querySelector('[data-check-id="loki"]')).toHaveAttribute('data-state', 'unknown');
    expect(screen.getByText('Open the Health page for causes, fixes and details')).toHaveAttribute(
      'href',
      '/a/correlate-investigation-app/health'
    );
  });

  it('puts the health summary after the settings its checks refer to, and after Save', async () => {
    await renderPage({ lokiUid: 'loki-uid' });
    // Drawn last, in a task of its own (AppConfig's Later).
    const summary = await screen.findByTestId(testIds.appConfig.healthSummary);
    const follows = (a: Element, b: Element) =>
      Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    expect(follows(screen.getByTestId(testIds.appConfig.errorLevels), summary)).toBe(true);
    expect(follows(saveButton(), summary)).toBe(true);
  });

  it('shows no health summary while the app is disabled', async () => {
    const meta = { id: 'correlate-investigation-app', enabled: false, pinned: false, jsonData: {} } as any;
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <AppConfig plugin={{ meta } as any} query={{}} />
      </MemoryRouter>
    );
    await screen.findByTestId(testIds.appConfig.redDetection);
    expect(screen.queryByTestId(testIds.appConfig.healthSummary)).toBeNull();
  });
});
