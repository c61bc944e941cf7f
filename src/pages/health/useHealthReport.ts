import { useEffect, useMemo, useRef, useState } from 'react';
import { dateMath } from '@grafana/data';
import type { HealthReport } from '../../correlation/health/types';
import type { CorrelateSettings } from '../../settings/types';
import { checkUrlTimeRange } from '../../shared/urlTimeRange';
import { configuredDataSources, runHealth } from './runHealth';

/** A window from Grafana time text or epoch ms; a bad one falls back to the last hour, as a pasted link's does. */
export function windowOf(from: unknown, to: unknown): { fromMs: number; toMs: number } {
  const checked = checkUrlTimeRange({ from, to }, { from: 'now-1h', to: 'now' });
  const ms = (text: string, roundUp: boolean) => dateMath.toDateTime(text, { roundUp })?.valueOf() ?? NaN;
  return { fromMs: ms(checked.from, false), toMs: ms(checked.to, true) };
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
  // Results are kept with the run they belong to, so a new run shows nothing stale.
  const [state, setState] = useState<{ run?: object; report?: HealthReport; error?: string }>({});
  const run = useMemo(() => ({ settings, fromKey, toKey }), [settings, fromKey, toKey]);
  const callback = useRef(onReport);
  useEffect(() => {
    callback.current = onReport;
  });
  useEffect(() => {
    let cancelled = false;
    const window = windowOf(run.fromKey || undefined, run.toKey || undefined);
    runHealth(run.settings, configuredDataSources(run.settings), window, (report) => {
      if (!cancelled) {
        setState({ run, report });
      }
    }).then(
      (report) => {
        if (!cancelled) {
          setState({ run, report });
          callback.current?.(report);
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
