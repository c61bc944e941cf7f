// Tempo's default limits that Correlate meets, enforced over a backend responder (backendQuery.ts), with
// the text Tempo (grafana/tempo v2.10.8) and Grafana's Tempo data source (grafana-tempo-datasource
// v13.1.5 = Grafana 13.2; the same partial meta is in grafana/grafana pkg/tsdb/tempo/trace.go, read
// unversioned, not at the 12.4 tag) put in the answer:
// - TraceQL metrics: modules/frontend/metrics_query_range_sharder.go:108-111 refuses a range longer than
//   `query_frontend.metrics.max_duration` (HTTP 400); the data source's traceql_query.go:90 wraps it as
//   "failed to execute TraceQL query: <q> Status: 400 Bad Request Body: <text>".
// - Trace by id: modules/frontend/combiner/trace_by_id_v2.go:45-47 marks a trace over `max_bytes_per_trace`
//   PARTIAL with "Trace exceeds maximum size of N bytes, a partial trace is returned"; the data source's
//   pkg/tempo/trace.go:143-146 puts `{ partial, message }` in the frame's meta.custom. Which spans survive is
//   the order they reached Tempo (the ingester stops adding spans at the limit); here, the frame's row order.
// - The query-frontend queue: traceid_sharder.go:59-72 splits a lookup into `query_shards` jobs, all queued at
//   once; queue/queue.go:98 refuses a job past `max_outstanding_per_tenant`; pipeline/sync_handler_retry.go:84-89
//   answers HTTP 429 "job queue full" (no Retry-After header); trace.go:76 reports it as
//   "failed to get trace with id: <id> Status: 429 Too Many Requests Body: job queue full".
// - Search: search_sharder.go:100-110 refuses (HTTP 400) a range over `max_duration` (168h, config.go:100) and
//   `spss` over `max_spans_per_span_set` (100, config.go:106), and a `limit` over `max_result_limit` (262144,
//   config.go:99, search_handlers.go:162 adjustLimit); the data source's pkg/tempo/search.go keeps only
//   the status: "failed to execute search query status: 400 Bad Request".
import type { DataFrame } from '@grafana/data';
import type { Answer, RecordedRequest, Responder } from '../backendQuery';
import { goDuration } from '../goFormat';
import { isTempoMetricsResult } from '../tempoMetrics';

export const TEMPO_LIMITS = {
  /** `query_frontend.metrics.max_duration`: modules/frontend/config.go:116 (3h). */
  metricsMaxDurationMs: 3 * 3_600_000,
  /** `max_bytes_per_trace` (overrides): modules/overrides/config.go:280 (50e5). */
  maxBytesPerTrace: 5_000_000,
  /** `query_frontend.max_outstanding_per_tenant`: modules/frontend/config.go:90 (2000). */
  maxOutstandingPerTenant: 2000,
  /** `query_frontend.trace_by_id.query_shards`: modules/frontend/config.go:111 (50). */
  traceByIdQueryShards: 50,
  /** A span's size in Tempo's proto, to size a trace (estimate: 200–500 B a span, review scale.md #10). */
  bytesPerSpan: 300,
  /** `query_frontend.search.max_spans_per_span_set`: modules/frontend/config.go:106 (100). */
  maxSpansPerSpanSet: 100,
  /** `query_frontend.search.max_duration`: modules/frontend/config.go:100 (168h). */
  searchMaxDurationMs: 168 * 3_600_000,
  /** `query_frontend.search.default_result_limit`: config.go:98 (20), for a search without `limit`. */
  searchDefaultLimit: 20,
  /** `query_frontend.search.max_result_limit`: config.go:99 (256 × 1024); a larger `limit` is refused (search_handlers.go:162). */
  searchMaxLimit: 256 * 1024,
  /** `query_frontend.search.default_spans_per_span_set`: config.go:105 (3), for a search without `spss`. */
  searchDefaultSpansPerSpanSet: 3,
  /**
   * Jobs one search for a trace by id (`{ trace:id = … }`) queues: `ingester_shards` (3, config.go:104) plus
   * one per `target_bytes_per_job` (100 MiB) of blocks in its window (search_sharder.go backendRequests).
   * Estimate, not measured: 50k spans/s × 300 B, compressed about 5×, is about 1 GB of blocks per 5 minutes,
   * so Health's 20-minute window around a line is about 40 jobs.
   */
  traceSearchJobs: 40,
  /** Jobs the tenant's other users (dashboards, other on-call engineers) hold in the queue meanwhile. */
  jobsInUse: 0,
};

export type TempoLimits = typeof TEMPO_LIMITS;

/** What one request asked and got, for the scale benchmark. */
export interface LimitObservation {
  backend: 'loki' | 'tempo' | 'mimir';
  query: string;
  /** Series returned (TraceQL metrics), or 1 for a trace. */
  series: number;
  /** Log lines returned (0 for Tempo). */
  lines: number;
  /** Spans of a trace returned. */
  spans?: number;
  /** The limit's error text when Tempo refused the request, or the partial-trace message. */
  refused?: string;
}

const PARTIAL_MESSAGE = (maxBytes: number) =>
  `Trace exceeds maximum size of ${maxBytes} bytes, a partial trace is returned`;

/** The double's reading of a target: a trace-id lookup (tempoDatasource.ts sets queryType traceId) or a metrics query. */
const isLookup = (t: Record<string, unknown>) => t.queryType === 'traceId';

/** The first `keep` rows of a trace frame, marked partial as Grafana passes Tempo's status on. */
function cutTrace(frame: DataFrame, keep: number, message: string): DataFrame {
  return {
    ...frame,
    length: keep,
    fields: frame.fields.map((f) => ({ ...f, values: Array.from(f.values).slice(0, keep) })),
    meta: { ...frame.meta, custom: { ...frame.meta?.custom, partial: true, message } },
  };
}

/**
 * `respond` with Tempo's limits: metrics ranges over the maximum refused, traces over the byte limit cut
 * and marked partial, lookups refused with 429 while the queue holds too many jobs. A lookup holds its
 * jobs from the time it was sent until it is answered; the queue is measured when a lookup is sent.
 */
export function withTempoLimits(
  respond: Responder,
  limits: TempoLimits = TEMPO_LIMITS,
  observe?: (o: LimitObservation) => void
): Responder {
  const lookups: Array<{ startedAt: number; answeredAt: number; jobs: number }> = [];
  return (req: RecordedRequest): Answer => {
    if (req.type !== 'tempo') {
      return respond(req);
    }
    const target = req.targets[0] ?? {};
    const query = String(target.query ?? '');
    const seen = (o: Omit<LimitObservation, 'backend' | 'query'>) => observe?.({ backend: 'tempo', query, ...o });
    const byIdSearch = isTraceIdSearch(query);
    if (isLookup(target) || byIdSearch) {
      const now = Date.now();
      const inFlight = lookups
        .filter((l) => l.startedAt <= req.startedAt && l.answeredAt > req.startedAt)
        .reduce((a, l) => a + l.jobs, 0);
      const ownJobs = byIdSearch ? limits.traceSearchJobs : limits.traceByIdQueryShards;
      if (limits.jobsInUse + inFlight + ownJobs > limits.maxOutstandingPerTenant) {
        const refused = byIdSearch
          ? 'failed to execute search query status: 429 Too Many Requests'
          : `failed to get trace with id: ${query} Status: 429 Too Many Requests Body: job queue full`;
        seen({ series: 0, lines: 0, refused });
        return new Error(refused);
      }
      lookups.push({ startedAt: req.startedAt, answeredAt: now, jobs: ownJobs });
    }
    if (byIdSearch) {
      return searchLimits(respond, req, target, limits, seen);
    }
    if (isLookup(target)) {
      const answer = respond(req);
      if (!Array.isArray(answer)) {
        seen({ series: 0, lines: 0, refused: answer instanceof Error ? answer.message : undefined });
        return answer;
      }
      const maxSpans = Math.floor(limits.maxBytesPerTrace / limits.bytesPerSpan);
      const out = answer.map((f) =>
        f.fields.some((x) => x.name === 'spanID') && f.length > maxSpans
          ? cutTrace(f, maxSpans, PARTIAL_MESSAGE(limits.maxBytesPerTrace))
          : f
      );
      const spans = out.reduce((a, f) => a + (f.fields.some((x) => x.name === 'spanID') ? f.length : 0), 0);
      const partial = out.find((f) => f.meta?.custom?.partial);
      seen({ series: out.length ? 1 : 0, lines: 0, spans, refused: partial?.meta?.custom?.message });
      return out;
    }
    const rangeMs = req.toMs - req.fromMs;
    if (!isTempoMetricsQuery(query)) {
      return searchLimits(respond, req, target, limits, seen);
    }
    if (isTempoMetricsQuery(query) && rangeMs > limits.metricsMaxDurationMs) {
      const text = `metrics query time range exceeds the maximum allowed duration of ${goDuration(limits.metricsMaxDurationMs)}`;
      const refused = `failed to execute TraceQL query: ${query} Status: 400 Bad Request Body: ${text}`;
      seen({ series: 0, lines: 0, refused });
      return new Error(refused);
    }
    const answer = respond(req);
    seen({ series: isTempoMetricsResult(answer) ? answer.series.length : 0, lines: 0 });
    return answer;
  };
}

const isTraceIdSearch = (query: string) => /^\{ trace:id = "/.test(query.trim());

/** A search: refused over the search range, the result limit or the spans-per-span-set cap, else answered as it is. */
function searchLimits(
  respond: Responder,
  req: RecordedRequest,
  target: Record<string, unknown>,
  limits: TempoLimits,
  seen: (o: Omit<LimitObservation, 'backend' | 'query'>) => void
): Answer {
  const spss = Number(target.spss ?? 0);
  const limit = Number(target.limit ?? 0);
  if (
    req.toMs - req.fromMs > limits.searchMaxDurationMs ||
    (limits.searchMaxLimit > 0 && limit > limits.searchMaxLimit) ||
    (limits.maxSpansPerSpanSet > 0 && spss > limits.maxSpansPerSpanSet)
  ) {
    const refused = 'failed to execute search query status: 400 Bad Request';
    seen({ series: 0, lines: 0, refused });
    return new Error(refused);
  }
  const answer = respond(req);
  seen({ series: 0, lines: 0, refused: answer instanceof Error ? answer.message : undefined });
  return answer;
}

/** A TraceQL metrics query (a pipeline ending in a metrics function), as grafana-tempo-datasource tells them apart. */
export const isTempoMetricsQuery = (query: string) =>
  /\|\s*(rate|count_over_time|avg_over_time|max_over_time|min_over_time|sum_over_time|quantile_over_time|histogram_over_time|compare)\s*\(/.test(
    query.trim()
  );
