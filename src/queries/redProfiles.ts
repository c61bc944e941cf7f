/**
 * The metric families Correlate can read RED (rate, errors, duration) from.
 * Names and labels follow what each producer writes; see the README's configuration section.
 */
export type RedProfileId = 'tempo-spanmetrics' | 'otel-spanmetrics' | 'otel-spanmetrics-nosuffix' | 'otel-http';

export interface RedProfile {
  id: RedProfileId;
  /** Shown in the config page. */
  title: string;
  /** Label that carries the service name on every series (and on every query result). */
  serviceLabel: string;
  /**
   * The service label is `job` as OTLP translation writes it (Prometheus' and Mimir's
   * `createAttributes`): `<service.namespace>/<service.name>` when the resource has a namespace,
   * else `<service.name>`. Queries then match a service with or without that prefix and report
   * the name alone, the way Loki's `service_name` and Tempo's `service` name it.
   */
  namespacedJob?: boolean;
  /** Counter of requests (one per server span or HTTP request). */
  callsMetric: string;
  /** Histogram buckets of the request duration. */
  bucketMetric: string;
  /** Unit of the histogram's `le` boundaries; queries convert to seconds. */
  durationUnit: 's' | 'ms';
  /** Matcher that keeps only server-side requests, or undefined when the metric is server-only. */
  serverMatcher?: { label: string; value: string };
  /** Matcher that selects failed requests (regex when `regex` is true). */
  errorMatcher: { label: string; value: string; regex?: boolean };
  /** The metric whose presence identifies this family (used by `auto` detection). */
  detectMetric: string;
  /**
   * The exemplar label holding the trace id on the duration histogram: `traceID` as Tempo's
   * metrics-generator writes it (modules/generator/registry/histogram.go, the default of
   * `trace_id_label_name`), `trace_id` as OTLP translation writes the exemplars of OpenTelemetry
   * histograms (Mimir pkg/distributor/otlp/helper_generated.go `traceIDKey`, from Prometheus'
   * otlptranslator).
   */
  exemplarTraceIdLabel: 'traceID' | 'trace_id';
  /**
   * Tempo writes exemplar trace ids without their leading zeros (pkg/util/traceid.go
   * `TraceIDToHexString`), so one id in sixteen is shorter than 32 characters.
   */
  exemplarIdsTrimmed?: boolean;
}

export const RED_PROFILES: Record<RedProfileId, RedProfile> = {
  'tempo-spanmetrics': {
    id: 'tempo-spanmetrics',
    title: 'Tempo metrics-generator span metrics',
    serviceLabel: 'service',
    callsMetric: 'traces_spanmetrics_calls_total',
    bucketMetric: 'traces_spanmetrics_latency_bucket',
    durationUnit: 's',
    serverMatcher: { label: 'span_kind', value: 'SPAN_KIND_SERVER' },
    errorMatcher: { label: 'status_code', value: 'STATUS_CODE_ERROR' },
    detectMetric: 'traces_spanmetrics_calls_total',
    exemplarTraceIdLabel: 'traceID',
    exemplarIdsTrimmed: true,
  },
  'otel-spanmetrics': {
    id: 'otel-spanmetrics',
    title: 'OpenTelemetry Collector spanmetrics connector (Prometheus suffixes)',
    serviceLabel: 'service_name',
    callsMetric: 'traces_span_metrics_calls_total',
    bucketMetric: 'traces_span_metrics_duration_milliseconds_bucket',
    durationUnit: 'ms',
    serverMatcher: { label: 'span_kind', value: 'SPAN_KIND_SERVER' },
    errorMatcher: { label: 'status_code', value: 'STATUS_CODE_ERROR' },
    detectMetric: 'traces_span_metrics_calls_total',
    exemplarTraceIdLabel: 'trace_id',
  },
  'otel-spanmetrics-nosuffix': {
    id: 'otel-spanmetrics-nosuffix',
    title: 'OpenTelemetry Collector spanmetrics connector via Mimir OTLP (no suffixes)',
    serviceLabel: 'service_name',
    callsMetric: 'traces_span_metrics_calls',
    bucketMetric: 'traces_span_metrics_duration_bucket',
    durationUnit: 'ms',
    serverMatcher: { label: 'span_kind', value: 'SPAN_KIND_SERVER' },
    errorMatcher: { label: 'status_code', value: 'STATUS_CODE_ERROR' },
    detectMetric: 'traces_span_metrics_calls',
    exemplarTraceIdLabel: 'trace_id',
  },
  'otel-http': {
    id: 'otel-http',
    title: 'OpenTelemetry HTTP server metrics (http.server.request.duration)',
    serviceLabel: 'job',
    namespacedJob: true,
    callsMetric: 'http_server_request_duration_seconds_count',
    bucketMetric: 'http_server_request_duration_seconds_bucket',
    durationUnit: 's',
    errorMatcher: { label: 'http_response_status_code', value: '5..', regex: true },
    detectMetric: 'http_server_request_duration_seconds_count',
    exemplarTraceIdLabel: 'trace_id',
  },
};

export const RED_PROFILE_IDS = Object.keys(RED_PROFILES) as RedProfileId[];

/** The order `auto` detection prefers when several families exist. */
export const RED_DETECTION_ORDER: RedProfileId[] = [
  'tempo-spanmetrics',
  'otel-spanmetrics',
  'otel-spanmetrics-nosuffix',
  'otel-http',
];

export function isRedProfileId(value: unknown): value is RedProfileId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RED_PROFILES, value);
}
