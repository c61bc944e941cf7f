import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { versionedTelemetry, type BadDeployConfig } from '../badDeploy.ts';
import { seededRandom, type DemoConfig } from '../config.ts';
import { respond } from '../http.ts';
import { runLoad } from '../loadgen.ts';
import type { LokiPushEntry } from '../lokiPush.ts';
import { demoResource, ensureContextManager, type Telemetry } from '../telemetry.ts';
import { shopHandler, SHOP_SERVICES, type ShopService } from '../wiring.ts';
import { installSimClock } from './clock.ts';
import { seededIds } from './ids.ts';
import { simNetwork } from './network.ts';

/**
 * Runs the demo shop as the stack runs it (main.ts's wiring: wiring.ts, the load generator, the
 * bad deploy, the error bursts) from `fromMs` to `toMs` of a simulated clock, on an in-memory network,
 * with the OpenTelemetry SDK exporting to memory instead of OTLP. What each service emitted is
 * returned as the SDK hands it to its exporters, and inventory's Loki push entries as it pushed them.
 */
export interface SimRun {
  spans: ReadableSpan[];
  logs: ReadableLogRecord[];
  pushed: Array<{ service: ShopService; entry: LokiPushEntry }>;
}

/** How long after `toMs` the run goes on without new checkouts, so every request in flight ends. */
const DRAIN_MS = 30_000;

interface Sinks {
  spans: InMemorySpanExporter;
  logs: InMemoryLogRecordExporter;
  ids: ReturnType<typeof seededIds>;
}

function memoryTelemetry(service: string, version: string, { spans, logs, ids }: Sinks) {
  const resource = demoResource(service, version);
  const tracerProvider = new TracerProvider({
    resource,
    idGenerator: ids,
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter: logs })],
  });
  // No reader: the shop's own metrics are not part of the snapshot (span metrics are counted from spans).
  const meterProvider = new MeterProvider({ resource });
  const telemetry: Telemetry = {
    tracer: tracerProvider.getTracer('correlate-demo'),
    logger: loggerProvider.getLogger('correlate-demo'),
    meter: meterProvider.getMeter('correlate-demo'),
    flush: async () => undefined,
    shutdown: async () => undefined,
  };
  return telemetry;
}

export async function runShop(
  config: DemoConfig,
  badDeploy: BadDeployConfig,
  fromMs: number,
  toMs: number
): Promise<SimRun> {
  ensureContextManager();
  const clock = installSimClock(fromMs);
  try {
    const spans = new InMemorySpanExporter();
    const logs = new InMemoryLogRecordExporter();
    const sinks: Sinks = { spans, logs, ids: seededIds(config.seed + 1_000) };
    const pushed: SimRun['pushed'] = [];
    const net = simNetwork();
    const peer = (name: ShopService) => `http://${name}:8080`;
    for (const service of SHOP_SERVICES) {
      const telemetry = versionedTelemetry(
        service,
        badDeploy,
        (version) => memoryTelemetry(service, version, sinks),
        clock.now
      );
      const handler = shopHandler(service, {
        config,
        badDeploy,
        telemetry,
        peer,
        push: (entry) => pushed.push({ service, entry }),
        transport: net.transport,
        now: clock.now,
      });
      net.hosts.set(
        `${service}:8080`,
        respond(service, telemetry, handler, { logTraceContext: config.logTraceContext })
      );
    }
    const load = runLoad(peer('gateway'), config.requestsPerSecond, seededRandom(config.seed), net.post, () => {});
    await clock.runUntil(toMs);
    load.stop();
    await clock.runUntil(toMs + DRAIN_MS);
    return { spans: spans.getFinishedSpans(), logs: logs.getFinishedLogRecords(), pushed };
  } finally {
    clock.restore();
  }
}
