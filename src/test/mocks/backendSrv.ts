// Reproduces grafana/grafana public/app/core/services/backend_srv.ts fetch() (12.4 and 13.2): an answer
// arrives as a FetchResponse { data, status, statusText, ok, headers, url, redirected, type, config }; any
// other status throws a FetchError { status, statusText, data, config } whose data is an object with a
// `message` (processRequestError: a text body becomes { message, error: statusText, response }, a body
// with only a string `error`, as Prometheus answers through the data source resource proxy, gets it
// copied to `message`). Data source resource calls pass the upstream JSON through unchanged.
import { mergeMap, of, throwError, timer, type Observable } from 'rxjs';

export interface FakeRequest {
  url: string;
  method?: string;
  data?: unknown;
  /** When the request was made (Date.now()), recorded by the fake. */
  startedAt?: number;
}

/** An answer: a body (status 200), or a status with its body (`error` is the older form of the same). */
export type Responder = (
  req: FakeRequest
) => { data: unknown } | { status: number; data?: unknown } | { error: { status?: number; data?: unknown } };

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function fetchError(req: FakeRequest, status: number, body: unknown) {
  const statusText = STATUS_TEXT[status] ?? '';
  let data: Record<string, unknown> =
    body === undefined || body === null
      ? { message: 'Unexpected error' }
      : typeof body === 'string'
        ? { message: body, error: statusText, response: body }
        : { ...(body as Record<string, unknown>) };
  if (!data.message && typeof data.error === 'string') {
    data = { ...data, message: data.error };
  }
  return { status, statusText, data, config: req };
}

/**
 * Grafana's backend service `fetch`, answering by URL with a function of the test, and recording every
 * request. Use with jest.mock('@grafana/runtime', ...) or setBackendSrv.
 */
export function fakeBackendSrv(respond: Responder, opts: { delayMs?: number } = {}) {
  const requests: FakeRequest[] = [];
  /** Every answer (or failure) after `delayMs`, as a server that takes that long would give it. */
  const later = <T>(answer: Observable<T>): Observable<T> =>
    opts.delayMs ? timer(opts.delayMs).pipe(mergeMap(() => answer)) : answer;
  return {
    requests,
    fetch: jest.fn((req: FakeRequest): Observable<unknown> => {
      requests.push({ ...req, startedAt: Date.now() });
      const r = respond(req);
      const failure = 'error' in r ? r.error : 'status' in r && (r.status < 200 || r.status > 299) ? r : undefined;
      if (failure) {
        return later(throwError(() => fetchError(req, failure.status ?? 500, failure.data)));
      }
      const status = 'status' in r ? r.status : 200;
      return later(
        of({
          data: (r as { data: unknown }).data,
          status,
          statusText: STATUS_TEXT[status] ?? '',
          ok: true,
          headers: new Map(),
          url: req.url,
          redirected: false,
          type: 'basic',
          config: req,
        })
      );
    }),
  };
}

/** A data source list as `getDataSourceSrv().getList()` returns it. */
export const FAKE_DATA_SOURCES = [
  { uid: 'loki-uid', type: 'loki', name: 'Loki', isDefault: false },
  { uid: 'tempo-uid', type: 'tempo', name: 'Tempo', isDefault: false },
  { uid: 'metrics-uid', type: 'prometheus', name: 'Mimir', isDefault: true },
];
