// Jest setup provided by Grafana scaffolding; it assumes a browser, so node-environment suites
// (stack checks, the real-Prometheus test) skip it.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
}
