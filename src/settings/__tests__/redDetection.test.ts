import { of, throwError } from 'rxjs';
import { clearRedDetections, resolveRedProfile } from '../resolveRedProfile';
import { detectionFromResponse, pickRedProfile } from '../redDetection';

const fetchMock = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: fetchMock }),
}));

beforeEach(() => {
  fetchMock.mockReset();
  clearRedDetections();
});

describe('pickRedProfile', () => {
  it('prefers Tempo span metrics, then the collector families, then HTTP metrics', () => {
    expect(pickRedProfile(['http_server_request_duration_seconds_count', 'traces_span_metrics_calls'])).toBe(
      'otel-spanmetrics-nosuffix'
    );
    expect(pickRedProfile(['traces_spanmetrics_calls_total', 'traces_span_metrics_calls_total'])).toBe(
      'tempo-spanmetrics'
    );
    expect(pickRedProfile(['up'])).toBeUndefined();
    expect(pickRedProfile([])).toBeUndefined();
  });
});

describe('detectionFromResponse', () => {
  it.each([
    [null, /not a Prometheus API response/],
    ['<html>', /not a Prometheus API response/],
    [{ status: 'error', error: 'too many series' }, /could not list metric names: too many series/],
    [{ status: 'success', data: 'nope' }, /could not list metric names/],
  ])('explains a bad response %p', (body, message) => {
    expect(detectionFromResponse(body).error).toMatch(message);
  });

  it('names what it looked for when nothing is there', () => {
    const d = detectionFromResponse({ status: 'success', data: [] });
    expect(d.profile).toBeUndefined();
    expect(d.tried).toContain('traces_spanmetrics_calls_total');
  });
});

describe('resolveRedProfile', () => {
  it('uses an explicit profile without asking', async () => {
    expect(await resolveRedProfile('otel-http', 'm')).toEqual({ profile: 'otel-http', tried: [] });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('asks the data source once per uid and re-detects for another uid', async () => {
    fetchMock.mockImplementation(() => of({ data: { status: 'success', data: ['traces_spanmetrics_calls_total'] } }));
    expect((await resolveRedProfile('auto', 'm1')).profile).toBe('tempo-spanmetrics');
    await resolveRedProfile('auto', 'm1');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0][0].url).toMatch(
      /^\/api\/datasources\/uid\/m1\/resources\/api\/v1\/label\/__name__\/values\?match/
    );
    await resolveRedProfile('auto', 'm2');
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('reports a failing data source and tries again next time', async () => {
    fetchMock.mockImplementationOnce(() => throwError(() => ({ status: 502, data: { message: 'bad gateway' } })));
    const failed = await resolveRedProfile('auto', 'm');
    expect(failed.error).toMatch(/bad gateway/);
    fetchMock.mockImplementationOnce(() =>
      of({ data: { status: 'success', data: ['http_server_request_duration_seconds_count'] } })
    );
    expect((await resolveRedProfile('auto', 'm')).profile).toBe('otel-http');
  });

  it('says what to do without a metrics data source', async () => {
    expect((await resolveRedProfile('auto', undefined)).error).toMatch(/No metrics data source/);
  });
});
