import { errorMessageOf } from '../../correlation/frame';
import { logRowsOfFrame } from '../../correlation/logRows';
import {
  levelsPatternsCannotSee,
  LOKI_PATTERN_CAP,
  readPatternsResponse,
  patternsAtLevels,
} from '../../correlation/changes/patternsResponse';
import { patternsCallRange } from '../../correlation/changes/patternWindows';
import { redChanges, redTraffic } from '../../correlation/changes/redChanges';
import { readServiceEdges } from '../../correlation/serviceGraph/edges';
import { changedEdgesQueries } from '../../queries/serviceGraph';
import { seriesOfFrame, sum } from '../../correlation/changes/seriesOfFrames';
import {
  signatureChangesFromPatterns,
  signatureChangesFromSamples,
  type SignatureSample,
} from '../../correlation/changes/signatureChanges';
import type { ChangeRow } from '../../correlation/changes/types';
import { stepMsFor, type Window } from '../../correlation/changes/windows';
import { spansOfFrame, summarizeTrace, tempoPartialOf } from '../../correlation/traceSummary';
import { RED_PROFILES } from '../../queries/redProfiles';
import { topErrorServicesOfAllQuery } from '../../queries/logql';
import { LINE_SERVICES, serviceErrorCounts, topErrorServices } from '../../correlation/topErrorServices';
import { traceQuery } from '../trace/traceQueries';
import { lokiSampleQueries, patternsUrl, RED_TOP_SERVICES, redWindowQueries } from './changedQueries';
import { loadSpans } from './loadSpans';
import { loadSlowCalls } from './loadSlowCalls';
import {
  failed,
  PATTERN_RETENTION_MS,
  type EdgesState,
  type KindId,
  type KindState,
  type LoadInput,
  type PanelDataLike,
} from './loadTypes';
import { inItsOwnTask } from './inItsOwnTask';
import { patternsMissingText, unseenLevelsText } from './signatureReasons';
export { PATTERN_RETENTION_MS } from './loadTypes';

/**
 * Runs What changed's requests in at most two waves and turns each answer into rows as it arrives:
 *
 * wave 1, all at once: Loki's patterns API (one call over both windows, for a baseline just before;
 * a baseline a day earlier is older than Loki keeps patterns), Tempo's compare() for each window twice (failing spans, slow spans), the RED queries for each window (or,
 * with `auto`, the metric-name lookup that picks their family), the investigated trace;
 * wave 2, only where wave 1 could not: the RED queries after the lookup, a bounded page of error
 * lines per window when the patterns API is missing, the baseline is older than its 3 h or an error
 * level is one it keeps no patterns for, a bounded sample of spans per window when Tempo cannot run
 * compare(); and, once RED and the service graph answered, a bounded search of the slow client spans
 * of the services that got slower (loadSlowCalls.ts).
 *
 * Each kind succeeds or fails on its own; a fallback says what it did instead and why.
 */

export type { KindId, KindState, EdgesState, PanelDataLike, ChangeSources, LoadInput } from './loadTypes';

/** A failed request's text: Grafana's FetchError `data.message`, else its status or message. */
export function fetchErrorText(err: unknown): string {
  const e = err as { status?: number; data?: { message?: unknown }; message?: unknown };
  const message = typeof e?.data?.message === 'string' && e.data.message ? e.data.message : undefined;
  if (message) {
    return e.status ? `HTTP ${e.status}: ${message}` : message;
  }
  if (e?.status) {
    return `HTTP ${e.status}`;
  }
  return typeof e?.message === 'string' ? e.message : String(err);
}

async function signaturesByPatterns(
  input: LoadInput,
  lokiUid: string
): Promise<{ rows: ChangeRow[]; capped: boolean }> {
  const { windows, services, sources, errorLevels } = input;
  const stepMs = stepMsFor(windows.incident);
  let capped = false;
  const read = async (range: Window) => {
    const body = await sources.resource(patternsUrl(lokiUid, services, range, stepMs));
    const parsed = await inItsOwnTask(() => readPatternsResponse(body));
    if (parsed.error) {
      throw new Error(parsed.error);
    }
    capped = capped || Boolean(parsed.capped);
    return patternsAtLevels(parsed.series, errorLevels);
  };
  if (windows.mode === 'previous') {
    const both = await read(patternsCallRange(windows, stepMs));
    return {
      rows: await inItsOwnTask(() =>
        signatureChangesFromPatterns({ windows, stepMs, incident: both, baseline: both, services })
      ),
      capped,
    };
  }
  const [incident, baseline] = await Promise.all([read(windows.incident), read(windows.baseline)]);
  return {
    rows: await inItsOwnTask(() => signatureChangesFromPatterns({ windows, stepMs, incident, baseline, services })),
    capped,
  };
}

/** What the patterns cover, said plainly: Loki's cap and minimum, and whether this answer hit the cap. */
export function patternsMethodText(capped: boolean): string {
  return capped
    ? `Loki patterns API: partial. Loki keeps its ${LOKI_PATTERN_CAP} most frequent patterns of all levels, and this answer reached that cap, so rarer error patterns may be missing. Pick fewer services to see them all`
    : 'Loki patterns API: error patterns with 30 or more lines over both windows (Loki leaves out smaller ones)';
}

/** The services with the most error lines in the incident window, by one count bounded by it. */
async function topErrorServicesOfWindow(input: LoadInput): Promise<{ services: string[] } | { error: string }> {
  const { windows, sources, errorLevels } = input;
  const rangeMs = windows.incident.toMs - windows.incident.fromMs;
  const expr = topErrorServicesOfAllQuery({ levels: errorLevels, rangeMs, top: LINE_SERVICES });
  const data = await sources.query('loki', [{ refId: 'top', expr, queryType: 'instant' }], windows.incident);
  if (failed(data)) {
    return { error: errorMessageOf(data) ?? 'no data' };
  }
  const counts = serviceErrorCounts(data.series, ['top'], 'instant');
  return { services: topErrorServices(counts, LINE_SERVICES).map((s) => s.service) };
}

async function signaturesBySample(input: LoadInput, reason: string): Promise<KindState> {
  const { windows, sources, errorLevels } = input;
  let services = input.services;
  if (services.length === 0) {
    // The lines of every service would be every log line of both windows (levels are not indexed):
    // read those of the services with the most errors in the incident window, found by a count.
    const top = await topErrorServicesOfWindow(input);
    if ('error' in top) {
      return {
        status: 'failed',
        rows: [],
        error: `No error signatures: ${reason.replace(/\.$/, '')}. Without it Correlate reads the error lines of the services with the most errors, and Loki could not count them (${top.error}). Pick the services to compare.`,
      };
    }
    services = top.services;
    if (services.length === 0) {
      return {
        status: 'done',
        rows: [],
        method: { method: 'No error lines in either window', fallback: true, reason },
      };
    }
  }
  const stepMs = stepMsFor(windows.incident);
  const [inc, base] = await Promise.all(
    [windows.incident, windows.baseline].map((w) =>
      sources.query('loki', lokiSampleQueries(services, errorLevels, stepMs), w)
    )
  );
  const bad = [inc, base].find(failed);
  if (bad) {
    return { status: 'failed', rows: [], error: `Loki could not answer: ${errorMessageOf(bad) ?? 'no data'}.` };
  }
  const sample = (data: PanelDataLike): SignatureSample => ({
    rows: data.series.filter((f) => f.refId === 'lines').flatMap((f) => logRowsOfFrame(f)),
    total: sum(data.series.filter((f) => f.refId === 'total').map((f) => sum(seriesOfFrame(f)?.values ?? []))),
  });
  const i = await inItsOwnTask(() => sample(inc));
  const b = await inItsOwnTask(() => sample(base));
  const part = (s: SignatureSample) =>
    `${Math.min(s.rows.length, s.total) || s.rows.length} of ${Math.max(s.total, s.rows.length)}`;
  return {
    status: 'done',
    rows: await inItsOwnTask(() => signatureChangesFromSamples({ windows, incident: i, baseline: b, services })),
    method: {
      method: `Correlate's own fingerprints over the newest error lines of each window (${part(i)} in the incident window, ${part(b)} in the baseline), scaled by LogQL counts`,
      fallback: true,
      reason,
    },
  };
}

async function loadSignatures(input: LoadInput): Promise<KindState> {
  const lokiUid = input.sources.lokiUid();
  if (!lokiUid) {
    return {
      status: 'failed',
      rows: [],
      error: 'No Loki data source: pick one above or in Correlate’s configuration.',
    };
  }
  const unseen = levelsPatternsCannotSee(input.errorLevels);
  if (unseen.length) {
    // Counting the other levels by pattern would leave these lines out without a word (upstream review F5).
    return signaturesBySample(input, unseenLevelsText(unseen));
  }
  if (input.now - input.windows.baseline.fromMs > PATTERN_RETENTION_MS) {
    return signaturesBySample(
      input,
      'the baseline is older than the 3 hours Loki’s pattern ingester keeps patterns by default'
    );
  }
  try {
    const { rows, capped } = await signaturesByPatterns(input, lokiUid);
    return { status: 'done', rows, method: { method: patternsMethodText(capped), fallback: false } };
  } catch (err) {
    return signaturesBySample(input, patternsMissingText(fetchErrorText(err)));
  }
}

async function loadRed(input: LoadInput): Promise<KindState> {
  const detection = await input.sources.redDetection();
  if (!detection.profile) {
    return {
      status: 'failed',
      rows: [],
      error:
        detection.error ??
        `None of these metrics exist in the metrics data source: ${detection.tried.join(', ')}. Switch on Tempo’s span metrics, or pick another RED source in Correlate’s configuration.`,
    };
  }
  const profile = detection.profile;
  const { windows, services, sources } = input;
  const [inc, base] = await Promise.all(
    [windows.incident, windows.baseline].map((w) =>
      sources.query('metrics', redWindowQueries(profile, services, windows.incident), w)
    )
  );
  const bad = [inc, base].find(failed);
  if (bad) {
    return { status: 'failed', rows: [], error: `The metrics data source could not answer: ${errorMessageOf(bad)}.` };
  }
  const serviceLabel = RED_PROFILES[profile].serviceLabel;
  return {
    status: 'done',
    rows: await inItsOwnTask(() => redChanges({ windows, incident: inc.series, baseline: base.series, serviceLabel })),
    traffic: redTraffic({ incident: inc.series, baseline: base.series, serviceLabel }),
    method: {
      method: `${RED_PROFILES[profile].title}, each window against the baseline's own variation${services.length ? '' : `, for the ${RED_TOP_SERVICES} services with the most failed requests in the incident window, then the busiest`}`,
      fallback: false,
    },
  };
}

async function loadTrace(input: LoadInput, traceId: string) {
  const data = await input.sources.query('tempo', [traceQuery(traceId)], input.windows.incident);
  const frame = data.series.find((f) => f.fields?.some((x) => x.name === 'spanID'));
  const summary = await inItsOwnTask(() => summarizeTrace(spansOfFrame(frame), tempoPartialOf(frame)));
  const cause = summary?.rootCause;
  const rootCause = cause
    ? `${cause.service}: ${cause.name}${cause.statusMessage ? ` (${cause.statusMessage})` : ''}${summary?.partial ? ', from a partial trace' : ''}`
    : undefined;
  return { rootCause, error: summary ? undefined : (errorMessageOf(data) ?? 'Tempo does not have this trace') };
}

/**
 * The service graph's edges in both windows (Tempo's metrics-generator, in the metrics data source),
 * to tell a cause from its callers' symptoms. Never rejects; without it causes are not traced through calls.
 */
async function loadEdges(input: LoadInput): Promise<EdgesState> {
  const q = changedEdgesQueries(input.services);
  const queries = (['requests', 'errors', 'p95'] as const).map((refId) => ({
    refId,
    expr: q[refId],
    instant: true,
    range: false,
  }));
  const [inc, base] = await Promise.all(
    [input.windows.incident, input.windows.baseline].map((w) => input.sources.query('metrics', queries, w))
  );
  const bad = [inc, base].find(failed);
  if (bad) {
    return { incident: [], baseline: [], error: errorMessageOf(bad) ?? 'no answer' };
  }
  return { incident: readServiceEdges(inc.series).edges, baseline: readServiceEdges(base.series).edges };
}

/** Runs every kind; each reports when done. Never rejects: a kind that throws is reported failed. */
export async function loadChanges(input: LoadInput): Promise<void> {
  const run = async (id: KindId, load: (i: LoadInput) => Promise<KindState>) => {
    let state: KindState;
    try {
      state = await load(input);
    } catch (err) {
      state = { status: 'failed', rows: [], error: fetchErrorText(err) };
    }
    input.onKind(id, state);
    return state;
  };
  const trace = input.traceId
    ? loadTrace(input, input.traceId).then(
        (t) => input.onTrace?.(t),
        (err) => input.onTrace?.({ error: fetchErrorText(err) })
      )
    : Promise.resolve();
  const edges: Promise<EdgesState | undefined> = input.onEdges
    ? loadEdges(input)
        .catch((err): EdgesState => ({ incident: [], baseline: [], error: fetchErrorText(err) }))
        .then((e) => {
          input.onEdges?.(e);
          return e;
        })
    : Promise.resolve(undefined);
  const signatures = run('signatures', loadSignatures);
  const red = run('red', loadRed);
  const spans = run('spans', loadSpans);
  // The second wave: the slow calls of the services RED found slower.
  const slowCalls = Promise.all([red, edges]).then(([r, e]) => run('slowCalls', (i) => loadSlowCalls(i, r, e)));
  await Promise.all([signatures, red, spans, trace, edges, slowCalls]);
}
