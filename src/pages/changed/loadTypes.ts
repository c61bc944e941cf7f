import { LoadingState } from '@grafana/data';
import { errorMessageOf, type FrameLike, type ResponseErrors } from '../../correlation/frame';
import type { Traffic } from '../../correlation/changes/perRequest';
import type { ChangeRow, KindMethod } from '../../correlation/changes/types';
import type { Window, Windows } from '../../correlation/changes/windows';
import type { RedDetection } from '../../settings/redDetection';
import type { ServiceEdge } from '../../correlation/serviceGraph/edges';

/** The shapes What changed's loader works with (loadChanges.ts, loadSpans.ts). */

export type KindId = 'signatures' | 'red' | 'spans' | 'slowCalls';

export interface KindState {
  status: 'loading' | 'done' | 'failed';
  rows: ChangeRow[];
  method?: KindMethod;
  /** Why the kind could not be compared. */
  error?: string;
  /** RED only: each service's request rate in both windows, to score error signatures per request. */
  traffic?: Traffic;
}

/** Tempo's service graph over both windows, or why it could not be read. */
export interface EdgesState {
  incident: ServiceEdge[];
  baseline: ServiceEdge[];
  error?: string;
}

export interface PanelDataLike extends ResponseErrors {
  state?: LoadingState;
  series: FrameLike[];
}

/** How the loader reaches the data sources; the page gives Scenes query runners and Grafana's backend service. */
export interface ChangeSources {
  query(
    ds: 'loki' | 'tempo' | 'metrics',
    queries: Array<Record<string, unknown> & { refId: string }>,
    window: Window
  ): Promise<PanelDataLike>;
  /** A data source resource call (GET); rejects as Grafana's backend service does. */
  resource(url: string): Promise<unknown>;
  redDetection(): Promise<RedDetection>;
  lokiUid(): string | undefined;
  tempoUid(): string | undefined;
}

export interface LoadInput {
  windows: Windows;
  services: string[];
  errorLevels: string[];
  traceId?: string;
  sources: ChangeSources;
  /** Now, in epoch ms: how old the windows are decides whether Loki still has their patterns. */
  now: number;
  onKind: (id: KindId, state: KindState) => void;
  onTrace?: (trace: { rootCause?: string; error?: string }) => void;
  onEdges?: (edges: EdgesState) => void;
}

/** How long Loki's pattern ingester keeps patterns by default (pattern_ingester.retain_for, Loki v3.7). */
export const PATTERN_RETENTION_MS = 3 * 3_600_000;

export const failed = (data: PanelDataLike) => data.state === LoadingState.Error || Boolean(errorMessageOf(data));
