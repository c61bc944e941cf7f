import { AppConfigPage, AppPage, test as base } from '@grafana/plugin-e2e';
import pluginJson from '../src/plugin.json';

type AppTestFixture = {
  appConfigPage: AppConfigPage;
  /**
   * Correlate's pages: `app.goto({ path, queryParams })`, and Grafana's own markup located with
   * `app.getByGrafanaSelector(selectors...)` (@grafana/e2e-selectors, resolved for the running version).
   */
  app: AppPage;
};

export const test = base.extend<AppTestFixture>({
  appConfigPage: async ({ gotoAppConfigPage }, use) => {
    await use(await gotoAppConfigPage({ pluginId: pluginJson.id }));
  },
  app: async ({ page, selectors, grafanaVersion, request }, use, testInfo) => {
    await use(new AppPage({ page, selectors, grafanaVersion, request, testInfo }, { pluginId: pluginJson.id }));
  },
});

export { expect } from '@grafana/plugin-e2e';
