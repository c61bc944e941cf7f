import { useEffect, useMemo, useRef, useState } from 'react';
import { dateMath } from '@grafana/data';
import type { HealthReport } from '../../correlation/health/types';
import type { CorrelateSettings } from '../../settings/types';
import { checkUrlTimeRange } from '../../shared/urlTimeRange';
import { configuredDataSources, runHealth, type HealthDataSources } from './runHealth';

/** A window from Grafana time text or epoch ms; a bad one falls back to the last hour, as a pasted link's does. */
export function windowOf(from: unknown, to: unknown): { fromMs: number; toMs: number } {
  const checked = checkUrlTimeRange({ from, to }, { from: 'now-1h', to: 'now' });
  const ms = (text: string, roundUp: boolean) => dateMath.toDateTime(text, { roundUp })?.valueOf() ?? NaN;
  return { fromMs: ms(checked.from, false), toMs: ms(checked.to, true) };
}

/** What one run checks: the data sources and the window, read when the run starts (so `now` is then). */
export type HealthRunInput = () => { dataSources: HealthDataSources; window: { fromMs: number; toMs: number } };

/**
 * Runs every check when `key` or the settings change, with the report as it fills in. A new run shows
 * nothing of the one before (its late answers are dropped). Shared by the Health page and the
 * components outside it.
 */
export function useHealthRun(
  settings: CorrelateSettings,
  key: string,
  input: HealthRunInput,
  onReport?: (report: HealthReport) => void
): { report?: HealthReport; error?: string } {
  // Results are kept with the run they belong to, so a new run shows nothing stale.
  const [state, setState] = useState<{ run?: object; report?: HealthReport; error?: string }>({});
  const run = useMemo(() => ({ settings, key }), [settings, key]);
  const latest = useRef({ input, onReport });
  useEffect(() => {
    latest.current = { input, onReport };
  });
  useEffect(() => {
    let cancelled = false;
    const { dataSources, window } = latest.current.input();
    runHealth(run.settings, dataSources, window, (report) => {
      if (!cancelled) {
        setState({ run, report });
      }
    }).then(
      (report) => {
        if (!cancelled) {
          setState({ run, report });
          latest.current.onReport?.(report);
        }
      },
      (err: unknown) => !cancelled && setState({ run, error: err instanceof Error ? err.message : String(err) })
    );
    return () => {
      cancelled = true;
    };
  }, [run]);
  return state.run === run ? { report: state.report, error: state.error } : {};
}

/**
 * The health report of the configured data sources over a window, for components outside the Health
 * page (the config page's summary, the exposed component). Runs again when the settings or the window change.
 */
export function useHealthReport(
  settings: CorrelateSettings,
  from: unknown,
  to: unknown,
  onReport?: (report: HealthReport) => void
): { report?: HealthReport; error?: string } {
  const fromKey = String(from ?? '');
  const toKey = String(to ?? '');
  return useHealthRun(
    settings,
    JSON.stringify([fromKey, toKey]),
    () => ({
      dataSources: configuredDataSources(settings),
      window: windowOf(fromKey || undefined, toKey || undefined),
    }),
    onReport
  );
}
