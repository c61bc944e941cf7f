import { AppPlugin, PluginExtensionPoints, type AppRootProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import type { AppConfigProps } from './configPage/AppConfig';
import type { HealthEmbedProps } from './exposed/HealthEmbed';
import type { ServiceRedEmbedProps } from './exposed/ServiceRedEmbed';
import type { TraceInvestigationEmbedProps } from './exposed/TraceInvestigationEmbed';
import { changedLinkFromAlert, linkFromAlert } from './extensions/alertLink';
import { dataSourceType } from './extensions/dataSourceType';
import { linkFromQueries, safely } from './extensions/linkContext';
import { lazyComponent } from './shared/lazyComponent';
import { LINK_TITLES, PLUGIN_BASE_URL, PLUGIN_ID, ROUTES } from './constants';

// Everything but registration and link definitions loads lazily: Grafana fetches module.js on every
// page, because the app registers links. The app root loads each route's page when it is opened
// (app/routes.ts); each exposed component and the config page load only their own code.
// Without Suspense (shared/lazyComponent.tsx): React would hold each back 300 to 500 ms after its fallback.
const App = lazyComponent<AppRootProps>(() => import('./app/App'));
const AppConfig = lazyComponent<AppConfigProps>(() => import('./app/ConfigRoute'));
const TraceEmbed = lazyComponent<TraceInvestigationEmbedProps>(() => import('./exposed/TraceInvestigationEmbed'));
const ServiceRedEmbed = lazyComponent<ServiceRedEmbedProps>(() => import('./exposed/ServiceRedEmbed'));
const HealthEmbed = lazyComponent<HealthEmbedProps>(() => import('./exposed/HealthEmbed'));

const alertPath = (context: unknown) => {
  try {
    return linkFromAlert(context, { dataSourceType });
  } catch {
    return undefined;
  }
};

const LINK = { icon: 'bolt' as const, path: `${PLUGIN_BASE_URL}/${ROUTES.Errors}` };

/**
 * The rule page's menu (AlertRuleMenu, RulePluginExtensionItems in grafana/grafana) renders a link's
 * onClick only, never its path: without this, clicking there does nothing. Navigates to the path the
 * link configures for that context, if any.
 */
const navigateTo =
  (pathOf: (context: unknown) => string | undefined) => (_event: unknown, helpers?: { context?: unknown }) => {
    const path = pathOf(helpers?.context);
    if (path) {
      locationService.push(path);
    }
  };

export const plugin = new AppPlugin<{}>()
  .setRootPage(App)
  .addConfigPage({ title: 'Configuration', icon: 'cog', body: AppConfig, id: 'configuration' })
  .addLink({
    ...LINK,
    title: LINK_TITLES.queries,
    targets: [PluginExtensionPoints.DashboardPanelMenu, PluginExtensionPoints.ExploreToolbarAction],
    description: 'Open the errors, traces and RED metrics of the services this query names, for the same time range.',
    configure: safely(linkFromQueries),
  })
  .addLink({
    ...LINK,
    title: LINK_TITLES.alert,
    targets: [PluginExtensionPoints.AlertInstanceAction, PluginExtensionPoints.AlertingAlertingRuleAction],
    description:
      "Open the errors of the alert's service from before it fired; for a rule watching every service, the services ranked by failures.",
    configure: safely(alertPath),
    onClick: navigateTo(alertPath),
  })
  .addLink({
    icon: 'history',
    path: `${PLUGIN_BASE_URL}/${ROUTES.Changed}`,
    title: LINK_TITLES.alertChanged,
    targets: [PluginExtensionPoints.AlertInstanceAction, PluginExtensionPoints.AlertingAlertingRuleAction],
    description:
      "Compare the time around the alert's firing with the time before it: one ranked list of what changed in logs, traces and metrics.",
    configure: safely((context) => changedLinkFromAlert(context, { dataSourceType })),
    onClick: navigateTo((context) => changedLinkFromAlert(context, { dataSourceType })),
  })
  .exposeComponent({
    id: `${PLUGIN_ID}/trace-investigation/v1`,
    title: 'Trace investigation',
    description:
      "Correlate's drill-down view for one trace id: the trace, its logs and the RED metrics of its services.",
    component: TraceEmbed,
  })
  .exposeComponent({
    id: `${PLUGIN_ID}/service-red/v1`,
    title: 'Service RED summary',
    description: 'Requests per second, error fraction and p95 latency of one service.',
    component: ServiceRedEmbed,
  })
  .exposeComponent({
    id: `${PLUGIN_ID}/health/v1`,
    title: 'Correlation health',
    description:
      'Which link between logs, traces and metrics works, with the figure measured, the cause and the fix; the report is passed to onReport.',
    component: HealthEmbed,
  });
