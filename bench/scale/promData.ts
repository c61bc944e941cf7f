import { createWriteStream } from 'node:fs';
import { SCALE, serviceTraffic } from '../../browser/harness/scale/facts';

/**
 * Tempo's span metrics and service-graph series for SCALE.services services, written as OpenMetrics
 * for `promtool tsdb create-blocks-from openmetrics`, with the labels Tempo's metrics-generator writes
 * (grafana/tempo v2.10.8 modules/generator/processor/spanmetrics/spanmetrics.go: service, span_name,
 * span_kind, status_code; servicegraphs/servicegraphs.go: client, server, connection_type).
 * Kept small enough to backfill in well under a minute on 2 cores: per service one server operation
 * (calls unset and error, 10 latency buckets); one edge per service (svc-i calls svc-i+1) with
 * request and failed counters, 3-bucket server and client histograms and the server's sum.
 * Samples every PROM_STEP_S over PROM_SPAN_S. Counters grow linearly with a per-service rate, so the
 * figures differ between services and a `topk` has something to sort.
 */
export const PROM_STEP_S = 60;
/** The pages' hour, its first rate window (4 × 60 s), and a few minutes of slack. */
export const PROM_SPAN_S = 70 * 60;

const LATENCY_LE = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
const GRAPH_LE = ['0.4', '1.6', '+Inf'];

export interface PromDataStats {
  series: number;
  samples: number;
}

/** Writes the OpenMetrics text to `file`; resolves with how many series and samples it holds. */
export async function writeOpenMetrics(file: string, endS: number): Promise<PromDataStats> {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  const startS = endS - PROM_SPAN_S;
  let series = 0;
  let samples = 0;
  let buffer: string[] = [];
  const flush = async () => {
    if (!out.write(buffer.join(''))) {
      await new Promise<void>((r) => out.once('drain', () => r()));
    }
    buffer = [];
  };
  // One series: `labels` pre-rendered, value at time t = perS × (t − start).
  const emit = async (name: string, labels: string, perS: number) => {
    series++;
    for (let t = startS; t <= endS; t += PROM_STEP_S) {
      buffer.push(`${name}{${labels}} ${Math.round(perS * (t - startS) * 1000) / 1000} ${t}\n`);
      samples++;
    }
    if (buffer.length > 20_000) {
      await flush();
    }
  };
  const names = Array.from({ length: SCALE.services }, (_, i) => SCALE.serviceName(i));
  buffer.push('# TYPE traces_spanmetrics_calls counter\n');
  for (const [i, s] of names.entries()) {
    const { rate, errorFraction } = serviceTraffic(i);
    const server = `service="${s}",span_name="GET /api",span_kind="SPAN_KIND_SERVER"`;
    await emit(
      'traces_spanmetrics_calls_total',
      `${server},status_code="STATUS_CODE_UNSET"`,
      rate * (1 - errorFraction)
    );
    await emit('traces_spanmetrics_calls_total', `${server},status_code="STATUS_CODE_ERROR"`, rate * errorFraction);
  }
  buffer.push('# TYPE traces_spanmetrics_latency histogram\n');
  for (const [i, s] of names.entries()) {
    const { rate } = serviceTraffic(i);
    const server = `service="${s}",span_name="GET /api",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"`;
    // Each service's latency lands in buckets from a service-dependent one upwards.
    const first = 2 + (i % 6);
    for (const [b, le] of LATENCY_LE.entries()) {
      await emit(
        'traces_spanmetrics_latency_bucket',
        `${server},le="${le}"`,
        b >= first ? rate : b === first - 1 ? rate / 2 : 0
      );
    }
  }
  buffer.push('# TYPE traces_service_graph_request counter\n');
  const edge = (i: number) => `client="${names[i]}",server="${names[(i + 1) % names.length]}",connection_type=""`;
  for (let i = 0; i < names.length; i++) {
    await emit('traces_service_graph_request_total', edge(i), serviceTraffic(i).rate);
  }
  buffer.push('# TYPE traces_service_graph_request_failed counter\n');
  for (let i = 0; i < names.length; i++) {
    const { rate, errorFraction } = serviceTraffic(i);
    await emit('traces_service_graph_request_failed_total', edge(i), rate * errorFraction);
  }
  for (const side of ['server', 'client']) {
    buffer.push(`# TYPE traces_service_graph_request_${side}_seconds histogram\n`);
    for (let i = 0; i < names.length; i++) {
      const { rate } = serviceTraffic(i);
      for (const [b, le] of GRAPH_LE.entries()) {
        await emit(`traces_service_graph_request_${side}_seconds_bucket`, `${edge(i)},le="${le}"`, b >= 1 ? rate : 0);
      }
      if (side === 'server') {
        await emit('traces_service_graph_request_server_seconds_sum', edge(i), rate * 0.5);
      }
    }
  }
  buffer.push('# EOF\n');
  await flush();
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { series, samples };
}
