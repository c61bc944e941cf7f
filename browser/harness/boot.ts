// What Grafana's index.html sets before its own bundle runs: the boot data @grafana/runtime's
// config reads when it is first imported, and the public path @grafana/ui takes icons from. This
// module imports nothing, so it runs before @grafana/runtime is evaluated.

window.grafanaBootData = {
  assets: { dark: '', light: '' },
  settings: { appSubUrl: '', buildInfo: { version: '13.2.2' }, featureToggles: {} },
  user: { theme: 'dark', timezone: 'utc', weekStart: 'monday', orgId: 1, isSignedIn: true, language: 'en-US' },
  navTree: [],
};
window.__grafana_public_path__ = '/public/';

export {};
