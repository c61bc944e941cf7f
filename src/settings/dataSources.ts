/** Which data source each signal uses: the configured one while it exists, else the instance's default. */

export type SignalKind = 'loki' | 'tempo' | 'metrics';

/** Grafana plugin ids of the data source types each signal accepts. */
export const SIGNAL_PLUGIN_ID: Record<SignalKind, string> = {
  loki: 'loki',
  tempo: 'tempo',
  metrics: 'prometheus',
};

const SIGNAL_NAME: Record<SignalKind, string> = { loki: 'Loki', tempo: 'Tempo', metrics: 'Prometheus or Mimir' };

export interface DataSourceLike {
  uid: string;
  type: string;
  name?: string;
  isDefault?: boolean;
}

export interface PickedDataSource {
  uid?: string;
  /** Set when the configured data source is gone and another one is used instead. */
  note?: string;
  /** Set when there is none of that type. */
  error?: string;
}

/** Pure choice from the instance's data sources, so every case is testable without Grafana. */
export function pickDataSource(kind: SignalKind, list: DataSourceLike[], configuredUid?: string): PickedDataSource {
  const ofType = (Array.isArray(list) ? list : []).filter((ds) => ds && ds.type === SIGNAL_PLUGIN_ID[kind] && ds.uid);
  if (configuredUid) {
    if (ofType.some((ds) => ds.uid === configuredUid)) {
      return { uid: configuredUid };
    }
  }
  const fallback = ofType.find((ds) => ds.isDefault) ?? ofType[0];
  if (!fallback) {
    return {
      error: `No ${SIGNAL_NAME[kind]} data source: add one in Connections → Data sources, or pick one in Correlate's configuration.`,
    };
  }
  return configuredUid
    ? {
        uid: fallback.uid,
        note: `The configured ${SIGNAL_NAME[kind]} data source (${configuredUid}) no longer exists; using ${fallback.name ?? fallback.uid}.`,
      }
    : { uid: fallback.uid };
}
