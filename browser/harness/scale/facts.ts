import { DEMO_DATA_SOURCES } from '../demo/facts';

/**
 * The production scale of issue 20: 3,000 services, 50,000 pods, 100k error lines an hour (one every
 * 36 ms), a 50,000-span trace. Everything generated from these numbers is deterministic: the same
 * seed gives the same services, lines, traces and series on every run.
 */
export const SCALE = {
  services: 3000,
  pods: 50_000,
  errorLinesPerHour: 100_000,
  traceSpans: 50_000,
  /** Spans of the other traces Tempo answers (search hits, the Health lookups). */
  smallTraceSpans: 30,
  /** Exemplars Prometheus keeps by default (--storage.exemplars.exemplars-limit 100000). */
  exemplars: 100_000,
  serviceName: (i: number) => `svc-${String(i).padStart(4, '0')}`,
};

/** The data sources are the demo's (the app's settings name them), answering at scale. */
export const SCALE_DATA_SOURCES = DEMO_DATA_SOURCES;

/** The trace id of the 50k-span trace: the newest error line carries it. */
export const BIG_TRACE_ID = '5ca1e000000000000000000000050000';

/** The tests' seeded generator (mulberry32), so every run sees the same data. */
export { seededRandom as seeded } from '../../../src/test/seededRandom';

/** Per-service request rate (per second) and error fraction, deterministic in the service's index. */
export function serviceTraffic(i: number) {
  const rate = 1 + ((i * 7919) % 97) / 10;
  const errorFraction = ((i * 104729) % 50) / 1000;
  return { rate, errorFraction };
}

/** The index of a service name of the fleet, or -1. */
export function serviceIndex(name: string): number {
  const m = /^svc-(\d{4})$/.exec(name);
  return m && Number(m[1]) < SCALE.services ? Number(m[1]) : -1;
}
