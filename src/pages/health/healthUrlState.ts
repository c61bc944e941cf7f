import { rangeUtil, toUtc, type DateTime, type TimeRange } from '@grafana/data';
import { URL_KEYS } from '../../app/urls';
import { isCheckId } from '../../correlation/health/checks';
import type { CheckId } from '../../correlation/health/types';
import type { SignalKind } from '../../settings/dataSources';
import { resolveDataSource } from '../../settings/resolveDataSources';
import type { CorrelateSettings } from '../../settings/types';
import { checkUrlTimeRange } from '../../shared/urlTimeRange';
import type { HealthDataSources } from './runHealth';

/**
 * The Health page's state, all of it in the URL, read and written with the keys the Scenes pages use
 * (`from`, `to`, `timezone`, `var-loki`, `var-tempo`, `var-metrics`) and `check`, so every link to
 * Health (`healthUrl`, the config page, other pages) opens the same view.
 */
export const HEALTH_DEFAULT_RANGE = { from: 'now-1h', to: 'now' };

export const SIGNALS: SignalKind[] = ['loki', 'tempo', 'metrics'];

/** The data source variables' URL keys: `var-` and the names in src/shared/dataSourceVariables.ts. */
export const DS_URL_KEYS: Record<SignalKind, string> = {
  loki: URL_KEYS.loki,
  tempo: URL_KEYS.tempo,
  metrics: URL_KEYS.metrics,
};

export interface HealthView {
  /** The window as Grafana time text, after checking (a bad value is replaced by the default). */
  from: string;
  to: string;
  /** What a bad link got wrong, one sentence each, for the page to show above the report. */
  problems: string[];
  /** Each data source's uid: the URL's, else the configured one (or the instance's default); '' for none. */
  uids: Record<SignalKind, string>;
  /** The check whose detail is open; anything but a check id is ignored. */
  check?: CheckId;
  /** The URL's time zone, when it names one. */
  timeZone?: string;
}

const first = (search: URLSearchParams, key: string) => search.get(key) ?? undefined;

/**
 * A time zone as Grafana's time range accepts it: `browser`, `utc` or an IANA name. Scenes' time range
 * ignores one it cannot resolve (@grafana/scenes 8.19.0 dist/esm/core/SceneTimeRange.js getValidTimeZone).
 */
export function validTimeZone(text: string | undefined): string | undefined {
  if (!text) {
    return undefined;
  }
  if (text === 'browser' || text === 'utc') {
    return text;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: text });
    return text;
  } catch {
    return undefined;
  }
}

/** The page's view from its URL and the app's settings. Pure but for reading the present and Grafana's data sources. */
export function readHealthUrl(search: URLSearchParams, settings: CorrelateSettings): HealthView {
  const range = checkUrlTimeRange({ from: first(search, 'from'), to: first(search, 'to') }, HEALTH_DEFAULT_RANGE);
  const configured: Record<SignalKind, string | undefined> = {
    loki: settings.lokiUid,
    tempo: settings.tempoUid,
    metrics: settings.metricsUid,
  };
  // A uid in the URL is used as it is, as the Scenes pages' data source variables keep a URL value
  // (MultiValueVariable skips validating it on first sync): the checks then say what is wrong with it.
  const uid = (kind: SignalKind) =>
    search.has(DS_URL_KEYS[kind])
      ? search.get(DS_URL_KEYS[kind])!.slice(0, 200)
      : (resolveDataSource(kind, configured[kind]).uid ?? '');
  const check = first(search, URL_KEYS.check);
  return {
    from: range.from,
    to: range.to,
    problems: range.problems,
    uids: { loki: uid('loki'), tempo: uid('tempo'), metrics: uid('metrics') },
    check: isCheckId(check) ? check : undefined,
    timeZone: validTimeZone(first(search, 'timezone')),
  };
}

/**
 * What the page writes into its URL when it opens (replacing the entry, as Scenes' `updateUrlOnInit`):
 * the window and data sources it shows, so the address bar is a link to this very view. Empty when the
 * URL already says so.
 */
export function initialUrlUpdate(search: URLSearchParams, view: HealthView): Record<string, string> {
  const want: Record<string, string> = { from: view.from, to: view.to };
  for (const kind of SIGNALS) {
    if (view.uids[kind]) {
      want[DS_URL_KEYS[kind]] = view.uids[kind];
    }
  }
  return Object.fromEntries(Object.entries(want).filter(([key, value]) => search.getAll(key).join() !== value));
}

/** The data sources the checks use; a missing one is a "could not check" with what to do. */
export function healthDataSources(view: HealthView): HealthDataSources {
  const NAMES: Record<SignalKind, string> = { loki: 'Loki', tempo: 'Tempo', metrics: 'metrics' };
  const pick = (kind: SignalKind) =>
    view.uids[kind]
      ? { uid: view.uids[kind] }
      : { error: `No ${NAMES[kind]} data source: pick one above or in Correlate’s configuration.` };
  return { loki: pick('loki'), tempo: pick('tempo'), metrics: pick('metrics') };
}

/** The view's window as a time range in the time zone (relative times evaluated now). */
export function timeRangeOf(view: HealthView, timeZone: string): TimeRange {
  return rangeUtil.convertRawToRange({ from: view.from, to: view.to }, timeZone);
}

/** A range's ends as the URL holds them: relative text as it is, a chosen time as ISO text (as Scenes writes it). */
export function rangeUrlValues(range: TimeRange): { from: string; to: string } {
  const text = (t: DateTime | string) => (typeof t === 'string' ? t : t.toISOString());
  return { from: text(range.raw.from), to: text(range.raw.to) };
}

const absolute = (fromMs: number, toMs: number): TimeRange => {
  const from = toUtc(fromMs);
  const to = toUtc(toMs);
  return { from, to, raw: { from, to } };
};

/** Half the window earlier or later: the picker's arrows (as Scenes' SceneTimePicker getShiftedTimeRange). */
export function shiftedRange(range: TimeRange, direction: -1 | 1): TimeRange {
  const half = (range.to.valueOf() - range.from.valueOf()) / 2;
  return absolute(range.from.valueOf() + direction * half, range.to.valueOf() + direction * half);
}

/** Twice the window around its middle: the picker's zoom out (as Scenes' SceneTimePicker getZoomedTimeRange). */
export function zoomedOutRange(range: TimeRange): TimeRange {
  const span = range.to.valueOf() - range.from.valueOf();
  const center = range.to.valueOf() - span / 2;
  const next = span === 0 ? 30_000 : span * 2;
  return absolute(center - next / 2, center + next / 2);
}
