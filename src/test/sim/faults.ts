/**
 * What goes wrong in a simulated range, each from `fromMs` until `toMs` (open-ended without). Test code.
 */

interface Timed {
  fromMs: number;
  toMs?: number;
}

/** A new version on `share` of the service's requests (a rollout), failing `errorRate` of them and slower by `extraMs`. */
export interface DeployFault extends Timed {
  kind: 'deploy';
  service: string;
  version: string;
  share: number;
  errorRate: number;
  extraMs: number;
  /** The exception its failures throw (serve() logs `<service> failed: <it>`). */
  error?: string;
}

/** The service stops answering: no server spans, callers get "connection refused". */
export interface CrashFault extends Timed {
  kind: 'crash';
  service: string;
}

/** The service's statements on `table` take `factor` times longer (a lock, a missing index). */
export interface SlowDbFault extends Timed {
  kind: 'slowDb';
  service: string;
  table: string;
  factor: number;
}

/** The service fails `rate` of its requests with its own error, logging `pattern`. */
export interface ErrorsFault extends Timed {
  kind: 'errors';
  service: string;
  rate: number;
  pattern: string;
  message: string;
}

/** Traffic at the entry multiplied by `factor`. */
export interface TrafficFault extends Timed {
  kind: 'traffic';
  factor: number;
}

/** `count` requests of the service fail at once at `fromMs` with a message never seen before. */
export interface BurstFault extends Timed {
  kind: 'burst';
  service: string;
  count: number;
  pattern: string;
  message: string;
  /** The pod they all hit (a pod just restarted): one never seen before. */
  pod: string;
}

export type Fault = DeployFault | CrashFault | SlowDbFault | ErrorsFault | TrafficFault | BurstFault;

export const activeAt = (f: Timed, ms: number) => ms >= f.fromMs && (f.toMs === undefined || ms < f.toMs);
