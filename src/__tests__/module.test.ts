import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import pluginJson from '../plugin.json';
import panelJson from '../panels/correlatedErrors/plugin.json';
import { locationService } from '@grafana/runtime';
import { plugin } from '../module';
import { alertingRuleContext, panelMenuContext } from '../test/mocks/extensionContexts';
import { installFakeRuntime } from '../test/mocks/grafanaRuntime';

type LinkMeta = { targets: string[]; title: string; description: string };
const declared: LinkMeta[] = pluginJson.extensions.addedLinks;
const registered = plugin.addedLinkConfigs;

/** The demo's provisioned alert rule, as Grafana passes it to a rule page's links. */
function demoRuleContext() {
  const file = readFileSync(join(__dirname, '../../provisioning/alerting/rules.yaml'), 'utf8');
  const rule = parseYaml(file).groups[0].rules[0];
  return alertingRuleContext({
    labels: rule.labels,
    annotations: rule.annotations,
    grafana_alert: { title: rule.title, uid: rule.uid, data: rule.data },
  });
}

describe('module.js registrations', () => {
  it('declares in plugin.json exactly the links and components it registers (Grafana checks both)', () => {
    const links = registered.map((l) => ({ targets: [l.targets].flat(), title: l.title, description: l.description }));
    expect(links).toEqual(declared);
    const components = plugin.exposedComponentConfigs.map((c) => ({
      id: c.id,
      title: c.title,
      description: c.description,
    }));
    expect(components).toEqual(pluginJson.extensions.exposedComponents);
  });

  it('gives every link its own title, as Grafana finds a link’s plugin.json entry by title', () => {
    const titles = registered.map((l) => l.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(new Set(declared.map((l) => l.title)).size).toBe(declared.length);
  });

  // Grafana's development-mode check (public/app/features/plugins/extensions: validators.ts
  // isAddedLinkMetaInfoMissing, ExtensionsValidator.ts): the first plugin.json entry with the link's
  // title must list every target the link registers, with the same description.
  it.each(registered.map((l) => [l.title, l] as const))(
    'passes Grafana’s check of “%s” against plugin.json',
    (_t, link) => {
      const meta = declared.find((m) => m.title === link.title);
      expect(meta).toBeDefined();
      expect([link.targets].flat().every((t) => meta!.targets.includes(t))).toBe(true);
      expect(meta!.description).toBe(link.description);
    }
  );

  it('links a Loki panel to Correlate and gives no link for other panels', () => {
    const [panelLink] = registered;
    const context = panelMenuContext({
      targets: [{ refId: 'A', datasource: { type: 'loki', uid: 'l' }, expr: '{service_name="orders"}' }],
      timeRange: { from: 'now-1h', to: 'now' },
    });
    expect(panelLink.configure?.(context as never)).toEqual({
      path: '/a/correlate-investigation-app/errors?from=now-1h&to=now&var-services=orders&var-loki=l',
    });
    const graphite = panelMenuContext({ targets: [{ refId: 'A', datasource: { type: 'graphite', uid: 'g' } }] });
    expect(panelLink.configure?.(graphite as never)).toBeUndefined();
    expect(panelLink.configure?.(undefined)).toBeUndefined();
  });

  it('links the demo alert rule, asking Grafana’s data source service what its data source is', () => {
    const [, alertLink] = registered;
    const context = demoRuleContext();
    // Without a data source service (it is not set up here yet) the link still opens Correlate.
    expect(alertLink.configure?.(context as never)?.path).toMatch(/^\/a\/correlate-investigation-app\/errors\?/);
    installFakeRuntime({
      respond: () => [],
      dataSources: [{ uid: 'correlate-mimir', type: 'prometheus', name: 'Mimir' }],
    });
    expect(alertLink.configure?.(context as never)).toEqual({
      path: '/a/correlate-investigation-app/services?from=now-1h&to=now&var-metrics=correlate-mimir',
    });
  });

  it('navigates on click to the path it configures: Grafana’s rule menu renders a link’s onClick only', () => {
    const [, alertLink] = registered;
    const context = alertingRuleContext({
      labels: { service: 'payments', __grafana_origin: 'plugin/correlate-investigation-app' },
      annotations: {},
      grafana_alert: { title: 'Payments failing', uid: 'r1', data: [] },
    });
    const path = alertLink.configure?.(context as never)?.path;
    expect(path).toMatch(/^\/a\/correlate-investigation-app\/errors\?.*var-services=payments/);
    locationService.push('/alerting/grafana/r1/view');
    alertLink.onClick?.(undefined, { context } as never);
    expect(`${locationService.getLocation().pathname}${locationService.getLocation().search}`).toBe(path);
    // A context that gives no link does not navigate.
    locationService.push('/alerting/list');
    alertLink.onClick?.(undefined, { context: { labels: {} } } as never);
    expect(locationService.getLocation().pathname).toBe('/alerting/list');
  });

  it('links the demo alert rule to What changed for every service, with its metrics source', () => {
    const [, , changedLink] = registered;
    const context = demoRuleContext();
    installFakeRuntime({
      respond: () => [],
      dataSources: [{ uid: 'correlate-mimir', type: 'prometheus', name: 'Mimir' }],
    });
    expect(changedLink.configure?.(context as never)).toEqual({
      path: '/a/correlate-investigation-app/changed?from=now-30m&to=now&var-metrics=correlate-mimir',
    });
    // Grafana's rule menu renders onClick only: a click goes where the path says.
    locationService.push('/alerting/grafana/correlate-high-error-rate/view');
    changedLink.onClick?.(undefined, { context } as never);
    expect(`${locationService.getLocation().pathname}${locationService.getLocation().search}`).toBe(
      '/a/correlate-investigation-app/changed?from=now-30m&to=now&var-metrics=correlate-mimir'
    );
  });

  it('declares the nested panel in the app’s includes with its path, type and name', () => {
    const include = pluginJson.includes.find((i) => i.type === 'panel');
    expect(include).toEqual({ type: 'panel', name: panelJson.name, path: 'panels/correlatedErrors/plugin.json' });
    expect(JSON.parse(readFileSync(join(__dirname, '..', include!.path!), 'utf8')).type).toBe('panel');
  });
});
