import { dateTimeFormat, dateTimeFormatTimeAgo } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { DASH } from './figures';

/**
 * The one way the pages write a moment: Grafana's own date format (`YYYY-MM-DD HH:mm:ss` unless the
 * instance sets another) in the user's time zone. With no `timeZone`, `dateTimeFormat` asks Grafana's time
 * zone resolver, which Grafana sets to `config.bootData.user.timezone` (grafana public/app/app.ts,
 * `setTimeZoneResolver`); pages with a time picker pass its zone, so a `tz` in the URL is followed.
 */

// Beyond this moment-timezone prints "Invalid date"; no log line or span is that late.
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const readable = (ms: unknown): ms is number =>
  typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 && ms <= LATEST_MS;

/** "2026-12-04 16:41:20", or a dash for a time that cannot be read. */
export function timeText(ms: number | undefined | null, timeZone?: TimeZone): string {
  return readable(ms) ? dateTimeFormat(ms, { timeZone }) : DASH;
}

/** "2026-12-04 16:26:30 to 2026-12-04 16:42:30", as Grafana's time picker writes an absolute range. */
export function rangeText(fromMs: number, toMs: number, timeZone?: TimeZone): string {
  return `${timeText(fromMs, timeZone)} to ${timeText(toMs, timeZone)}`;
}

/** "5 minutes ago", for a tooltip beside the full time; a dash for a time that cannot be read. */
export function timeAgoText(ms: number | undefined | null, timeZone?: TimeZone): string {
  return readable(ms) ? dateTimeFormatTimeAgo(ms, { timeZone }) : DASH;
}
