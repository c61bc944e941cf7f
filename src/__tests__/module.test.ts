import pluginJson from '../plugin.json';
import { plugin } from '../module';

describe('module.js registrations', () => {
  it('declares in plugin.json exactly the links and components it registers (Grafana checks both)', () => {
    const links = plugin.addedLinkConfigs.map((l) => ({
      targets: [l.targets].flat(),
      title: l.title,
      description: l.description,
    }));
    expect(links).toEqual(pluginJson.extensions.addedLinks);
    const components = plugin.exposedComponentConfigs.map((c) => ({
      id: c.id,
      title: c.title,
      description: c.description,
    }));
    expect(components).toEqual(pluginJson.extensions.exposedComponents);
  });

  it('links a Loki panel to Correlate and gives no link for other panels', () => {
    const [panelLink] = plugin.addedLinkConfigs;
    const context = {
      targets: [{ refId: 'A', datasource: { type: 'loki', uid: 'l' }, expr: '{service_name="orders"}' }],
      timeRange: { from: 'now-1h', to: 'now' },
    };
    expect(panelLink.configure?.(context as never)).toEqual({
      path: '/a/correlate-investigation-app/errors?from=now-1h&to=now&var-services=orders&var-loki=l',
    });
    expect(
      panelLink.configure?.({ targets: [{ refId: 'A', datasource: { type: 'graphite' } }] } as never)
    ).toBeUndefined();
    expect(panelLink.configure?.(undefined)).toBeUndefined();
  });

  it('lists the nested panel in the app’s includes', () => {
    expect(pluginJson.includes).toEqual(expect.arrayContaining([{ type: 'panel', name: 'Correlated errors' }]));
  });
});
