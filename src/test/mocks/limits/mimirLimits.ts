// Mimir's query-time limits, as its querier enforces them. Read in grafana/mimir; the mimir-2.17.x tag
// is too large to fetch here (544 MB), so these come from stored copies of the source, revision not
// confirmed to be 2.17:
// - pkg/util/validation/limits.go (stored copy, code index id 1213801023): MaxSeriesPerQueryFlag
//   "querier.max-fetched-series-per-query" default 0, MaxChunksPerQueryFlag
//   "querier.max-fetched-chunks-per-query" default 2e6, query_sharding_total_shards default 16.
// - pkg/util/limiter/query_limiter.go @03c2ae43 (AddSeries / AddChunks: refuse once the count passes
//   the limit, per query) and pkg/util/limiter/errors.go (the messages), with
//   pkg/util/globalerror/user.go MessageWithStrategyAndPerTenantLimitConfig (the suffix).
// - pkg/querier/engine/config.go @d920e20d: querier.max-samples default 50e6; the engine's text is
//   Prometheus' promql ErrTooManySamples, "query processing would load too many samples into memory in
//   query execution".
// How many series and samples a query touches is estimated from the selectors in its text (see
// `touched`): a model, not Mimir's engine.
import { parser } from '@prometheus-io/lezer-promql';
import { decodeGoString } from '../../../queries/__tests__/grammar';
import type { Answer, RecordedRequest, Responder } from '../backendQuery';
import { frameJsonBytes } from '../promFrame';

export interface MimirLimits {
  /** -querier.max-fetched-series-per-query; 0 = no limit. */
  maxFetchedSeriesPerQuery: number;
  /** -querier.max-fetched-chunks-per-query. */
  maxFetchedChunksPerQuery: number;
  /** -querier.max-samples (querier engine). */
  maxSamples: number;
  /** query_sharding_total_shards: the query-frontend splits an aggregation into this many queries, each limited alone. */
  queryShards: number;
}

export const MIMIR_LIMITS: MimirLimits = {
  maxFetchedSeriesPerQuery: 0, // limits.go MaxSeriesPerQueryFlag, default 0
  maxFetchedChunksPerQuery: 2_000_000, // limits.go MaxChunksPerQueryFlag, default 2e6
  maxSamples: 50_000_000, // engine/config.go querier.max-samples, default 50e6
  queryShards: 16, // limits.go query_sharding_total_shards, default 16
};

/** What a limit-enforcing double saw of one query (the shared shape of the Loki, Tempo and Mimir doubles). */
export interface LimitObservation {
  backend: 'loki' | 'tempo' | 'mimir';
  query: string;
  /** Series returned to the browser. */
  series: number;
  lines: number;
  refused?: string;
  /** Mimir: bytes of the frames as Grafana sends them to the browser (JSON). */
  bytes?: number;
  /** Mimir: series, chunks and peak samples the query touches at the store, per shard. */
  fetchedSeries?: number;
  chunks?: number;
  samples?: number;
}

export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** The stored series behind the double: how many match a selector, and how often they are written. */
export interface SeriesStore {
  count(metric: string, matchers: Matcher[]): number;
  scrapeIntervalMs: number;
}

/** A head chunk is cut every 120 samples (Prometheus tsdb, which Mimir's ingesters use). */
const SAMPLES_PER_CHUNK = 120;
/** Prometheus' lookback for a plain selector: 5m (-querier.lookback-delta, engine/config.go). */
const LOOKBACK_MS = 300_000;

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function durationMs(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) {
    total += Number(m[1]) * DURATION_MS[m[2]];
  }
  return total;
}

interface Selector {
  metric: string;
  matchers: Matcher[];
  windowMs: number;
}

/** Every series selector in the query, with the window it reads ($__range and friends as Grafana sets them). */
export function selectorsOf(expr: string, rangeMs: number): Selector[] {
  const text = expr.replace(/\$__range/g, `${Math.round(rangeMs / 1000)}s`).replace(/\$__rate_interval/g, '1m');
  const out: Selector[] = [];
  const tree = parser.parse(text);
  tree.iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') {
        return;
      }
      const parent = node.node.parent;
      const duration = parent?.name === 'MatrixSelector' ? parent.getChild('DurationExpr') : null;
      const matchers: Matcher[] = [];
      for (const m of node.node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
        matchers.push({
          name: text.slice(m.getChild('LabelName')!.from, m.getChild('LabelName')!.to),
          op: text.slice(m.getChild('MatchOp')!.from, m.getChild('MatchOp')!.to) as Matcher['op'],
          value: decodeGoString(text.slice(m.getChild('StringLiteral')!.from, m.getChild('StringLiteral')!.to)),
        });
      }
      const id = node.node.getChild('Identifier');
      out.push({
        metric: id ? text.slice(id.from, id.to) : '',
        matchers,
        windowMs: duration ? durationMs(text.slice(duration.from, duration.to)) : LOOKBACK_MS,
      });
    },
  });
  return out;
}

/** An RE2 label matcher as PromQL applies it: anchored at both ends, `(?i)` for any case. */
const compiled = new Map<string, RegExp>();

export function matches(m: Matcher, value: string): boolean {
  if (m.op === '=' || m.op === '!=') {
    return (value === m.value) === (m.op === '=');
  }
  let re = compiled.get(m.value);
  if (!re) {
    const caseless = m.value.startsWith('(?i)');
    re = new RegExp(`^(?:${caseless ? m.value.slice(4) : m.value})$`, caseless ? 'si' : 's');
    compiled.set(m.value, re);
  }
  return re.test(value) === (m.op === '=~');
}

/**
 * Series, chunks and peak samples one query touches per shard. Selectors of one metric count once,
 * at the widest (the queries here select subsets of one another: every call, the failing calls).
 * Peak samples: each series' window at one step plus the output (Prometheus engine, range evaluation).
 */
export function touched(expr: string, req: RecordedRequest, store: SeriesStore, limits: MimirLimits, instant: boolean) {
  const rangeMs = req.toMs - req.fromMs;
  const byMetric = new Map<string, { series: number; windowMs: number }>();
  for (const s of selectorsOf(expr, rangeMs)) {
    const series = store.count(s.metric, s.matchers);
    const prev = byMetric.get(s.metric);
    byMetric.set(s.metric, {
      series: Math.max(prev?.series ?? 0, series),
      windowMs: Math.max(prev?.windowMs ?? 0, s.windowMs),
    });
  }
  const shards = Math.max(1, limits.queryShards);
  let fetchedSeries = 0;
  let chunks = 0;
  let samples = 0;
  for (const { series, windowMs } of byMetric.values()) {
    const spanMs = windowMs + (instant ? 0 : rangeMs);
    const perSeries = Math.ceil(spanMs / store.scrapeIntervalMs);
    const shardSeries = Math.ceil(series / shards);
    fetchedSeries += shardSeries;
    chunks += shardSeries * Math.ceil(perSeries / SAMPLES_PER_CHUNK);
    samples += shardSeries * Math.ceil(windowMs / store.scrapeIntervalMs);
  }
  return { fetchedSeries, chunks, samples };
}

const STRATEGY =
  'Consider reducing the time range and/or number of series selected by the query. One way to reduce the number of selected series is to add more label matchers to the query';
const limitText = (msg: string, id: string, flag: string) =>
  `${msg} (err-mimir-${id}). ${STRATEGY}. Otherwise, to adjust the related per-tenant limit, configure -${flag}, or contact your service administrator.`;

export const mimirSeriesLimitText = (limit: number) =>
  limitText(
    `the query exceeded the maximum number of series (limit: ${limit} series)`,
    'max-series-per-query',
    'querier.max-fetched-series-per-query'
  );
export const mimirChunksLimitText = (limit: number) =>
  limitText(
    `the query exceeded the maximum number of chunks (limit: ${limit} chunks)`,
    'max-chunks-per-query',
    'querier.max-fetched-chunks-per-query'
  );
export const MIMIR_SAMPLES_TEXT = 'query processing would load too many samples into memory in query execution';

function refusal(t: ReturnType<typeof touched>, limits: MimirLimits): string | undefined {
  if (limits.maxFetchedSeriesPerQuery > 0 && t.fetchedSeries > limits.maxFetchedSeriesPerQuery) {
    return mimirSeriesLimitText(limits.maxFetchedSeriesPerQuery);
  }
  if (limits.maxFetchedChunksPerQuery > 0 && t.chunks > limits.maxFetchedChunksPerQuery) {
    return mimirChunksLimitText(limits.maxFetchedChunksPerQuery);
  }
  if (limits.maxSamples > 0 && t.samples > limits.maxSamples) {
    return MIMIR_SAMPLES_TEXT;
  }
  return undefined;
}

/**
 * Mimir in front of a Prometheus responder: a query over a limit is refused with Mimir's text (the
 * whole request fails, as the double's backend reports one error for a request); every query is
 * observed with what it touched and what it returned.
 */
export function withMimirLimits(
  respond: Responder,
  limits: MimirLimits = MIMIR_LIMITS,
  options: { observe?: (o: LimitObservation) => void; store?: SeriesStore } = {}
): Responder {
  return (req: RecordedRequest): Answer => {
    const seen = req.targets.map((t) => {
      const expr = String(t.expr ?? '');
      const cost = options.store ? touched(expr, req, options.store, limits, Boolean(t.instant)) : undefined;
      return { t, expr, cost, refused: cost ? refusal(cost, limits) : undefined };
    });
    const refused = seen.find((s) => s.refused);
    const answer = refused ? new Error(refused.refused) : respond(req);
    for (const s of seen) {
      const frames = Array.isArray(answer) ? answer.filter((f) => f.refId === s.t.refId) : [];
      options.observe?.({
        backend: 'mimir',
        query: s.expr,
        series: frames.filter((f) => f.fields.length > 0).length,
        lines: 0,
        refused: s.refused ?? (answer instanceof Error ? answer.message : undefined),
        bytes: frames.reduce((a, f) => a + frameJsonBytes(f), 0),
        ...s.cost,
      });
    }
    return answer;
  };
}
