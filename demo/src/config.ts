/**
 * Demo configuration from environment variables. A value that is not usable (not a number, out of
 * range) falls back to its default with a warning, so a typo never stops the demo.
 */

export interface FaultRates {
  /** payments: fraction of charges declined (logged as errors). */
  declineRate: number;
  /** orders: fraction of requests failing with an upstream 5xx. */
  upstreamErrorRate: number;
  /** inventory: fraction of reservations that hang past the caller's timeout. */
  timeoutRate: number;
  /** every service: fraction of requests with a latency spike. */
  slowRate: number;
}

export interface DemoConfig {
  faults: FaultRates;
  /** Every this many seconds an incident multiplies the error rates for `incidentLengthS`. */
  incidentEveryS: number;
  incidentLengthS: number;
  incidentFactor: number;
  otlpEndpoint: string;
  lokiPushUrl: string;
  requestsPerSecond: number;
  seed: number;
  /**
   * Whether log records carry the active span's trace context (LOG_TRACE_CONTEXT=on|off). `off` is the
   * broken-on-purpose variant the health checks must catch: logs without trace ids.
   */
  logTraceContext: boolean;
}

export const DEFAULTS: DemoConfig = {
  faults: { declineRate: 0.08, upstreamErrorRate: 0.03, timeoutRate: 0.02, slowRate: 0.05 },
  incidentEveryS: 600,
  incidentLengthS: 90,
  incidentFactor: 5,
  otlpEndpoint: 'http://otel-collector:4318',
  lokiPushUrl: 'http://loki:3100/loki/api/v1/push',
  requestsPerSecond: 5,
  seed: 1,
  logTraceContext: true,
};

export type Env = Record<string, string | undefined>;
export type Warn = (message: string) => void;

/** A number from the environment within [min, max], else the fallback with a warning. */
export function num(env: Env, key: string, fallback: number, min: number, max: number, warn: Warn): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    warn(`${key}=${JSON.stringify(raw)} is not a number from ${min} to ${max}; using ${fallback}.`);
    return fallback;
  }
  return n;
}

function url(env: Env, key: string, fallback: string, warn: Warn): string {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  try {
    const u = new URL(raw);
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      return raw.replace(/\/+$/, '');
    }
  } catch {
    // reported below
  }
  warn(`${key}=${JSON.stringify(raw)} is not an http(s) URL; using ${fallback}.`);
  return fallback;
}

function onOff(env: Env, key: string, fallback: boolean, warn: Warn): boolean {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  const v = raw.trim().toLowerCase();
  if (['on', 'true', '1'].includes(v)) {
    return true;
  }
  if (['off', 'false', '0'].includes(v)) {
    return false;
  }
  warn(`${key}=${JSON.stringify(raw)} is not on or off; using ${fallback ? 'on' : 'off'}.`);
  return fallback;
}

export function loadConfig(env: Env = process.env, warn: Warn = (m) => console.warn(m)): DemoConfig {
  const d = DEFAULTS;
  return {
    faults: {
      declineRate: num(env, 'DECLINE_RATE', d.faults.declineRate, 0, 1, warn),
      upstreamErrorRate: num(env, 'UPSTREAM_ERROR_RATE', d.faults.upstreamErrorRate, 0, 1, warn),
      timeoutRate: num(env, 'TIMEOUT_RATE', d.faults.timeoutRate, 0, 1, warn),
      slowRate: num(env, 'SLOW_RATE', d.faults.slowRate, 0, 1, warn),
    },
    incidentEveryS: num(env, 'INCIDENT_EVERY_S', d.incidentEveryS, 0, 86_400, warn),
    incidentLengthS: num(env, 'INCIDENT_LENGTH_S', d.incidentLengthS, 0, 86_400, warn),
    incidentFactor: num(env, 'INCIDENT_FACTOR', d.incidentFactor, 1, 100, warn),
    otlpEndpoint: url(env, 'OTLP_ENDPOINT', d.otlpEndpoint, warn),
    lokiPushUrl: url(env, 'LOKI_PUSH_URL', d.lokiPushUrl, warn),
    requestsPerSecond: num(env, 'REQUESTS_PER_SECOND', d.requestsPerSecond, 0.1, 1000, warn),
    seed: num(env, 'SEED', d.seed, 0, 2 ** 31, warn),
    logTraceContext: onOff(env, 'LOG_TRACE_CONTEXT', d.logTraceContext, warn),
  };
}

/** Error rates in force at `nowMs`: multiplied during an incident, capped at 1. */
export function ratesAt(config: DemoConfig, nowMs: number): FaultRates {
  const every = config.incidentEveryS * 1000;
  const inIncident = every > 0 && nowMs % every < config.incidentLengthS * 1000;
  const k = inIncident ? config.incidentFactor : 1;
  const f = config.faults;
  return {
    declineRate: Math.min(1, f.declineRate * k),
    upstreamErrorRate: Math.min(1, f.upstreamErrorRate * k),
    timeoutRate: Math.min(1, f.timeoutRate * k),
    slowRate: f.slowRate,
  };
}

/** mulberry32: a small seeded generator, so a test run injects exactly the same faults each time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
