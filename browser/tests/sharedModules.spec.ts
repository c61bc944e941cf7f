import { GRAFANA_APP_MODULES, grafanaSharedKeys } from './support/grafanaShared';
import { startHost, type Host } from './support/host';
import { expect, test } from './support/line';

/**
 * The modules the host page hands to plugins, at each end of the supported range: the keys of
 * Grafana's sharedDependenciesMap (support/grafanaShared.ts), no more and no fewer; each one loads,
 * or is refused with the reason the host cannot give it; and they are the line's own copies (React 18
 * and react-router-dom 5 under 12.4, React 19 under 13.2).
 */

// What the host cannot give (browser/harness/sharedDependencies.ts `notHere`): packages installed at
// neither end, and Grafana's own app code, but for `app/core/utils/datemath`, which is @grafana/data's
// dateMath and is given.
const NOT_INSTALLED = ['@grafana/slate-react', '@kusto/monaco-kusto', 'd3', 'slate-plain-serializer', 'slate-react'];
const NOT_PROVIDED = [
  ...NOT_INSTALLED,
  ...GRAFANA_APP_MODULES.filter((id) => id.startsWith('app/') && id !== 'app/core/utils/datemath'),
].sort();

let host: Host;
test.beforeAll(async ({ grafanaLine }) => {
  host = await startHost('nested-id', { line: grafanaLine });
});
test.afterAll(async () => {
  await host?.server.close();
});

test('every module Grafana shares, from the line’s own packages', async ({ page, grafanaLine }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  await page.goto(`${host.server.origin}/harness/index.html`);
  await page.waitForSelector('body[data-harness-ready="true"]', { state: 'attached', timeout: 60_000 });

  const grafana = await page.evaluate(() => window.harness.grafana());
  expect(grafana.line).toBe(grafanaLine);
  expect(grafana.react.split('.')[0]).toBe(grafanaLine === '12.4' ? '18' : '19');

  const ids = await page.evaluate(() => window.harness.sharedModuleIds());
  expect([...ids].sort()).toEqual(grafanaSharedKeys(grafanaLine));

  // Each id as a plugin's define([...]) would ask for it, through SystemJS's import map.
  const loaded = await page.evaluate(async (all) => {
    const out: Record<string, { keys?: string[]; react?: string; fakeDep?: unknown; t?: string; refused?: string }> =
      {};
    for (const id of all) {
      try {
        const m = (await window.System.import(id)) as Record<string, unknown>;
        out[id] = {
          keys: Object.keys(m).sort(),
          react: typeof m.version === 'string' ? m.version : undefined,
          fakeDep: m.fakeDep,
          t: typeof m.t,
        };
      } catch (e) {
        out[id] = { refused: String(e instanceof Error ? e.message : e) };
      }
    }
    return out;
  }, ids);
  const refused = Object.entries(loaded)
    .filter(([, v]) => v.refused)
    .map(([id]) => id)
    .sort();
  expect(refused).toEqual(NOT_PROVIDED);
  for (const id of NOT_PROVIDED) {
    expect(loaded[id].refused).toContain(`does not provide Grafana's shared module '${id}'`);
  }
  // The line's React and router: react-router is react-router-dom-v5-compat (CompatRouter and the v6
  // hooks), react-router-dom is version 5 (Switch, which 6 removed).
  expect(loaded.react.react?.split('.')[0]).toBe(grafana.react.split('.')[0]);
  expect(loaded['react-router'].keys).toEqual(expect.arrayContaining(['CompatRouter', 'useNavigate', 'Routes']));
  expect(loaded['react-router-dom'].keys).toEqual(expect.arrayContaining(['Switch', 'withRouter']));
  expect(loaded['jquery.flot'].fakeDep).toBe(1);
  expect(loaded['app/core/utils/datemath'].keys).toEqual(expect.arrayContaining(['parse', 'isMathString']));
  expect(loaded['@grafana/ui'].keys).toEqual(expect.arrayContaining(['Button', 'ThemeContext']));
  expect(loaded.i18next.t).toBe('function');
  if (grafanaLine === '12.4') {
    // Not shared at 12.4 (grafana#118852 is 13.x): a plugin that asks for it does not load there.
    const missing = await page.evaluate(() =>
      window.System.import('react-dom/client').then(
        () => 'loaded',
        (e: Error) => e.message
      )
    );
    expect(missing).not.toBe('loaded');
  } else {
    expect(loaded['react-dom/client'].keys).toEqual(expect.arrayContaining(['createRoot', 'hydrateRoot']));
  }
  expect(pageErrors).toEqual([]);
});
