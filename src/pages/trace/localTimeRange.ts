import { SceneTimeRange } from '@grafana/scenes';

/**
 * A time range the URL never sets nor reads. The trace page's window comes from the log line's time
 * or the trace's span, and the trace's lookup range from `traceFrom` / `traceTo`: left to Scenes'
 * URL sync, both would take the link's `from` / `to` (SceneTimeRange syncs those keys).
 */
export class LocalTimeRange extends SceneTimeRange {
  public get urlSync() {
    return undefined;
  }
}
