import type { FrameLike } from '../frame';
import {
  errorLineCountQuery,
  errorLogsQuery,
  errorsByServiceQuery,
  LEVEL_COUNT_WINDOW_MS,
  levelCountsQuery,
  serviceBatches,
} from '../../queries/logql';
import {
  healthExemplarsQuery,
  metricNamesSelector,
  promLabelName,
  redServerSelector,
  seriesSelector,
} from '../../queries/promql';
import { RED_DETECTION_ORDER, RED_PROFILES, type RedProfileId } from '../../queries/redProfiles';
import { CLIENT_LABEL, SERVER_LABEL } from '../../queries/serviceGraph';
import type { RedDetection } from '../../settings/redDetection';
import type { CorrelateSettings, RedSourceSetting } from '../../settings/types';
import { CHECK_IDS, couldNotCheck, pendingResult } from './checks';
import {
  EXEMPLAR_LOOKBACK_MS,
  exemplarsCheck,
  exemplarServices,
  exemplarTraceItems,
  familyExemplars,
  traceIdLabelOf,
} from './exemplarsCheck';
import { errorCountsByService, lokiCheck, type LokiCounts } from './lokiCheck';
import { serviceNamesCheck } from './nameJoin';
import { redCheck, SERVICE_GRAPH_SERIES, serviceGraphCheck } from './redCheck';
import { plural } from './format';
import { loadRe2 } from '../re2';
import { nextTask as defaultNextTask } from '../slices';
import { topErrorServices } from '../topErrorServices';
import { exemplarsOf, instantSeries, labelValuesOf, apiErrorOf, type Exemplar, type LabelledValue } from './responses';
import { sampledLinesInSlices, type SampledLine } from './sampledLines';
import { lookupOutcome, tempoCheck, type LookupOutcome, type TraceLookup } from './tempoCheck';
import {
  concurrencyLimit,
  lookupWindow,
  retryWhenQueueFull,
  searchLookupCount,
  TEMPO_LOOKUPS_AT_ONCE,
  traceLookupTarget,
} from './tempoLookups';
import { withPartialSample } from './partialSample';
import { withRefusedPatterns } from './refusedPatterns';
import { traceIdsCheck } from './traceIdsCheck';
import { logTraceItems, spreadSample, type TraceSampleItem } from './traceSample';
import {
  failed,
  fetched,
  type CheckId,
  type CheckResult,
  type Fetched,
  type HealthReport,
  type RequestRecord,
  type RequestTarget,
} from './types';
import {
  dataSourceSettingsOf,
  derivedFieldsOf,
  lokiToTempoCheck,
  metricsToTempoCheck,
  tempoToLokiCheck,
  type DataSourceSettings,
} from './wiringChecks';

/** A data source query's answer: its frames, its first error, and each failed query's error by refId. */
export interface QueryAnswer {
  frames: FrameLike[];
  error?: string;
  errors?: Record<string, string>;
}

/**
 * What the runner needs from Grafana. `src/pages/health/grafanaHealthClient.ts` implements it with
 * the data source service (queries run through each data source's own frontend) and the backend
 * service (Grafana's API and the data sources' resource proxies).
 */
export interface HealthClient {
  query(
    uid: string,
    targets: Array<Record<string, unknown>>,
    range: { fromMs: number; toMs: number }
  ): Promise<QueryAnswer>;
  /** A GET on Grafana's API; `params` become the query string (repeated keys allowed). */
  get(path: string, params?: Array<[string, string]>): Promise<Fetched<unknown>>;
  /** The RED family the app uses: configured, or found by `auto` detection (the app's cache may answer). */
  redDetection(setting: RedSourceSetting, metricsUid: string | undefined): Promise<RedDetection>;
  /** Lets the browser run between two checks (a task of its own each); `nextTask` by default. */
  nextTask?: () => Promise<void>;
}

export interface PickedSource {
  uid?: string;
  /** Why there is none. */
  error?: string;
}

export interface HealthInput {
  settings: CorrelateSettings;
  dataSources: { loki: PickedSource; tempo: PickedSource; metrics: PickedSource };
  range: { fromMs: number; toMs: number };
  nowMs: number;
}

/** Loki refuses more entries than this per query by default (`max_entries_limit_per_query`). */
export const MAX_SAMPLE_LINES = 5000;
/** Levels counted at most: Loki normalises the usual ones, the rest arrive as logged. */
const MAX_LEVELS = 50;

const SERVICE_GRAPH_NAMES = Object.values(SERVICE_GRAPH_SERIES);
const KNOWN_METRICS = [
  ...RED_DETECTION_ORDER.flatMap((id) => [RED_PROFILES[id].callsMetric, RED_PROFILES[id].bucketMetric]),
  ...SERVICE_GRAPH_NAMES,
];

const dsPath = (uid: string) => `/api/datasources/uid/${encodeURIComponent(uid)}`;
const resource = (uid: string, path: string) => `${dsPath(uid)}/resources/${path}`;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'string' ? e : 'unknown error';
}

/** The sampled error lines: each service's newest `perService` lines. */
function capPerService(lines: SampledLine[], perService: number): SampledLine[] {
  const counts = new Map<string, number>();
  const out: SampledLine[] = [];
  for (const l of [...lines].sort((a, b) => (b.timeMs || 0) - (a.timeMs || 0))) {
    const n = counts.get(l.service) ?? 0;
    if (n < perService) {
      counts.set(l.service, n + 1);
      out.push(l);
    }
  }
  return out;
}

/**
 * Runs every check in at most two waves. Wave 1 (all at once): one Loki query request (error counts,
 * levels, an error-line sample), two Loki label requests, six Prometheus API requests through the
 * metrics data source (metric names, the four RED families' service values, service graph clients
 * and servers, exemplars: eight in all with the RED detection), and three data source settings.
 * Wave 2 (each as soon as its input is in): at most one Loki request for services the sample missed,
 * and one Tempo request per sampled trace id (from logs, then from exemplars, each bounded by
 * `healthTraceSample`). `onProgress` gets the report after the first wave.
 */
export async function runHealthChecks(
  client: HealthClient,
  input: HealthInput,
  onProgress?: (report: HealthReport) => void
): Promise<HealthReport> {
  const { settings, range, nowMs } = input;
  const { loki, tempo, metrics } = input.dataSources;
  const requests: RequestRecord[] = [];
  const levels = settings.errorLevels;
  const rangeMs = range.toMs - range.fromMs;
  const traceIdOptions = { fields: settings.traceIdFields, patterns: settings.traceIdPatterns };
  const perService = settings.healthLinesPerService;
  const sampleLines = Math.min(MAX_SAMPLE_LINES, perService * settings.healthServices);
  const startNs = `${Math.floor(range.fromMs)}000000`;
  const endNs = `${Math.floor(range.toMs)}000000`;
  const startS = String(Math.floor(range.fromMs / 1000));
  const endS = String(Math.ceil(range.toMs / 1000));

  /** Records a request; a builder or client that throws gives a rejected promise, never a throw here. */
  const send = <T>(wave: 1 | 2, to: RequestTarget, what: string, run: () => Promise<T>): Promise<T> => {
    requests.push({ wave, to, what });
    return Promise.resolve().then(run);
  };
  const noSource = (source: PickedSource, name: string) =>
    failed<never>(source.error ?? `No ${name} data source: pick one in Correlate’s configuration.`);
  const api = (wave: 1 | 2, to: RequestTarget, what: string, path: string, params?: Array<[string, string]>) =>
    send(wave, to, what, () => client.get(path, params).catch((e): Fetched<unknown> => failed(errorText(e))));
  /** A label API answer as its values. */
  const values = (answer: Promise<Fetched<unknown>>): Promise<Fetched<string[]>> =>
    answer.then((a) => {
      if (!a.ok) {
        return a;
      }
      const v = labelValuesOf(a.value);
      return v ? fetched(v) : failed(apiErrorOf(a.value));
    });

  // ---- Wave 1 ----
  const lokiQuery: Promise<Fetched<QueryAnswer>> = (async () => {
    if (!loki.uid) {
      return noSource(loki, 'Loki');
    }
    let targets: Array<Record<string, unknown>>;
    try {
      targets = [
        { refId: 'errorLines', expr: errorLineCountQuery({ levels, rangeMs }), queryType: 'instant' },
        {
          refId: 'levels',
          expr: levelCountsQuery({ rangeMs: Math.min(rangeMs, LEVEL_COUNT_WINDOW_MS), top: MAX_LEVELS }),
          queryType: 'instant',
        },
      ];
    } catch (e) {
      return failed(errorText(e));
    }
    const answer = await send(1, 'loki', 'error counts and levels', () =>
      client.query(loki.uid!, targets, range).catch((e): QueryAnswer => ({ frames: [], error: errorText(e) }))
    );
    return answer.error && !answer.frames.length ? failed(answer.error) : fetched(answer);
  })();
  const lokiValues = (what: string, path: string): Promise<Fetched<string[]>> =>
    loki.uid
      ? values(
          api(1, 'loki', what, resource(loki.uid, path), [
            ['start', startNs],
            ['end', endNs],
          ])
        )
      : Promise.resolve(noSource(loki, 'Loki'));
  const lokiServices = lokiValues('service_name values', 'label/service_name/values');
  // Error lines per service, in batches of services under Loki's 500-series limit (see serviceBatches).
  // A refused batch leaves the others' counts for the sample (`refused` says why the count is incomplete).
  const perServiceCounts: Promise<Fetched<{ values: LabelledValue[]; refused?: string }>> = lokiServices.then(
    async (services) => {
      if (!services.ok) {
        return failed(`Loki's service_name values are needed to count per service: ${services.error}`);
      }
      const batches = serviceBatches(services.value);
      if (!loki.uid || batches.length === 0) {
        return fetched({ values: [] });
      }
      let targets: Array<Record<string, unknown>>;
      try {
        targets = batches.map((batch, i) => ({
          refId: `byService${i}`,
          expr: errorsByServiceQuery({ services: batch, levels, rangeMs }),
          queryType: 'instant',
        }));
      } catch (e) {
        return failed(errorText(e));
      }
      const answer = await send(
        1,
        'loki',
        `error lines per service (${plural(batches.length, 'batch', 'batches')})`,
        () => client.query(loki.uid!, targets, range).catch((e): QueryAnswer => ({ frames: [], error: errorText(e) }))
      );
      const refused = targets.map((t) => answer.errors?.[String(t.refId)]).find(Boolean);
      if (answer.error && !answer.frames.length) {
        return failed(refused ?? answer.error);
      }
      const values = targets.flatMap((t) => instantSeries(answer.frames, String(t.refId))).filter((v) => v.value > 0);
      return fetched({ values, refused });
    }
  );
  const lokiLabels = lokiValues('label names', 'labels');
  const promValues = (what: string, label: string, match: string) =>
    metrics.uid
      ? values(
          api(1, 'metrics', what, resource(metrics.uid, `api/v1/label/${promLabelName(label)}/values`), [
            ['match[]', match],
            ['start', startS],
            ['end', endS],
          ])
        )
      : Promise.resolve(noSource(metrics, 'metrics'));
  const metricNames = promValues('metric names', '__name__', metricNamesSelector(KNOWN_METRICS));
  const familyServices = RED_DETECTION_ORDER.map((id) =>
    promValues(`${id} services`, RED_PROFILES[id].serviceLabel, redServerSelector(id, 'calls')).then(
      (f) => [id, f] as const
    )
  );
  const graphClients = promValues('service graph clients', CLIENT_LABEL, seriesSelector(SERVICE_GRAPH_SERIES.requests));
  const graphServers = promValues('service graph servers', SERVER_LABEL, seriesSelector(SERVICE_GRAPH_SERIES.requests));
  const detection: Promise<RedDetection> = send(1, 'metrics', 'RED metric family (detection, may be cached)', () =>
    client
      .redDetection(settings.redSource, metrics.uid)
      .catch((e): RedDetection => ({ tried: [], error: errorText(e) }))
  );
  const dsSettings = (source: PickedSource, name: string): Promise<Fetched<DataSourceSettings>> =>
    source.uid
      ? api(1, 'grafana', `${name} data source settings`, dsPath(source.uid)).then((a) => {
          if (!a.ok) {
            return a;
          }
          const s = dataSourceSettingsOf(a.value);
          return s ? fetched(s) : failed('Grafana answered with something that is not a data source');
        })
      : Promise.resolve(noSource(source, name));
  const lokiSettings = dsSettings(loki, 'Loki');
  const tempoSettings = dsSettings(tempo, 'Tempo');
  const metricsSettings = dsSettings(metrics, 'metrics');

  // ---- Wave 2: each part starts as soon as its input is in ----
  // Lines read in slices within the page's budget; what the budget left out is said in the trace-id check.
  const skipped = { read: 0, received: 0 };
  const readSample = async (frames: QueryAnswer['frames'], refIds: Set<string>) => {
    const sample = await sampledLinesInSlices(frames, refIds, traceIdOptions);
    if (sample.partial) {
      skipped.read += sample.lines.length;
      skipped.received += sample.received;
    }
    return sample.lines;
  };
  // The newest error lines of the services with the most errors (those counted, when a batch was
  // refused): a line query over every stream would read every line of the window.
  const sampleServices: Promise<Fetched<string[]>> = perServiceCounts.then((c) => {
    if (!c.ok) {
      return c;
    }
    const counted = new Map<string, number>();
    c.value.values.forEach((v) => v.labels.service_name && counted.set(v.labels.service_name, v.value));
    return fetched(topErrorServices(counted, settings.healthServices).map((s) => s.service));
  });
  const firstSample: Promise<Fetched<SampledLine[]>> = sampleServices.then(async (top) => {
    if (!top.ok || top.value.length === 0 || !loki.uid) {
      return top.ok ? fetched([]) : top;
    }
    const targets = [
      {
        refId: 'sample',
        expr: errorLogsQuery({ services: top.value, levels }),
        queryType: 'range',
        maxLines: sampleLines,
      },
    ];
    const answer = await send(
      2,
      'loki',
      `newest error lines of the ${plural(top.value.length, 'service')} with the most errors`,
      () => client.query(loki.uid!, targets, range).catch((e): QueryAnswer => ({ frames: [], error: errorText(e) }))
    );
    return answer.error && !answer.frames.length
      ? failed(answer.error)
      : fetched(await readSample(answer.frames, new Set(['sample'])));
  });
  const counts: Promise<Fetched<LokiCounts>> = Promise.all([lokiQuery, perServiceCounts]).then(([q, byService]) => {
    if (!q.ok) {
      return q;
    }
    // A refused count is "could not count" with Loki's reason, never a count of 0.
    const refused = ['errorLines', 'levels'].map((refId) => q.value.errors?.[refId]).find(Boolean);
    if (refused) {
      return failed(refused);
    }
    if (!byService.ok) {
      return byService;
    }
    if (byService.value.refused) {
      return failed(byService.value.refused);
    }
    const single = (refId: string) => instantSeries(q.value.frames, refId)[0]?.value ?? 0;
    const ranked = [...byService.value.values].sort((a, b) => b.value - a.value);
    return fetched({
      topErrorServices: ranked.slice(0, settings.healthServices),
      errorServices: new Set(ranked.map((v) => v.labels.service_name ?? '')).size,
      errorLines: single('errorLines'),
      levels: instantSeries(q.value.frames, 'levels'),
      levelWindowMs: Math.min(rangeMs, LEVEL_COUNT_WINDOW_MS),
    });
  });
  const lines: Promise<Fetched<SampledLine[]>> = Promise.all([firstSample, counts]).then(async ([sample, c]) => {
    if (!sample.ok) {
      return sample;
    }
    const capped = capPerService(sample.value, perService);
    if (!c.ok || !loki.uid) {
      return fetched(capped);
    }
    const have = new Map<string, number>();
    capped.forEach((l) => have.set(l.service, (have.get(l.service) ?? 0) + 1));
    const missing = errorCountsByService(c.value)
      .filter((s) => (have.get(s.service) ?? 0) < Math.min(perService, s.lines))
      .slice(0, settings.healthServices);
    if (missing.length === 0) {
      return fetched(capped);
    }
    const targets = missing.map((s, i) => ({
      refId: `service${i}`,
      expr: errorLogsQuery({ services: [s.service], levels }),
      queryType: 'range',
      maxLines: perService,
    }));
    const answer = await send(2, 'loki', `error lines of ${plural(missing.length, 'service')} the sample missed`, () =>
      client.query(loki.uid!, targets, range).catch((e): QueryAnswer => ({ frames: [], error: errorText(e) }))
    );
    const extra = capPerService(await readSample(answer.frames, new Set(targets.map((t) => t.refId))), perService);
    // A service its own query answered for takes those lines; the others keep the sample's.
    const refilled = new Set(extra.map((l) => l.service));
    return fetched([...capped.filter((l) => !refilled.has(l.service)), ...extra]);
  });

  // Exemplars of a few services (Loki's top error services the RED family names, then its others) over
  // the last minute: at 3,000 services an unbounded request brings 100,000 exemplars (36 MB).
  const exemplars: Promise<Fetched<Exemplar[]>> = Promise.all([counts, detection, Promise.all(familyServices)]).then(
    async ([c, det, families]) => {
      if (!metrics.uid) {
        return noSource(metrics, 'metrics');
      }
      if (!det.profile) {
        return fetched([]);
      }
      const known = families.find(([id]) => id === det.profile)?.[1];
      const services = exemplarServices(
        c.ok ? errorCountsByService(c.value).map((s) => s.service) : [],
        known?.ok ? known.value : [],
        det.profile
      );
      if (services.length === 0) {
        return failed('No service to ask exemplars for: Loki names no error service and the RED metrics no service.');
      }
      let query: string;
      try {
        query = healthExemplarsQuery(det.profile, services);
      } catch (e) {
        return failed(errorText(e));
      }
      const a = await api(
        2,
        'metrics',
        `exemplars of ${plural(services.length, 'service')}`,
        resource(metrics.uid, 'api/v1/query_exemplars'),
        [
          ['query', query],
          ['start', String(Math.floor(Math.max(range.fromMs, range.toMs - EXEMPLAR_LOOKBACK_MS) / 1000))],
          ['end', endS],
        ]
      );
      if (!a.ok) {
        return a;
      }
      const e = exemplarsOf(a.value);
      return e ? fetched(e) : failed(apiErrorOf(a.value));
    }
  );

  // One request per trace id: an exemplar's trace already looked up for a log line is not asked again.
  // A few at a time, and one Tempo refused with its queue full asked again after a pause (tempoLookups.ts).
  const tempoSlot = concurrencyLimit(TEMPO_LOOKUPS_AT_ONCE);
  const outcomes = new Map<string, Promise<LookupOutcome>>();
  const lookup = (items: TraceSampleItem[], what: string): Promise<TraceLookup[]> =>
    Promise.all(
      items.map((item) => {
        let outcome = outcomes.get(item.traceId);
        if (!outcome) {
          const ask = (tryNumber: number) =>
            send(2, 'tempo', `${what} trace ${item.traceId}${tryNumber ? ` (again after HTTP 429)` : ''}`, () =>
              client.query(tempo.uid!, [traceLookupTarget(item.traceId)], lookupWindow(item.timeMs, range))
            ).catch((e): QueryAnswer => ({ frames: [], error: errorText(e) }));
          outcome = tempoSlot(() => retryWhenQueueFull(ask)).then((answer) =>
            lookupOutcome(searchLookupCount(answer, item.traceId))
          );
          outcomes.set(item.traceId, outcome);
        }
        return outcome.then((o) => ({ item, outcome: o }));
      })
    );
  const logLookups: Promise<Fetched<TraceLookup[]>> = firstSample.then(async (sample) => {
    if (!sample.ok) {
      return sample;
    }
    if (!tempo.uid) {
      return noSource(tempo, 'Tempo');
    }
    const items = spreadSample(logTraceItems(sample.value), settings.healthTraceSample, nowMs);
    return fetched(await lookup(items, 'log'));
  });
  const exemplarLookups: Promise<Fetched<TraceLookup[]>> = Promise.all([exemplars, detection]).then(
    async ([ex, det]) => {
      if (!ex.ok) {
        return ex;
      }
      if (!det.profile) {
        return fetched([]);
      }
      if (!tempo.uid) {
        return noSource(tempo, 'Tempo');
      }
      const items = spreadSample(
        exemplarTraceItems(familyExemplars(ex.value, det.profile), det.profile),
        settings.healthTraceSample,
        nowMs
      );
      return fetched(await lookup(items, 'exemplar'));
    }
  );

  // ---- Checks ----
  const wave1 = Promise.all([
    lokiQuery,
    perServiceCounts,
    lokiServices,
    lokiLabels,
    metricNames,
    Promise.all(familyServices),
    graphClients,
    graphServers,
    detection,
    lokiSettings,
    tempoSettings,
    metricsSettings,
  ]);
  // The checks on sampled rows read the most untrusted data: one that throws on a malformed row is
  // that check's "could not check", never the whole page's (review F9).
  const guard = (id: CheckId, run: () => CheckResult): CheckResult => {
    try {
      return run();
    } catch (err) {
      return couldNotCheck(id, 'Correlate could not read an answer', err instanceof Error ? err.message : String(err));
    }
  };
  // Each check in a task of its own: together, over thousands of services and a full sample, they
  // would hold the page for longer than the 200 ms the project allows one task (issue 20).
  const nextTask = client.nextTask ?? defaultNextTask;
  const build = async (complete: boolean): Promise<HealthReport> => {
    const [, , services, labels, names, families, clients, servers, det, lokiDs, tempoDs, metricsDs] = await wave1;
    const c = await counts;
    const family = Object.fromEntries(families) as Partial<Record<RedProfileId, Fetched<string[]>>>;
    const errorServices = new Set(c.ok ? errorCountsByService(c.value).map((s) => s.service) : []);
    const checks: Record<CheckId, CheckResult | undefined> = {
      loki: lokiCheck({ counts: c, services, labelNames: labels, errorLevels: levels, lokiUid: loki.uid }),
      'red-metrics': undefined,
      'service-names': undefined,
      'service-graph': undefined,
      'tempo-to-loki': undefined,
      'metrics-to-tempo': undefined,
      'trace-ids': undefined,
      'tempo-traces': undefined,
      exemplars: undefined,
      'loki-to-tempo': undefined,
    };
    await nextTask();
    checks['red-metrics'] = redCheck({
      detection: det,
      familyServices: family,
      metricNames: names,
      metricsUid: metrics.uid,
      lokiServices: services,
    });
    await nextTask();
    checks['service-names'] = serviceNamesCheck({
      lokiServices: services,
      metricServices: det.profile ? (family[det.profile] ?? failed('not asked')) : failed('no RED family'),
      profile: det.profile,
      errorServices,
    });
    await nextTask();
    checks['service-graph'] = serviceGraphCheck({ metricNames: names, clients, servers, metricsUid: metrics.uid });
    checks['tempo-to-loki'] = tempoToLokiCheck({ settings: tempoDs, targetUid: loki.uid, ownUid: tempo.uid });
    if (complete) {
      const [sampled, logs, ex, exLookups] = await Promise.all([lines, logLookups, exemplars, exemplarLookups]);
      // Derived fields run on RE2, loaded on demand only when there are some; a failed load leaves them "not tried".
      if (lokiDs.ok && derivedFieldsOf(lokiDs.value.jsonData ?? {}).length > 0) {
        await loadRe2().catch(() => undefined);
      }
      const profileExemplars = ex.ok && det.profile ? familyExemplars(ex.value, det.profile) : [];
      checks['metrics-to-tempo'] = metricsToTempoCheck({
        settings: metricsDs,
        targetUid: tempo.uid,
        ownUid: metrics.uid,
        exemplarLabels: [
          ...new Set(
            profileExemplars
              .map((e) => traceIdLabelOf(e.labels, det.profile && RED_PROFILES[det.profile].exemplarIdsTrimmed))
              .filter((l): l is string => Boolean(l))
          ),
        ],
      });

      const from = await sampleServices;
      const counted = await perServiceCounts;
      // Named only when some services with errors were left out of the sample.
      const leftOut =
        from.ok && (!counted.ok || counted.value.refused || counted.value.values.length > from.value.length);
      await nextTask();
      checks['trace-ids'] = guard('trace-ids', () =>
        withPartialSample(
          withRefusedPatterns(
            traceIdsCheck({
              lines: sampled,
              lokiUid: loki.uid,
              sampledFrom: leftOut && from.ok ? from.value : undefined,
            }),
            settings.refusedTraceIdPatterns
          ),
          skipped
        )
      );
      await nextTask();
      checks['loki-to-tempo'] = guard('loki-to-tempo', () =>
        lokiToTempoCheck({
          settings: lokiDs,
          targetUid: tempo.uid,
          ownUid: loki.uid,
          lines: sampled.ok ? sampled.value : [],
        })
      );
      await nextTask();
      checks['tempo-traces'] = guard('tempo-traces', () => tempoCheck({ lookups: logs, tempoUid: tempo.uid, nowMs }));
      await nextTask();
      checks.exemplars = guard('exemplars', () =>
        exemplarsCheck({
          profile: det.profile,
          exemplars: ex,
          metricNames: names,
          lookups: exLookups,
          metricsUid: metrics.uid,
          tempoUid: tempo.uid,
        })
      );
    }
    return {
      checks: CHECK_IDS.map((id) => checks[id] ?? pendingResult(id)),
      requests: [...requests],
      window: { ...range },
      complete,
    };
  };
  if (onProgress) {
    onProgress(await build(false));
  }
  return build(true);
}
