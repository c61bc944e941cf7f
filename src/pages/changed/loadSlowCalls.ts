import { slowCallRows } from '../../correlation/changes/answerRows';
import { edgeChangesBetween } from '../../correlation/changes/edgeChanges';
import { SLOW_CALL_TRACES, slowCallTargets, type SlowCallTarget } from '../../correlation/changes/slowCalls';
import { errorMessageOf } from '../../correlation/frame';
import { msText } from '../../shared/figures';
import { slowCallQueries } from './changedQueries';
import { inItsOwnTask } from './inItsOwnTask';
import { failed, type EdgesState, type KindState, type LoadInput, type PanelDataLike } from './loadTypes';

/**
 * What changed's second wave: once RED (and the service graph) answered, the slow calls of the services
 * that got slower, from a TraceQL search per service and window (src/correlation/changes/slowCalls.ts).
 */

/** Why calls are searched, not compared: the Tempo setting that decides it, named. */
export const CLIENT_SPANS_REASON =
  'TraceQL metrics compare() counts server spans only: Tempo answers its last 30 minutes from the metrics-generator, which keeps server spans unless metrics_generator.processor.local_blocks.filter_server_spans is false';

export async function loadSlowCalls(
  input: LoadInput,
  red: KindState,
  edges: EdgesState | undefined
): Promise<KindState> {
  const { windows, sources } = input;
  if (red.status !== 'done') {
    return {
      status: 'failed',
      rows: [],
      error: 'Not searched: which services got slower comes from RED, which did not answer.',
    };
  }
  const changes = edges && !edges.error ? edgeChangesBetween(windows, edges) : [];
  const targets = slowCallTargets(red.rows, changes);
  if (targets.length === 0) {
    return {
      status: 'done',
      rows: [],
      method: { method: 'no service got slower, so no calls were searched', fallback: false },
    };
  }
  // One service at a time (its two windows at once): each search queues a job per 100 MiB of blocks in
  // its window on Tempo's query-frontend, whose queue holds max_outstanding_per_tenant (2000) jobs.
  const answers: Array<{ target: SlowCallTarget; incident: PanelDataLike; baseline: PanelDataLike }> = [];
  for (const target of targets) {
    const [incident, baseline] = await Promise.all(
      [windows.incident, windows.baseline].map((w) =>
        sources.query('tempo', slowCallQueries(target.service, target.thresholdMs), w)
      )
    );
    answers.push({ target, incident, baseline });
    if (failed(incident) || failed(baseline)) {
      break;
    }
  }
  const bad = answers.find((a) => failed(a.incident) || failed(a.baseline));
  if (bad) {
    const why = errorMessageOf(failed(bad.incident) ? bad.incident : bad.baseline) ?? 'no answer';
    return {
      status: 'failed',
      rows: [],
      error: `Tempo could not search the slow calls of ${bad.target.service} (${why}). Open the service's slow traces instead.`,
    };
  }
  const rows = await inItsOwnTask(() =>
    answers.flatMap((a) =>
      slowCallRows({
        target: a.target,
        windows,
        incident: a.incident.series,
        baseline: a.baseline.series,
        traffic: red.traffic,
      })
    )
  );
  const which = targets.map((t) => `${t.service} (${msText(t.thresholdMs)} or more)`).join(', ');
  return {
    status: 'done',
    rows,
    method: {
      method: `a sample of slow client spans (calls to databases and other services) of ${which}, from a TraceQL search per window, at most ${SLOW_CALL_TRACES} traces each; a call is slow at its service's p95 in the baseline or more`,
      fallback: true,
      reason: CLIENT_SPANS_REASON,
    },
  };
}
