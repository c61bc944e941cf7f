import { LoadingState, type PanelData } from '@grafana/data';
import { SceneQueryRunner, SceneTimeRange, type SceneDataQuery } from '@grafana/scenes';
import { POINTS_PER_WINDOW, type Window } from '../../correlation/changes/windows';

/** A query runner of its own for one window of the comparison. */
export function windowRunner(
  datasource: { uid: string },
  queries: Array<Record<string, unknown> & { refId: string }>,
  w: Window
): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource,
    queries: queries as SceneDataQuery[],
    maxDataPoints: POINTS_PER_WINDOW,
    $timeRange: new SceneTimeRange({ from: new Date(w.fromMs).toISOString(), to: new Date(w.toMs).toISOString() }),
  });
}

/**
 * Activates a runner (already in the scene, for the data source variables) and resolves with its first
 * answer (Done or Error), then stops it. `current` is false once the comparison was replaced: its answer
 * is then dropped. `onStop` receives the function that stops the runner, for when the page stops early.
 */
export function answerOnce(
  runner: SceneQueryRunner,
  current: () => boolean,
  onStop: (stop: () => void) => void
): Promise<PanelData> {
  return new Promise<PanelData>((resolve) => {
    let stopped = false;
    let deactivate: (() => void) | undefined;
    const stop = () => {
      if (!stopped && deactivate) {
        stopped = true;
        deactivate();
      }
    };
    onStop(stop);
    let settled = false;
    const settle = (data: PanelData | undefined) => {
      if (settled || !current() || !data) {
        return;
      }
      if (data.state === LoadingState.Done || data.state === LoadingState.Error) {
        settled = true;
        sub.unsubscribe();
        resolve(data);
        // Answered once: a later change of a data source variable must not run it again.
        queueMicrotask(stop);
      }
    };
    const sub = runner.subscribeToState((s) => settle(s.data));
    deactivate = runner.activate();
    settle(runner.state.data);
  });
}
