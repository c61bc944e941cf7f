import { seededRandom } from '../seededRandom';
import type { Fault } from './faults';
import { defaultShop, type Shop } from './shop';

/**
 * Incidents with a known cause, each a function of a seed (the seed moves when the fault starts and
 * how strong it is, within a range that keeps the scenario what it says). Test code.
 */

export type CauseKind = 'deploy' | 'dependency' | 'crash' | 'rollback' | 'recovery' | 'errors' | 'traffic';

/** What really changed: the service and the kind of change, and what names it. */
export interface TrueCause {
  service: string;
  kind: CauseKind;
  /** Up: it got worse or grew; down: it recovered, fell or went away. */
  direction: 'up' | 'down';
  version?: string;
  /** For a dependency: the client-span attribute and value that name it. */
  attribute?: { name: string; value: string };
}

export interface Scenario {
  name: string;
  /** Undefined: nothing changed. */
  cause?: TrueCause;
  shop: Shop;
  faults: Fault[];
  /** The incident window starts here; the baseline is the 15 minutes before. */
  t0: number;
}

export const T0 = Date.UTC(2026, 10, 24, 14, 0, 0);
const MIN = 60_000;

/** A value in [lo, hi), drawn from the seed. */
const between = (random: () => number, lo: number, hi: number) => lo + random() * (hi - lo);

const scenario = (
  name: string,
  seed: number,
  make: (r: () => number) => { cause?: TrueCause; faults: Fault[]; shop?: Shop }
): Scenario => {
  const r = seededRandom(seed * 7919 + name.length);
  const made = make(r);
  return { name, cause: made.cause, faults: made.faults, shop: made.shop ?? defaultShop(), t0: T0 };
};

/** payments 1.1.0 on half the requests from early in the incident: 30% fail, 400 ms slower (the demo's bad deploy). */
export const badDeploy = (seed: number) =>
  scenario('bad deploy', seed, (r) => ({
    cause: { service: 'payments', kind: 'deploy', direction: 'up', version: '1.1.0' },
    faults: [
      {
        kind: 'deploy',
        service: 'payments',
        version: '1.1.0',
        share: between(r, 0.4, 0.6),
        errorRate: between(r, 0.25, 0.35),
        extraMs: 400,
        fromMs: T0 + between(r, 0.5, 2) * MIN,
      },
    ],
  }));

/** inventory's UPDATE of the stock table waits on a lock: 30-50 times slower, some calls time out. */
export const slowDependency = (seed: number) =>
  scenario('slow dependency', seed, (r) => ({
    cause: {
      service: 'inventory',
      kind: 'dependency',
      direction: 'up',
      attribute: { name: 'db.statement', value: 'UPDATE stock SET reserved = reserved + ? WHERE sku = ?' },
    },
    faults: [
      {
        kind: 'slowDb',
        service: 'inventory',
        table: 'stock',
        factor: between(r, 30, 50),
        fromMs: T0 + between(r, 0.5, 2) * MIN,
      },
    ],
  }));

/** shipping (one checkout in seven calls it) stops answering. */
export const crashedLowTraffic = (seed: number) =>
  scenario('crashed low-traffic service', seed, (r) => ({
    cause: { service: 'shipping', kind: 'crash', direction: 'down' },
    faults: [{ kind: 'crash', service: 'shipping', fromMs: T0 + between(r, 0.5, 2) * MIN }],
  }));

/** payments 1.1.0 failed a quarter of its requests through the baseline and was rolled back as the incident window starts. */
export const rollback = (seed: number) =>
  scenario('rollback', seed, (r) => ({
    cause: { service: 'payments', kind: 'rollback', direction: 'down', version: '1.1.0' },
    faults: [
      {
        kind: 'deploy',
        service: 'payments',
        version: '1.1.0',
        share: between(r, 0.4, 0.6),
        errorRate: between(r, 0.2, 0.3),
        extraMs: 0,
        fromMs: T0 - 20 * MIN,
        toMs: T0 + between(r, 0, 1) * MIN,
      },
    ],
  }));

/** inventory's lock timeouts (15-25% of its requests) through the baseline end as the incident window starts. */
export const recovery = (seed: number) =>
  scenario('recovery', seed, (r) => ({
    cause: { service: 'inventory', kind: 'recovery', direction: 'down' },
    faults: [
      {
        kind: 'errors',
        service: 'inventory',
        rate: between(r, 0.15, 0.25),
        pattern: 'stock database lock wait for order <_>',
        message: 'stock database lock timeout',
        fromMs: T0 - 20 * MIN,
        toMs: T0 + between(r, 0, 1) * MIN,
      },
    ],
  }));

/** payments' provider fails 20% of charges while catalog rolls out a healthy 1.9.0. */
export const healthyDeployDuringIncident = (seed: number) =>
  scenario('healthy deploy during another incident', seed, (r) => ({
    cause: { service: 'payments', kind: 'errors', direction: 'up' },
    faults: [
      {
        kind: 'errors',
        service: 'payments',
        rate: between(r, 0.15, 0.25),
        pattern: 'payment provider unavailable for order <_>: upstream connect error',
        message: 'payment provider unavailable',
        fromMs: T0 + between(r, 0.5, 2) * MIN,
      },
      {
        kind: 'deploy',
        service: 'catalog',
        version: '1.9.0',
        share: 1,
        errorRate: 0,
        extraMs: 0,
        fromMs: T0 + between(r, 1, 4) * MIN,
      },
    ],
  }));

/** Twice the traffic everywhere, nothing else. */
export const trafficGrowth = (seed: number) =>
  scenario('proportional traffic growth', seed, () => ({
    cause: { service: 'frontend', kind: 'traffic', direction: 'up' },
    faults: [{ kind: 'traffic', factor: 2, fromMs: T0 }],
  }));

/**
 * inventory fails 12-16% of its requests (about 1,000 more error lines over the shop: its own, and
 * its callers') while a restarted catalog pod throws 3 errors at once that nobody has seen before.
 */
export const burstAgainstChange = (seed: number) =>
  scenario('3-line burst against a 1,000-line change', seed, (r) => ({
    cause: { service: 'inventory', kind: 'errors', direction: 'up' },
    faults: [
      {
        kind: 'errors',
        service: 'inventory',
        rate: between(r, 0.12, 0.16),
        pattern: 'stock service unavailable for order <_>: too many connections',
        message: 'too many connections',
        fromMs: T0,
      },
      {
        kind: 'burst',
        service: 'catalog',
        count: 3,
        pattern: 'cache connection reset by peer while reading product <_>',
        message: 'cache connection reset',
        pod: 'catalog-5d8f7c9b4-zx7q1',
        fromMs: T0 + between(r, 2, 12) * MIN,
      },
    ],
  }));

export const nothingChanged = (seed: number) => scenario('nothing changed', seed, () => ({ faults: [] }));

/** The scenarios with a cause, as the issue lists them. */
export const INCIDENTS = [
  badDeploy,
  slowDependency,
  crashedLowTraffic,
  rollback,
  recovery,
  healthyDeployDuringIncident,
  trafficGrowth,
  burstAgainstChange,
];
