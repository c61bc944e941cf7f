/**
 * The Health page's checks in the order it shows them (src/correlation/health/checks.ts), spelled out
 * here so that the e2e spec and the component test both notice a check added, removed or moved.
 */
export const HEALTH_CHECKS = [
  'loki',
  'trace-ids',
  'tempo-traces',
  'red-metrics',
  'service-names',
  'service-graph',
  'exemplars',
  'tempo-to-loki',
  'loki-to-tempo',
  'metrics-to-tempo',
];
