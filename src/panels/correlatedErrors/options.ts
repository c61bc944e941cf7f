import { DEFAULT_ERROR_LEVELS } from '../../queries/logql';

/** The panel's options, as saved in the dashboard JSON. */
export interface CorrelatedErrorsOptions {
  /** Loki data source uid; empty: the instance's default Loki. */
  lokiUid?: string;
  /** Services to show; ignored when `servicesVariable` is set. Empty: every service. */
  services?: string[];
  /** A dashboard variable (name, without `$`) holding the services. */
  servicesVariable?: string;
  levels?: string[];
  /** How many of the newest lines to list. */
  lines?: number;
  /** How many signatures to list. */
  signatures?: number;
}

export const DEFAULT_OPTIONS = { levels: DEFAULT_ERROR_LEVELS, lines: 20, signatures: 5 };
export const LINES = { min: 1, max: 100 };

/**
 * Options as the panel uses them: defaults for what is missing, wrong types repaired or dropped.
 * A dashboard's JSON can hold anything (old versions, hand edits).
 */
export function normalizeOptions(raw: unknown) {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const strings = (v: unknown) =>
    (Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [])
      .filter((x): x is string => typeof x === 'string')
      .map((x) => x.trim())
      .filter((x) => x !== '' && x.length <= 200)
      .slice(0, 50);
  const int = (v: unknown, fallback: number, min: number, max: number) => {
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : fallback;
  };
  const variable = typeof o.servicesVariable === 'string' ? o.servicesVariable.trim().replace(/^\$\{?|\}$/g, '') : '';
  const levels = strings(o.levels);
  return {
    lokiUid: typeof o.lokiUid === 'string' && o.lokiUid.trim() ? o.lokiUid.trim() : undefined,
    services: strings(o.services),
    servicesVariable: /^\w{1,100}$/.test(variable) ? variable : undefined,
    levels: levels.length ? levels : DEFAULT_OPTIONS.levels,
    lines: int(o.lines, DEFAULT_OPTIONS.lines, LINES.min, LINES.max),
    signatures: int(o.signatures, DEFAULT_OPTIONS.signatures, 1, 20),
  };
}

export type PanelSettings = ReturnType<typeof normalizeOptions>;

/**
 * The services a dashboard variable holds, read through Grafana's `json` format. "All" (or a
 * regex all-value) means every service; an unknown variable gives undefined.
 */
export function servicesFromVariable(interpolated: string, variable: string): string[] | undefined {
  if (interpolated === `\${${variable}:json}` || interpolated.trim() === '') {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(interpolated);
  } catch {
    return undefined;
  }
  const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  if (list.some((v) => v === '$__all' || v === '.*' || v === '.+' || v === '*')) {
    return [];
  }
  return list.filter((v) => v !== '' && v.length <= 200);
}
