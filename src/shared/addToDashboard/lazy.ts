/**
 * Everything "Add to dashboard" and the panel menu need beyond the menu itself, in one lazy chunk:
 * each chunk adds its name and hash to module.js's chunk map, which Grafana loads on every page.
 */
export { exploreUrl } from '../../dashboards/exploreUrl';
export { panelRequest } from './panelRequest';
export { investigationRequest } from './investigationRequest';
export { default as AddToDashboardDialog } from './AddToDashboardDialog';
