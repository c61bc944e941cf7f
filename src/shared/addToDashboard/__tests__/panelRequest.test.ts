import { redView } from '../../../dashboards/views';
import { panelRequest } from '../panelRequest';

const RANGE = { from: 'now-3h', to: 'now', fromMs: 0, toMs: 3 * 3_600_000 };

describe('panelRequest', () => {
  it('a panel by data source uid, with a relative range for Grafana’s form', () => {
    const request = panelRequest(redView('tempo-spanmetrics', 'checkout', 'rate'), { metrics: 'm-uid' }, RANGE);
    expect(request.kind).toBe('panel');
    if (request.kind === 'panel') {
      expect(request.panel.datasource).toEqual({ type: 'prometheus', uid: 'm-uid' });
      expect(request.timeRange.raw).toEqual({ from: 'now-3h', to: 'now' });
      expect(request.dashboard.dashboard.panels).toEqual([request.panel]);
    }
  });

  it('bad input: no query yet, or no data source, becomes a message saying what to do', () => {
    expect(panelRequest(undefined, { metrics: 'm' }, RANGE)).toEqual({
      kind: 'error',
      message: 'This panel has no query yet. Wait until it has loaded, then try again.',
    });
    expect(panelRequest(redView('tempo-spanmetrics', 'checkout', 'rate'), { loki: 'l' }, RANGE)).toEqual({
      kind: 'error',
      message:
        'No metrics data source is chosen on this page. Pick one in the data source picker, then add the panel again.',
    });
  });
});
