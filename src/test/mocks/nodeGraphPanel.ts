import type { FieldConfig } from '@grafana/data';

// Reproduces grafana/grafana public/app/plugins/panel/nodeGraph/utils.ts statToString (every stored version; the exact 12.4.0 / 13.2.3 files not read): a string is shown as it is; a number with `config.decimals || 2` decimals (so 0 becomes 2) and the unit after a space.
export function nodeGraphStatToString(config: FieldConfig, value: number | string): string {
  if (typeof value === 'string') {
    return value;
  }
  const decimals = config.decimals || 2;
  return Number.isFinite(value) ? value.toFixed(decimals) + (config.unit ? ' ' + config.unit : '') : '';
}
