import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { lokiPayload, type LokiPushEntry } from '../lokiPush.ts';

/** A log line as Loki stores it: index labels, the line, structured metadata (what a query can filter on). */
export interface StoredLine {
  timeMs: number;
  line: string;
  labels: Record<string, string>;
  structuredMetadata: Record<string, string>;
}

// grafana/loki v3.7.6 pkg/loghttp/push/otlp_config.go DefaultOTLPResourceAttributesAsIndexLabels (the ones the demo sets).
const INDEX_LABELS = new Set(['service.name', 'service.namespace', 'deployment.environment.name']);
const label = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_');
const ms = ([s, ns]: [number, number]) => s * 1000 + ns / 1e6;

// grafana/loki v3.7.6 pkg/distributor/field_detection.go detectLogLevelFromLogEntry: OTLP severity_number ranges.
function levelOf(severityNumber: number | undefined): string {
  const n = severityNumber ?? 0;
  return n === 0
    ? 'unknown'
    : n <= 4
      ? 'trace'
      : n <= 8
        ? 'debug'
        : n <= 12
          ? 'info'
          : n <= 16
            ? 'warn'
            : n <= 20
              ? 'error'
              : 'fatal';
}

/**
 * An OTLP log record as Loki's OTLP endpoint stores it (grafana/loki v3.7.6 pkg/loghttp/push/otlp.go
 * otlpLogToPushEntry): the body as the line, resource attributes from the default index list as
 * labels and the rest as structured metadata, with the record's attributes, scope_name,
 * observed_timestamp, severity_number/_text, flags, trace_id and span_id in hex; the distributor adds
 * detected_level from severity_number (field_detection.go).
 */
export function otlpLine(record: ReadableLogRecord): StoredLine {
  const labels: Record<string, string> = {};
  const sm: Record<string, string> = {};
  for (const [k, v] of Object.entries(record.resource.attributes)) {
    (INDEX_LABELS.has(k) ? labels : sm)[label(k)] = String(v);
  }
  for (const [k, v] of Object.entries(record.attributes)) {
    sm[label(k)] = String(v);
  }
  sm.scope_name = record.instrumentationScope.name;
  sm.observed_timestamp = String(Math.round(ms(record.hrTimeObserved) * 1e6));
  if (record.severityNumber !== undefined) {
    sm.severity_number = String(record.severityNumber);
  }
  if (record.severityText) {
    sm.severity_text = record.severityText;
  }
  const ctx = record.spanContext;
  if (ctx?.traceFlags) {
    sm.flags = String(ctx.traceFlags);
  }
  if (ctx?.traceId) {
    sm.trace_id = ctx.traceId;
    sm.span_id = ctx.spanId;
  }
  sm.detected_level = levelOf(record.severityNumber);
  return { timeMs: ms(record.hrTime), line: String(record.body), labels, structuredMetadata: sm };
}

/**
 * A push API entry as Loki stores it: the stream labels and line lokiPayload() sends; the distributor
 * adds detected_level from the `level` label, and trace_id from the JSON line's traceId, as
 * config/loki.yaml's discover_generic_fields asks (grafana/loki v3.7.6 pkg/distributor/field_detection.go
 * extractLogLevel, extractGenericField).
 */
export function pushedLine(service: string, entry: LokiPushEntry): StoredLine {
  const [stream] = lokiPayload(service, [entry]).streams;
  const [[ns, line]] = stream.values;
  const sm: Record<string, string> = { detected_level: stream.stream.level };
  if (entry.traceId) {
    sm.trace_id = entry.traceId;
  }
  return { timeMs: Number(BigInt(ns) / 1000n) / 1000, line, labels: { ...stream.stream }, structuredMetadata: sm };
}
