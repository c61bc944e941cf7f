import { nameList } from '../../shared/displayText';

/** Why error signatures were not counted by Loki's patterns API: the reasons a fallback gives. */

/** The patterns call failed: a 404 is the pattern ingester switched off. */
export const patternsMissingText = (reason: string) =>
  /404/.test(reason)
    ? `Loki has no patterns API (${reason}): its pattern ingester is off (pattern_ingester.enabled).`
    : `Loki's patterns API failed (${reason}).`;

/** A configured error level is one Loki keeps no patterns for (patternsResponse.ts LOKI_PATTERN_LEVELS). */
export const unseenLevelsText = (levels: string[]) =>
  `Loki's patterns API keeps patterns only for the levels error, fatal, critical, warn, info, debug and trace, and files lines at the levels ${nameList(levels)} (set as error levels in Correlate's configuration) under "unknown"`;
