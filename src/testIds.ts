/**
 * Stable test ids for every element an end-to-end test needs, Correlate's own and other teams'.
 * Values are rendered as `data-testid`; keep them stable across releases.
 */
export const testIds = {
  appConfig: {
    container: 'data-testid correlate-config',
    submit: 'data-testid correlate-config-save',
  },
};
