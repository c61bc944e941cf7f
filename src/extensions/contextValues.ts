/** Reading untrusted extension contexts: everything Grafana passes is checked before use. */

export type Signal = 'loki' | 'tempo' | 'metrics';

export const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The Correlate signal a data source type carries, if any. */
export function signalOfType(type: unknown): Signal | undefined {
  if (type === 'loki' || type === 'tempo') {
    return type;
  }
  return type === 'prometheus' ? 'metrics' : undefined;
}

/** A data source uid fit for a link: not empty, not a template variable. */
export const usableUid = (uid: unknown): string | undefined =>
  typeof uid === 'string' && uid !== '' && !uid.includes('$') && uid.length <= 200 ? uid : undefined;
