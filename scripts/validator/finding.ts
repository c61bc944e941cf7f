/**
 * One broken rule. `rule` is the name @grafana/plugin-validator v0.31.0 reports it under
 * (pkg/analysis/passes/...), or, for checks of our own, a name that says what it checks.
 */
export interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  /** The file concerned, relative to the plugin folder (or to the source folder for source maps). */
  file: string;
  message: string;
}

export const error = (rule: string, file: string, message: string): Finding => ({
  rule,
  severity: 'error',
  file,
  message,
});

export const warning = (rule: string, file: string, message: string): Finding => ({
  rule,
  severity: 'warning',
  file,
  message,
});

/** A plugin.json found in the plugin folder: its path relative to the folder and its content. */
export interface Metadata {
  file: string;
  json: Record<string, unknown>;
}
