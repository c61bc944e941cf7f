import { num, type Env, type Warn } from './config.ts';
import type { Handler } from './http.ts';
import { BAD_DEPLOY_SCHEDULE, inBadDeploy, type BadDeploySchedule } from './badDeploySchedule.ts';
import { createTelemetry, type Telemetry } from './telemetry.ts';

/**
 * The scripted "bad deploy": periodically (badDeploySchedule.ts) one service reports a new
 * `service.version`, throws a new kind of error on part of its requests and answers slower, so
 * that Correlate's What changed has a deploy, a new error signature and an error rate to find.
 * Environment variables, each falling back to its default with a warning when unusable:
 * BAD_DEPLOY_EVERY_S (0 turns it off), BAD_DEPLOY_OFFSET_S, BAD_DEPLOY_LENGTH_S, BAD_DEPLOY_SERVICE,
 * BAD_DEPLOY_VERSION, BAD_DEPLOY_ERROR_RATE, BAD_DEPLOY_DELAY_MS.
 */

export interface BadDeployConfig extends BadDeploySchedule {
  service: string;
  /** The version the service reports during the bad deploy (it is STABLE_VERSION otherwise). */
  version: string;
  /** Share of the service's requests failing with the new error during the bad deploy. */
  errorRate: number;
  /** Added to every one of its requests during the bad deploy. */
  delayMs: number;
}

export const STABLE_VERSION = '1.0.0';

// The global timer (not node:timers/promises), so the simulator's clock (sim/clock.ts) drives it too.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const BAD_DEPLOY_DEFAULTS: BadDeployConfig = {
  ...BAD_DEPLOY_SCHEDULE,
  service: 'payments',
  version: '1.1.0',
  errorRate: 0.3,
  delayMs: 400,
};

/** The new kind of error: what a release that forgot a field throws. */
export const BAD_DEPLOY_ERROR = "Cannot read properties of undefined (reading 'currency')";

const SERVICES = ['gateway', 'orders', 'payments', 'inventory'];
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}$/;

function oneOf(env: Env, key: string, fallback: string, ok: (v: string) => boolean, what: string, warn: Warn) {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  if (ok(raw)) {
    return raw;
  }
  warn(`${key}=${JSON.stringify(raw)} is not ${what}; using ${fallback}.`);
  return fallback;
}

export function loadBadDeploy(env: Env = process.env, warn: Warn = (m) => console.warn(m)): BadDeployConfig {
  const d = BAD_DEPLOY_DEFAULTS;
  const everyS = num(env, 'BAD_DEPLOY_EVERY_S', d.everyS, 0, 86_400, warn);
  const config: BadDeployConfig = {
    everyS,
    offsetS: num(env, 'BAD_DEPLOY_OFFSET_S', d.offsetS, 0, 86_400, warn),
    lengthS: num(env, 'BAD_DEPLOY_LENGTH_S', d.lengthS, 0, 86_400, warn),
    service: oneOf(
      env,
      'BAD_DEPLOY_SERVICE',
      d.service,
      (v) => SERVICES.includes(v),
      `one of ${SERVICES.join(', ')}`,
      warn
    ),
    version: oneOf(
      env,
      'BAD_DEPLOY_VERSION',
      d.version,
      (v) => VERSION.test(v) && v !== STABLE_VERSION,
      `a version other than ${STABLE_VERSION}`,
      warn
    ),
    errorRate: num(env, 'BAD_DEPLOY_ERROR_RATE', d.errorRate, 0, 1, warn),
    delayMs: num(env, 'BAD_DEPLOY_DELAY_MS', d.delayMs, 0, 10_000, warn),
  };
  if (config.everyS > 0 && config.lengthS > config.everyS) {
    warn(
      `BAD_DEPLOY_LENGTH_S=${config.lengthS} is longer than BAD_DEPLOY_EVERY_S=${config.everyS}; using ${Math.min(d.lengthS, everyS)}.`
    );
    config.lengthS = Math.min(d.lengthS, everyS);
  }
  return config;
}

/**
 * Telemetry that reports `deployed`'s resource (its service.version) while `active()`, and
 * `stable`'s otherwise. Metrics stay on the stable one (they are aggregated across versions anyway).
 */
export function switchingTelemetry(stable: Telemetry, deployed: Telemetry, active: () => boolean): Telemetry {
  return {
    get tracer() {
      return active() ? deployed.tracer : stable.tracer;
    },
    get logger() {
      return active() ? deployed.logger : stable.logger;
    },
    meter: stable.meter,
    async flush() {
      await Promise.all([stable.flush(), deployed.flush()]);
    },
    async shutdown() {
      await Promise.all([stable.shutdown(), deployed.shutdown()]);
    },
  };
}

/** The service's telemetry: for the service with the bad deploy, one that switches version on schedule. */
export function deployedTelemetry(
  service: string,
  otlpEndpoint: string,
  config: BadDeployConfig,
  now: () => number = Date.now,
  metricIntervalMs?: number
): Telemetry {
  return versionedTelemetry(
    service,
    config,
    (version) => createTelemetry(service, otlpEndpoint, metricIntervalMs, version),
    now
  );
}

/** deployedTelemetry over any kind of telemetry (the simulator's is in memory). */
export function versionedTelemetry(
  service: string,
  config: BadDeployConfig,
  make: (version: string) => Telemetry,
  now: () => number = Date.now
): Telemetry {
  const stable = make(STABLE_VERSION);
  if (service !== config.service || config.everyS <= 0 || config.lengthS <= 0) {
    return stable;
  }
  return switchingTelemetry(stable, make(config.version), () => inBadDeploy(config, now()));
}

/**
 * The service's handler, slowed and failing with BAD_DEPLOY_ERROR on part of its requests during
 * the bad deploy. The error is thrown, as a real bug would be: serve() answers 500, marks the span
 * failed and logs it.
 */
export function withBadDeploy(
  service: string,
  handler: Handler,
  config: BadDeployConfig,
  random: () => number,
  now: () => number = Date.now
): Handler {
  if (service !== config.service) {
    return handler;
  }
  return async (path, body, span) => {
    if (!inBadDeploy(config, now())) {
      return handler(path, body, span);
    }
    if (config.delayMs > 0) {
      await sleep(config.delayMs);
    }
    if (random() < config.errorRate) {
      throw new TypeError(BAD_DEPLOY_ERROR);
    }
    return handler(path, body, span);
  };
}
