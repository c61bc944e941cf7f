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
  },
};
