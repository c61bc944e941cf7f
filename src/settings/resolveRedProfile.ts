import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { goString, re2OneOf } from '../queries/goString';
import { detectionFromResponse, DETECTION_METRICS, type RedDetection } from './redDetection';
import type { RedSourceSetting } from './types';

const LOOKBACK_S = 24 * 60 * 60;
// One detection per data source uid, so a changed data source is detected anew; failures are
// forgotten so the next page load tries again.
const detections = new Map<string, Promise<RedDetection>>();

async function detect(metricsUid: string): Promise<RedDetection> {
  const nowS = Math.floor(Date.now() / 1000);
  const match = `{__name__=~${goString(re2OneOf(DETECTION_METRICS))}}`;
  const params = new URLSearchParams({ 'match[]': match, start: String(nowS - LOOKBACK_S), end: String(nowS) });
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<unknown>({
        url: `/api/datasources/uid/${encodeURIComponent(metricsUid)}/resources/api/v1/label/__name__/values?${params}`,
        method: 'GET',
        showErrorAlert: false,
      })
    );
    return detectionFromResponse(response.data);
  } catch (err) {
    const e = err as { status?: number; data?: { message?: string }; message?: string };
    const reason = e?.data?.message ?? e?.message ?? (e?.status ? `HTTP ${e.status}` : 'no answer');
    return {
      tried: DETECTION_METRICS,
      error: `The metrics data source could not be asked for metric names (${reason}).`,
    };
  }
}

/** The RED profile to use: the configured one, or what `auto` finds in this data source. */
export function resolveRedProfile(setting: RedSourceSetting, metricsUid: string | undefined): Promise<RedDetection> {
  if (setting !== 'auto') {
    return Promise.resolve({ profile: setting, tried: [] });
  }
  if (!metricsUid) {
    return Promise.resolve({
      tried: DETECTION_METRICS,
      error: 'No metrics data source: add a Prometheus or Mimir data source, or pick one in Correlate’s configuration.',
    });
  }
  let pending = detections.get(metricsUid);
  if (!pending) {
    pending = detect(metricsUid).then((result) => {
      if (result.error) {
        detections.delete(metricsUid);
      }
      return result;
    });
    detections.set(metricsUid, pending);
  }
  return pending;
}

/** For tests: forget every detection. */
export function clearRedDetections() {
  detections.clear();
}
