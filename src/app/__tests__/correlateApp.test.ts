import { DEFAULT_SETTINGS } from '../../settings/types';
import { loadCorrelateApp } from '../correlateApp';

describe('correlateApp', () => {
  it('has the Errors, trace, Services and What changed pages (Health is plain React) with their drill-downs, each view in the URL', async () => {
    const app = await loadCorrelateApp(DEFAULT_SETTINGS);
    expect(
      app.state.pages.map((p) => [p.state.url, p.state.routePath, p.state.drilldowns?.map((d) => d.routePath)])
    ).toEqual([
      ['/a/correlate-investigation-app/errors', 'errors/*', undefined],
      ['/a/correlate-investigation-app/trace', 'trace/*', [':traceId']],
      ['/a/correlate-investigation-app/services', 'services/*', [':service']],
      ['/a/correlate-investigation-app/changed', 'changed/*', undefined],
    ]);
    expect(app.state.urlSyncOptions).toEqual({ createBrowserHistorySteps: true, updateUrlOnInit: true });
  });
});
