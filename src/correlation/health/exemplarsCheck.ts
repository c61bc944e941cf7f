import { exemplarTraceId } from '../exemplars';
import { HEALTH_EXEMPLAR_SERVICES } from '../../queries/promql';
import { RED_PROFILES, type RedProfileId } from '../../queries/redProfiles';
import { couldNotCheck, dataSourceLink, needsRedMetrics, result } from './checks';
import { count, group, nameList, percent, plural } from './format';
import type { Exemplar } from './responses';
import type { TraceLookup } from './tempoCheck';
import type { TraceSampleItem } from './traceSample';
import type { CheckResult, Fetched } from './types';

/**
 * How far back exemplars are asked for: Prometheus and Mimir keep them in a bounded in-memory ring, and
 * Tempo writes one per bucket and series every 15 s, so a minute is four collections.
 */
export const EXEMPLAR_LOOKBACK_MS = 60_000;

/**
 * The services Health asks exemplars for, `HEALTH_EXEMPLAR_SERVICES` at most: Loki's top error services
 * (in order) that the RED family also names, or, when Loki names none of them, the family's first
 * services. The family's OTLP `job` values count by their name, without the namespace (the query matches
 * either).
 */
export function exemplarServices(lokiTop: string[], familyValues: string[], profile: RedProfileId): string[] {
  const nameOf = (v: string) => (RED_PROFILES[profile].namespacedJob ? v.slice(v.indexOf('/') + 1) : v);
  const family = familyValues.filter((v) => typeof v === 'string' && v !== '').map(nameOf);
  const inFamily = new Set(family);
  const pick = (names: string[]) =>
    [...new Set(names.filter((s) => typeof s === 'string' && s !== ''))].slice(0, HEALTH_EXEMPLAR_SERVICES);
  const erroring = pick(lokiTop.filter((s) => inFamily.size === 0 || inFamily.has(s)));
  return erroring.length ? erroring : pick(family);
}

/** Exemplar labels that hold a trace id: Tempo's metrics-generator writes `traceID`, OpenTelemetry SDKs `trace_id`. */
const TRACE_ID_LABEL = /^trace[_.]?id$/i;

/** The label holding a valid trace id (`idsTrimmed`: Tempo writes ids without their leading zeros). */
export function traceIdLabelOf(labels: Record<string, string>, idsTrimmed = false): string | undefined {
  return Object.keys(labels).find((k) => TRACE_ID_LABEL.test(k) && exemplarTraceId(labels[k], idsTrimmed));
}

/** The exemplars on one family's duration histogram. */
export function familyExemplars(all: Exemplar[], profile: RedProfileId): Exemplar[] {
  const metric = RED_PROFILES[profile].bucketMetric;
  return all.filter((e) => e.series.__name__ === metric);
}

/** Exemplar trace ids as sample items, by the series' service. */
export function exemplarTraceItems(exemplars: Exemplar[], profile: RedProfileId): TraceSampleItem[] {
  const { serviceLabel: label, exemplarIdsTrimmed: trimmed } = RED_PROFILES[profile];
  const out: TraceSampleItem[] = [];
  for (const e of exemplars) {
    const key = traceIdLabelOf(e.labels, trimmed);
    const id = key ? exemplarTraceId(e.labels[key], trimmed) : undefined;
    if (id) {
      out.push({ traceId: id, service: e.series[label] ?? '', timeMs: e.timeMs });
    }
  }
  return out;
}

export interface ExemplarsCheckInput {
  profile?: RedProfileId;
  exemplars: Fetched<Exemplar[]>;
  metricNames: Fetched<string[]>;
  /** Lookups of the exemplar sample in Tempo. */
  lookups: Fetched<TraceLookup[]>;
  metricsUid?: string;
  tempoUid?: string;
}

/** Does the RED duration histogram carry exemplars, and do their trace ids resolve in Tempo? */
export function exemplarsCheck(input: ExemplarsCheckInput): CheckResult {
  const links = dataSourceLink(input.metricsUid, 'Metrics data source');
  if (!input.profile) {
    return needsRedMetrics(
      'exemplars',
      'No RED metrics to read exemplars from',
      'No RED metric family was found, so there is no duration histogram to carry exemplars.',
      links
    );
  }
  if (!input.exemplars.ok) {
    return couldNotCheck('exemplars', 'The metrics data source did not give exemplars', input.exemplars.error, links);
  }
  const metric = RED_PROFILES[input.profile].bucketMetric;
  if (input.metricNames.ok && !input.metricNames.value.includes(metric)) {
    return needsRedMetrics(
      'exemplars',
      `${metric} has no series`,
      `There is no duration histogram (${metric}) in this window to carry exemplars.`,
      links
    );
  }
  const own = familyExemplars(input.exemplars.value, input.profile);
  const minutes = Math.round(EXEMPLAR_LOOKBACK_MS / 60_000);
  const lastly = minutes === 1 ? 'the last minute' : `the last ${minutes} minutes`;
  if (own.length === 0) {
    return result('exemplars', {
      state: 'broken',
      figure: `No exemplars on ${metric} in ${lastly} of the window, for the services with the most errors`,
      cause: 'The duration histogram carries no exemplars, so a latency graph cannot open the traces behind a spike.',
      fix: 'Tempo: `metrics_generator.storage.remote_write[].send_exemplars: true`. Mimir: `limits.max_global_exemplars_per_user` above 0. Prometheus: `--enable-feature=exemplar-storage`, and `storage.exemplars.max_exemplars` (100,000 by default) above what one collection writes, or the oldest services’ exemplars are gone within seconds. Collector: the spanmetrics connector’s `exemplars.enabled: true`.',
      links,
    });
  }
  const trimmed = RED_PROFILES[input.profile].exemplarIdsTrimmed;
  const withId = own.filter((e) => traceIdLabelOf(e.labels, trimmed));
  const labelNames = [...new Set(withId.map((e) => traceIdLabelOf(e.labels, trimmed)!))];
  if (withId.length === 0) {
    const seen = [...new Set(own.flatMap((e) => Object.keys(e.labels)))];
    return result('exemplars', {
      state: 'broken',
      figure: `${plural(own.length, 'exemplar')} on ${metric}, none with a trace id`,
      cause: `The exemplars carry no trace-id label (labels seen: ${seen.length ? nameList(seen, 6) : 'none'}), so they lead to no trace.`,
      fix: 'Let the producer attach the span’s trace id to exemplars (Tempo writes `traceID`, OpenTelemetry SDKs `trace_id`).',
      links,
    });
  }
  const figureStart = `${plural(own.length, 'exemplar')} on ${metric} in ${lastly}, trace ids under ${nameList(labelNames)}`;
  if (!input.lookups.ok) {
    return couldNotCheck('exemplars', 'Tempo could not be asked for exemplar traces', input.lookups.error, [
      ...links,
      ...dataSourceLink(input.tempoUid, 'Tempo'),
    ]);
  }
  const errors = input.lookups.value.filter((l) => !l.outcome.found && l.outcome.error);
  const asked = input.lookups.value.filter((l) => !errors.includes(l));
  if (asked.length === 0) {
    const error = errors.length ? (errors[0].outcome as { error: string }).error : 'no lookup was made';
    return couldNotCheck(
      'exemplars',
      'Tempo did not answer for exemplar traces',
      error,
      dataSourceLink(input.tempoUid, 'Tempo')
    );
  }
  const found = asked.filter((l) => l.outcome.found).length;
  const figure = `${figureStart}; ${count(found)} of ${count(asked.length)} looked up found in Tempo (${percent(found, asked.length)})`;
  const details = [
    group(
      'Exemplar traces looked up (missing first)',
      [...asked]
        .sort((a, b) => Number(a.outcome.found) - Number(b.outcome.found))
        .map((l) => ({
          name: l.item.traceId,
          figure: l.outcome.found ? 'found' : 'missing',
          state: l.outcome.found ? ('ok' as const) : ('broken' as const),
          note: l.item.service || undefined,
        }))
    ),
  ];
  if (found === asked.length) {
    return result('exemplars', { state: 'ok', figure, links, details });
  }
  return result('exemplars', {
    state: found === 0 ? 'broken' : 'degraded',
    figure,
    cause:
      found === 0
        ? 'None of the exemplars’ trace ids is in Correlate’s Tempo: the metrics come from a pipeline that sends its traces to another Tempo, or the traces are dropped after the metrics were made.'
        : 'Some exemplar traces are not in Tempo: tail sampling after the metrics were made drops traces the exemplars name, or retention removed them.',
    fix:
      found === 0
        ? 'Point Correlate (and the metrics data source’s exemplar link) at the Tempo that holds these traces.'
        : 'Make span metrics from the traces Tempo keeps (Tempo’s metrics-generator sees only ingested traces), or keep error and slow traces in the tail sampler.',
    links: [...links, ...dataSourceLink(input.tempoUid, 'Tempo')],
    details,
  });
}
