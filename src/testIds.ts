/**
 * Stable test ids for every element an end-to-end test needs, Correlate's own and other teams'.
 * Values are rendered as `data-testid`; keep them stable across releases.
 */
export const testIds = {
  appConfig: {
    container: 'data-testid correlate-config',
    dataSource: (kind: 'loki' | 'tempo' | 'metrics') => `data-testid correlate-config-datasource-${kind}`,
    redDetection: 'data-testid correlate-config-red-detection',
    traceIdFields: 'data-testid correlate-config-traceid-fields',
    traceIdPatterns: 'data-testid correlate-config-traceid-patterns',
    tryLine: 'data-testid correlate-config-try-line',
    tryLineResult: 'data-testid correlate-config-try-line-result',
    errorLevels: 'data-testid correlate-config-error-levels',
    padding: 'data-testid correlate-config-padding',
    maxLines: 'data-testid correlate-config-max-lines',
    saveError: 'data-testid correlate-config-save-error',
    submit: 'data-testid correlate-config-save',
    healthTraceSample: 'data-testid correlate-config-health-trace-sample',
    healthLinesPerService: 'data-testid correlate-config-health-lines',
    healthServices: 'data-testid correlate-config-health-services',
    healthSummary: 'data-testid correlate-config-health-summary',
  },
  page: {
    message: 'data-testid correlate-page-message',
  },
  errors: {
    page: 'data-testid correlate-errors',
    signatures: 'data-testid correlate-errors-signatures',
    signature: 'data-testid correlate-errors-signature',
    clearSignature: 'data-testid correlate-errors-clear-signature',
    logList: 'data-testid correlate-errors-log-list',
    logRow: 'data-testid correlate-errors-log-row',
    traceLink: 'data-testid correlate-errors-trace-link',
    serviceLink: 'data-testid correlate-errors-service-link',
    empty: 'data-testid correlate-errors-empty',
    queryError: 'data-testid correlate-errors-query-error',
    unknownService: 'data-testid correlate-errors-unknown-service',
  },
  trace: {
    page: 'data-testid correlate-trace',
    idInput: 'data-testid correlate-trace-id-input',
    idOpen: 'data-testid correlate-trace-id-open',
    window: 'data-testid correlate-trace-window',
    view: 'data-testid correlate-trace-view',
    summary: 'data-testid correlate-trace-summary',
    summaryLoading: 'data-testid correlate-trace-summary-loading',
    summaryMessage: 'data-testid correlate-trace-summary-message',
    rootCause: 'data-testid correlate-trace-root-cause',
    errorSpans: 'data-testid correlate-trace-error-spans',
    logs: 'data-testid correlate-trace-logs',
    red: 'data-testid correlate-trace-red',
    errorLogs: 'data-testid correlate-trace-error-logs',
  },
  red: {
    section: 'data-testid correlate-red',
    message: 'data-testid correlate-red-message',
  },
  serviceMap: {
    section: 'data-testid correlate-service-map',
    graph: 'data-testid correlate-service-map-graph',
    callers: 'data-testid correlate-service-map-callers',
    callees: 'data-testid correlate-service-map-callees',
    row: 'data-testid correlate-service-map-row',
    message: 'data-testid correlate-service-map-message',
  },
  tracePath: {
    section: 'data-testid correlate-trace-path',
    graph: 'data-testid correlate-trace-path-graph',
    row: 'data-testid correlate-trace-path-row',
    rootCause: 'data-testid correlate-trace-path-root-cause',
  },
  services: {
    table: 'data-testid correlate-services-table',
    row: 'data-testid correlate-services-row',
    empty: 'data-testid correlate-services-empty',
    error: 'data-testid correlate-services-error',
  },
  panel: {
    container: 'data-testid correlate-panel',
    signatures: 'data-testid correlate-panel-signatures',
    signature: 'data-testid correlate-panel-signature',
    lines: 'data-testid correlate-panel-lines',
    line: 'data-testid correlate-panel-line',
    empty: 'data-testid correlate-panel-empty',
    message: 'data-testid correlate-panel-message',
  },
  embed: {
    trace: 'data-testid correlate-embed-trace',
    serviceRed: 'data-testid correlate-embed-service-red',
    health: 'data-testid correlate-embed-health',
  },
  /**
   * The Health page (and its compact form on the config page and in the exposed component). Each
   * check row carries `data-check-id` and `data-state` (ok, degraded, broken, unknown, pending);
   * the report carries `data-complete="true"` once the second wave is in.
   */
  health: {
    report: 'data-testid correlate-health',
    summary: 'data-testid correlate-health-summary',
    requests: 'data-testid correlate-health-requests',
    loading: 'data-testid correlate-health-loading',
    error: 'data-testid correlate-health-error',
    check: 'data-testid correlate-health-check',
    state: 'data-testid correlate-health-check-state',
    figure: 'data-testid correlate-health-check-figure',
    cause: 'data-testid correlate-health-check-cause',
    fix: 'data-testid correlate-health-check-fix',
    detailLink: 'data-testid correlate-health-check-detail-link',
    detail: 'data-testid correlate-health-check-detail',
    detailRow: 'data-testid correlate-health-detail-row',
  },
};
