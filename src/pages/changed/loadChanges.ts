import { LoadingState } from '@grafana/data';
import { errorMessageOf, type FrameLike, type ResponseErrors } from '../../correlation/frame';
import { logRowsOfFrame } from '../../correlation/logRows';
import { attributeChanges } from '../../correlation/changes/attributeChanges';
import { LOKI_PATTERN_CAP, readPatternsResponse, patternsAtLevels } from '../../correlation/changes/patternsResponse';
import { redChanges } from '../../correlation/changes/redChanges';
import { seriesOfFrame, sum } from '../../correlation/changes/seriesOfFrames';
import {
  signatureChangesFromPatterns,
  signatureChangesFromSamples,
  type SignatureSample,
} from '../../correlation/changes/signatureChanges';
import { metricsPieces, withinPiece } from '../../correlation/changes/metricsRanges';
import { spanCountsFromCompare, spanCountsFromSearch, type SpanCounts } from '../../correlation/changes/spanCounts';
import type { ChangeRow, KindMethod } from '../../correlation/changes/types';
import { versionChanges } from '../../correlation/changes/versionChanges';
import { stepMsFor, type Window, type Windows } from '../../correlation/changes/windows';
import { spansOfFrame, summarizeTrace, tempoPartialOf } from '../../correlation/traceSummary';
import { SLOW_SPAN_MS, spansWithAttributeQuery, type SpansAmong } from '../../queries/traceql';
import { RED_PROFILES } from '../../queries/redProfiles';
import type { RedDetection } from '../../settings/redDetection';
import { topErrorServicesOfAllQuery } from '../../queries/logql';
import { LINE_SERVICES, serviceErrorCounts, topErrorServices } from '../../correlation/topErrorServices';
import { traceQuery } from '../trace/traceQueries';
import {
  compareQueries,
  lokiSampleQueries,
  patternsUrl,
  RED_TOP_SERVICES,
  redWindowQueries,
  spanSampleQueries,
} from './changedQueries';

/**
 * Runs What changed's requests in at most two waves and turns each answer into rows as it arrives:
 *
 * wave 1, all at once: Loki's patterns API (one call over both windows; one per window for a
 * baseline a day earlier), Tempo's compare() for each window twice (failing spans, slow spans), the RED queries for each window (or,
 * with `auto`, the metric-name lookup that picks their family), the investigated trace;
 * wave 2, only where wave 1 could not: the RED queries after the lookup, a bounded page of error
 * lines per window when the patterns API is missing, a bounded sample of spans per window when
 * Tempo cannot run compare().
 *
 * Each kind succeeds or fails on its own; a fallback says what it did instead and why.
 */

export type KindId = 'signatures' | 'red' | 'spans';

export interface KindState {
  status: 'loading' | 'done' | 'failed';
  rows: ChangeRow[];
  method?: KindMethod;
  /** Why the kind could not be compared. */
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
}

/** How long Loki's pattern ingester keeps patterns by default (pattern_ingester.retain_for, Loki v3.7). */
export const PATTERN_RETENTION_MS = 3 * 3_600_000;

const failed = (data: PanelDataLike) => data.state === LoadingState.Error || Boolean(errorMessageOf(data));

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

const patternsMissingText = (reason: string) =>
  /404/.test(reason)
    ? `Loki has no patterns API (${reason}): its pattern ingester is off (pattern_ingester.enabled).`
    : `Loki's patterns API failed (${reason}).`;

async function signaturesByPatterns(
  input: LoadInput,
  lokiUid: string
): Promise<{ rows: ChangeRow[]; capped: boolean }> {
  const { windows, services, sources, errorLevels } = input;
  const stepMs = stepMsFor(windows.incident);
  let capped = false;
  const read = async (range: Window) => {
    const parsed = readPatternsResponse(await sources.resource(patternsUrl(lokiUid, services, range, stepMs)));
    if (parsed.error) {
      throw new Error(parsed.error);
    }
    capped = capped || Boolean(parsed.capped);
    return patternsAtLevels(parsed.series, errorLevels);
  };
  if (windows.mode === 'previous') {
    const both = await read({ fromMs: windows.baseline.fromMs, toMs: windows.incident.toMs });
    return {
      rows: signatureChangesFromPatterns({ windows, stepMs, incident: both, baseline: both, services }),
      capped,
    };
  }
  const [incident, baseline] = await Promise.all([read(windows.incident), read(windows.baseline)]);
  return { rows: signatureChangesFromPatterns({ windows, stepMs, incident, baseline, services }), capped };
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
  const i = sample(inc);
  const b = sample(base);
  const part = (s: SignatureSample) =>
    `${Math.min(s.rows.length, s.total) || s.rows.length} of ${Math.max(s.total, s.rows.length)}`;
  return {
    status: 'done',
    rows: signatureChangesFromSamples({ windows, incident: i, baseline: b, services }),
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
  return {
    status: 'done',
    rows: redChanges({
      windows,
      incident: inc.series,
      baseline: base.series,
      serviceLabel: RED_PROFILES[profile].serviceLabel,
    }),
    method: {
      method: `${RED_PROFILES[profile].title}, each window against the baseline's own variation${services.length ? '' : `, for the ${RED_TOP_SERVICES} services with the most failed requests in the incident window, then the busiest`}`,
      fallback: false,
    },
  };
}

/** Counts of both windows; the slow ones are the failing ones when one sample gives both. */
interface SpanWindows {
  failing: { incident: SpanCounts; baseline: SpanCounts };
  slow: { incident: SpanCounts; baseline: SpanCounts };
}

function spanRows(input: LoadInput, counts: SpanWindows): ChangeRow[] {
  const { services } = input;
  const query = (among: SpansAmong) => (v: { attribute: string; value: string; type: 'string' | 'number' | 'bool' }) =>
    spansWithAttributeQuery({ services, ...v, among });
  return [
    ...versionChanges({ ...counts.failing, services, tracesQuery: query('all') }),
    ...attributeChanges({ ...counts.failing, services, tracesQuery: query('failing') }),
    ...attributeChanges({ ...counts.slow, services, tracesQuery: query('slow'), among: 'slow' }),
  ];
}

/** One window's compare(): in pieces Tempo accepts (3 h by default), their samples added up; the first failure fails it. */
async function compareOver(input: LoadInput, split: 'failing' | 'slow', window: Window): Promise<PanelDataLike> {
  const stepMs = stepMsFor(input.windows.incident);
  const pieces = metricsPieces(window, stepMs);
  const answers = await Promise.all(
    pieces.map((p) => input.sources.query('tempo', compareQueries(input.services, stepMs, split), p))
  );
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

async function loadSpans(input: LoadInput): Promise<KindState> {
  const { windows, services, sources } = input;
  const windowsList = [windows.incident, windows.baseline];
  // Per window, failing spans against the rest and slow spans against the rest, all at once.
  const [inc, base, slowInc, slowBase] = await Promise.all(
    (['failing', 'slow'] as const).flatMap((split) => windowsList.map((w) => compareOver(input, split, w)))
  );
  const bad = [inc, base, slowInc, slowBase].find(failed);
  if (!bad) {
    return {
      status: 'done',
      rows: spanRows(input, {
        failing: { incident: spanCountsFromCompare(inc.series), baseline: spanCountsFromCompare(base.series) },
        slow: {
          incident: spanCountsFromCompare(slowInc.series, 'slow'),
          baseline: spanCountsFromCompare(slowBase.series, 'slow'),
        },
      }),
      method: {
        method: `Tempo TraceQL metrics compare(), failing server spans and slow ones (${SLOW_SPAN_MS} ms or more) against the others`,
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
  const ci = spanCountsFromSearch(si.series, SLOW_SPAN_MS);
  const cb = spanCountsFromSearch(sb.series, SLOW_SPAN_MS);
  const both = { incident: ci, baseline: cb };
  return {
    status: 'done',
    rows: spanRows(input, { failing: both, slow: both }),
    method: {
      method: `a sample of server spans from a TraceQL search per window (${ci.spans} spans, ${ci.failed} failing, ${ci.slow} slow (${SLOW_SPAN_MS} ms or more), in the incident window; ${cb.spans}, ${cb.failed} failing, ${cb.slow} slow, in the baseline)`,
      fallback: true,
      reason,
    },
  };
}

async function loadTrace(input: LoadInput, traceId: string) {
  const data = await input.sources.query('tempo', [traceQuery(traceId)], input.windows.incident);
  const frame = data.series.find((f) => f.fields?.some((x) => x.name === 'spanID'));
  const summary = summarizeTrace(spansOfFrame(frame), tempoPartialOf(frame));
  const cause = summary?.rootCause;
  const rootCause = cause
    ? `${cause.service}: ${cause.name}${cause.statusMessage ? ` (${cause.statusMessage})` : ''}${summary?.partial ? ', from a partial trace' : ''}`
    : undefined;
  return { rootCause, error: summary ? undefined : (errorMessageOf(data) ?? 'Tempo does not have this trace') };
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
  };
  const trace = input.traceId
    ? loadTrace(input, input.traceId).then(
        (t) => input.onTrace?.(t),
        (err) => input.onTrace?.({ error: fetchErrorText(err) })
      )
    : Promise.resolve();
  await Promise.all([run('signatures', loadSignatures), run('red', loadRed), run('spans', loadSpans), trace]);
}
