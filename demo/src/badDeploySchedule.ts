/**
 * When the scripted "bad deploy" runs: every `everyS` seconds of the clock (epoch-aligned, so every
 * service and the end-to-end tests agree without talking), from `offsetS` into the cycle, for
 * `lengthS`. The defaults keep it clear of the error bursts of config.ts (every 600 s, for 90 s, from
 * 0): a burst at 0–90 s, the bad deploy at 180–360 s, nothing from 360 s to the next burst at 600 s.
 * No imports: the end-to-end specs read it too.
 */
export interface BadDeploySchedule {
  everyS: number;
  offsetS: number;
  lengthS: number;
}

export const BAD_DEPLOY_SCHEDULE: BadDeploySchedule = { everyS: 600, offsetS: 180, lengthS: 180 };

/** Seconds since the start of the current bad deploy (negative or past `lengthS`: none running). */
export function secondsIntoDeploy(s: BadDeploySchedule, nowMs: number): number {
  if (s.everyS <= 0) {
    return -1;
  }
  const phase = (((nowMs / 1000 - s.offsetS) % s.everyS) + s.everyS) % s.everyS;
  return phase;
}

export function inBadDeploy(s: BadDeploySchedule, nowMs: number): boolean {
  return s.everyS > 0 && s.lengthS > 0 && secondsIntoDeploy(s, nowMs) < s.lengthS;
}

/** The start (epoch ms) of the cycle `nowMs` lies in: the bad deploy of that cycle starts `offsetS` later. */
export function cycleStartMs(s: BadDeploySchedule, nowMs: number): number {
  const everyMs = s.everyS * 1000;
  return everyMs > 0 ? Math.floor(nowMs / everyMs) * everyMs : nowMs;
}
