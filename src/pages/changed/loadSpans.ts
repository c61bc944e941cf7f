import { spanCountsFromCompare, spanCountsFromSearch } from '../../correlation/changes/spanCounts';
import { metricsPieces, withinPiece } from '../../correlation/changes/metricsRanges';
import { stepMsFor, type Window } from '../../correlation/changes/windows';
import { errorMessageOf } from '../../correlation/frame';
import { SLOW_SPAN_MS, versionLatencyQuery } from '../../queries/traceql';
import { compareQueries, spanSampleQueries, versionLatencyQueries } from './changedQueries';
import { failed, type KindState, type LoadInput, type PanelDataLike } from './loadTypes';
import { inItsOwnTask } from './inItsOwnTask';
import { spanRows, type SpanWindows } from '../../correlation/changes/answerRows';
import { deployVersions, type DeployLatency } from '../../correlation/changes/versionChanges';
import { readVersionLatency } from '../../correlation/changes/versionLatency';

/**
 * What changed's span rows: Tempo's compare() per window, failing and slow spans against the others,
 * or, when Tempo cannot run it, a sample of spans from a TraceQL search.
 */

/** One window's TraceQL metrics: in pieces Tempo accepts (3 h by default), their samples added up; the first failure fails it. */
async function metricsOver(
  input: LoadInput,
  queries: (stepMs: number) => Array<Record<string, unknown> & { refId: string }>,
  window: Window
): Promise<PanelDataLike> {
  const stepMs = stepMsFor(input.windows.incident);
  const pieces = metricsPieces(window, stepMs);
  const answers = await Promise.all(pieces.map((p) => input.sources.query('tempo', queries(stepMs), p)));
  const bad = answers.find(failed);
  if (bad) {
    return bad;
  }
  const last = pieces.length - 1;
  return { ...answers[0], series: answers.flatMap((a, i) => withinPiece(a.series, pieces[i], i === 0, i === last)) };
}

/** Why compare() failed, in Tempo's words, with the setting that fixes the two causes Correlate knows. */
function compareFailure(text: string): string {
  const hint = /localblocks processor not found/i.test(text)
    ? `: turn on the metrics-generator's local-blocks processor (Tempo's metrics_generator.processors)`
    : /maximum allowed duration/i.test(text)
      ? `: Tempo's query_frontend.metrics.max_duration is below the 3 hours Correlate asks for at most`
      : '';
  return `Tempo could not run TraceQL metrics compare() (${text})${hint}`;
}

/**
 * The p95 of each deploy's new and replaced versions: only when compare() found a deploy, one
 * histogram_over_time per window (in the same pieces), for those versions only (at most
 * MAX_LATENCY_VERSIONS), so it stays small whatever the number of services. Never rejects: without it
 * the deploy rows keep their error and slow fractions, and the method says why.
 */
async function deployLatency(
  input: LoadInput,
  counts: SpanWindows
): Promise<{ latency?: DeployLatency; note: string }> {
  const { attribute, versions } = deployVersions({ ...counts.failing, slow: counts.slow, services: input.services });
  const query = versionLatencyQuery({ services: input.services, attribute, versions });
  if (!query) {
    return { note: '' };
  }
  try {
    const [inc, base] = await Promise.all(
      [input.windows.incident, input.windows.baseline].map((w) =>
        metricsOver(input, (stepMs) => versionLatencyQueries(query, stepMs), w)
      )
    );
    const bad = [inc, base].find(failed);
    if (bad) {
      return { note: `; the deployed versions' p95 could not be read (${errorMessageOf(bad) ?? 'no answer'})` };
    }
    const latency = {
      incident: await inItsOwnTask(() => readVersionLatency(inc.series, attribute)),
      baseline: await inItsOwnTask(() => readVersionLatency(base.series, attribute)),
    };
    return { latency, note: "; each deploy's p95 from Tempo's histogram_over_time(duration) of its versions" };
  } catch (err) {
    return {
      note: `; the deployed versions' p95 could not be read (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}

export async function loadSpans(input: LoadInput): Promise<KindState> {
  const { windows, services, sources } = input;
  const windowsList = [windows.incident, windows.baseline];
  // Per window, failing spans against the rest and slow spans against the rest, all at once.
  const [inc, base, slowInc, slowBase] = await Promise.all(
    (['failing', 'slow'] as const).flatMap((split) =>
      windowsList.map((w) => metricsOver(input, (stepMs) => compareQueries(services, stepMs, split), w))
    )
  );
  const bad = [inc, base, slowInc, slowBase].find(failed);
  if (!bad) {
    const failing = {
      incident: await inItsOwnTask(() => spanCountsFromCompare(inc.series)),
      baseline: await inItsOwnTask(() => spanCountsFromCompare(base.series)),
    };
    const slow = {
      incident: await inItsOwnTask(() => spanCountsFromCompare(slowInc.series, 'slow')),
      baseline: await inItsOwnTask(() => spanCountsFromCompare(slowBase.series, 'slow')),
    };
    const latency = await deployLatency(input, { failing, slow });
    return {
      status: 'done',
      rows: await inItsOwnTask(() => spanRows(input.services, { failing, slow }, latency.latency)),
      method: {
        method: `Tempo TraceQL metrics compare(), failing server spans and slow ones (${SLOW_SPAN_MS} ms or more) against the others${latency.note}`,
        fallback: false,
      },
    };
  }
  // A sample answers both splits, so one failing compare() is enough to fall back to it.
  const reason = compareFailure(errorMessageOf(bad) ?? 'no answer');
  const [si, sb] = await Promise.all(windowsList.map((w) => sources.query('tempo', spanSampleQueries(services), w)));
  const badSample = [si, sb].find(failed);
  if (badSample) {
    return { status: 'failed', rows: [], error: `${reason}, and its search failed too: ${errorMessageOf(badSample)}.` };
  }
  const ci = await inItsOwnTask(() => spanCountsFromSearch(si.series, SLOW_SPAN_MS));
  const cb = await inItsOwnTask(() => spanCountsFromSearch(sb.series, SLOW_SPAN_MS));
  const both = { incident: ci, baseline: cb };
  return {
    status: 'done',
    rows: await inItsOwnTask(() => spanRows(input.services, { failing: both, slow: both })),
    method: {
      method: `a sample of server spans from a TraceQL search per window (${ci.spans} spans, ${ci.failed} failing, ${ci.slow} slow (${SLOW_SPAN_MS} ms or more), in the incident window; ${cb.spans}, ${cb.failed} failing, ${cb.slow} slow, in the baseline)`,
      fallback: true,
      reason,
    },
  };
}
