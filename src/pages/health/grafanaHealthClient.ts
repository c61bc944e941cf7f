import { dateTime, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { getBackendSrv, getDataSourceSrv } from '@grafana/runtime';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import { errorMessageOf } from '../../correlation/frame';
import type { HealthClient, QueryAnswer } from '../../correlation/health/runner';
import { failed, fetched, type Fetched } from '../../correlation/health/types';
import { resolveRedProfile } from '../../settings/resolveRedProfile';

/** A request that has not answered by then counts as failed, so a run always ends. */
export const REQUEST_TIMEOUT_MS = 60_000;

let requestIds = 0;

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(err: unknown): { message: string; status?: number } {
  const e = err as { status?: number; data?: { message?: string }; message?: string } | undefined;
  const message = e?.data?.message || e?.message || (e?.status ? `HTTP ${e.status}` : 'no answer');
  return { message, status: typeof e?.status === 'number' ? e.status : undefined };
}

/**
 * The health runner's access to Grafana: queries go through each data source's own frontend (Loki's
 * query splitting, Tempo's trace-id handling), API calls through the backend service without
 * Grafana's error pop-ups.
 */
export function grafanaHealthClient(timeoutMs = REQUEST_TIMEOUT_MS): HealthClient {
  return {
    query(uid, targets, range) {
      const run = async (): Promise<QueryAnswer> => {
        const ds = await getDataSourceSrv().get({ uid });
        const from = dateTime(range.fromMs);
        const to = dateTime(range.toMs);
        const intervalMs = Math.max(1000, Math.round((range.toMs - range.fromMs) / 1000));
        const request = {
          requestId: `correlate-health-${++requestIds}`,
          app: 'correlate-health',
          interval: `${Math.round(intervalMs / 1000)}s`,
          intervalMs,
          maxDataPoints: 1000,
          range: { from, to, raw: { from, to } },
          scopedVars: {},
          targets: targets.map((t) => ({ ...t, datasource: ds.getRef() })),
          timezone: 'browser',
          startTime: Date.now(),
        } as unknown as DataQueryRequest;
        const result = ds.query(request) as Observable<DataQueryResponse> | Promise<DataQueryResponse>;
        const response = isObservable(result)
          ? await lastValueFrom(result, { defaultValue: { data: [] } as DataQueryResponse })
          : await result;
        // Each failed query's own error (Loki answers each query alone), so one refusal is not read as 0.
        const errors = Object.fromEntries(
          (response?.errors ?? []).filter((e) => e?.refId).map((e) => [e.refId!, e.message ?? 'failed'])
        );
        return { frames: response?.data ?? [], error: errorMessageOf(response), errors };
      };
      return withTimeout(
        run().catch((e): QueryAnswer => ({ frames: [], error: messageOf(e).message })),
        timeoutMs,
        () => ({ frames: [], error: `no answer within ${Math.round(timeoutMs / 1000)} s` })
      );
    },
    get(path, params) {
      const query = params?.length ? `?${new URLSearchParams(params).toString()}` : '';
      const run = async (): Promise<Fetched<unknown>> => {
        try {
          const response = await lastValueFrom(
            getBackendSrv().fetch<unknown>({ url: `${path}${query}`, method: 'GET', showErrorAlert: false })
          );
          return fetched(response.data);
        } catch (err) {
          const { message, status } = messageOf(err);
          return failed(message, status);
        }
      };
      return withTimeout(run(), timeoutMs, () => failed(`no answer within ${Math.round(timeoutMs / 1000)} s`));
    },
    redDetection: (setting, metricsUid) => resolveRedProfile(setting, metricsUid),
  };
}
