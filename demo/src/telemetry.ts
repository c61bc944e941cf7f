import { context, type Meter, type Tracer, type Logger } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

/** One service's telemetry: its own providers (so several services can share a test process). */
export interface Telemetry {
  tracer: Tracer;
  logger: Logger;
  meter: Meter;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let contextManagerSet = false;

/** Async context (the active span across awaits) is process-wide; set it once. */
export function ensureContextManager() {
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
}

/** The resource every signal of a demo service carries (the simulator's in-memory telemetry too). */
export function demoResource(serviceName: string, version = '1.0.0') {
  return resourceFromAttributes({
    [ATTR_SERVICE_NAME]: serviceName,
    [ATTR_SERVICE_VERSION]: version,
    'service.namespace': 'shop',
    'deployment.environment.name': 'development',
  });
}

export function createTelemetry(
  serviceName: string,
  otlpEndpoint: string,
  metricIntervalMs = 15_000,
  version = '1.0.0'
): Telemetry {
  ensureContextManager();
  const resource = demoResource(serviceName, version);
  // The OTLP/HTTP exporters send JSON to <endpoint>/v1/{traces,logs,metrics}.
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${otlpEndpoint}/v1/traces` }),
        scheduledDelayMillis: 1000,
      }),
    ],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: `${otlpEndpoint}/v1/logs` }),
        scheduledDelayMillis: 1000,
      }),
    ],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${otlpEndpoint}/v1/metrics` }),
        exportIntervalMillis: metricIntervalMs,
      }),
    ],
  });
  return {
    tracer: tracerProvider.getTracer('correlate-demo'),
    logger: loggerProvider.getLogger('correlate-demo'),
    meter: meterProvider.getMeter('correlate-demo'),
    async flush() {
      await Promise.all([tracerProvider.forceFlush(), loggerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
