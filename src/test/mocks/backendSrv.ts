import { of, throwError, type Observable } from 'rxjs';

/**
 * A fake of Grafana's backend service `fetch`: answers by URL with a function of your own, and
 * records every request. Use with jest.mock('@grafana/runtime', ...) in the test file.
 */
export interface FakeRequest {
  url: string;
  method?: string;
  data?: unknown;
}

export type Responder = (req: FakeRequest) => { data: unknown } | { error: unknown };

export function fakeBackendSrv(respond: Responder) {
  const requests: FakeRequest[] = [];
  return {
    requests,
    fetch: jest.fn((req: FakeRequest): Observable<{ data: unknown }> => {
      requests.push(req);
      const r = respond(req);
      return 'error' in r ? throwError(() => r.error) : of({ data: r.data });
    }),
  };
}

/** A data source list as `getDataSourceSrv().getList()` returns it. */
export const FAKE_DATA_SOURCES = [
  { uid: 'loki-uid', type: 'loki', name: 'Loki', isDefault: false },
  { uid: 'tempo-uid', type: 'tempo', name: 'Tempo', isDefault: false },
  { uid: 'metrics-uid', type: 'prometheus', name: 'Mimir', isDefault: true },
];
