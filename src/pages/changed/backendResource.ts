import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { PLUGIN_ID } from '../../constants';

/** A data source resource call (GET) through Grafana's backend service, tagged as Correlate's; rejects as it does. */
export async function backendResource(url: string): Promise<unknown> {
  const response = await lastValueFrom(
    getBackendSrv().fetch<unknown>({
      url,
      method: 'GET',
      showErrorAlert: false,
      headers: { 'X-Query-Tags': `Source=${PLUGIN_ID}` },
    })
  );
  return response.data;
}
