import type { TimeRange } from '@grafana/data';
import { isObservable, lastValueFrom } from 'rxjs';
import { errorMessageOf, type FrameLike } from '../../correlation/frame';
import { linesFromCounts, type LineCoverage } from '../../correlation/topErrorServices';
import { panelContent, type PanelContent } from './panelData';
import { countText, plural } from '../../shared/figures';
import { panelCountQueries, panelLinesQueries, panelQueries } from './panelQueries';

type Target = Record<string, unknown> & { refId: string };
type Answer = {
  data?: FrameLike[];
  errors?: Array<{ refId?: string; message?: string }>;
  error?: { message?: string };
};

/** The part of Grafana's Loki data source the panel uses. */
export interface PanelLoki {
  uid: string;
  getRef(): unknown;
  query(request: never): unknown;
  /** Loki's label-values variable query (LokiVariableQueryType.LabelValues = 1), over `options.range`. */
  metricFindQuery?(query: unknown, options?: unknown): Promise<Array<{ text?: unknown; value?: unknown }>>;
}

export interface PanelLoad {
  content: PanelContent;
  error?: string;
  /** No service chosen, and some with errors were left out: the services whose lines were read. */
  coverage?: LineCoverage;
}

/**
 * What the panel shows. With services: the lines and the trend, one request. With none: Loki's known
 * services for the range, then the trend with per-batch counts, then the lines of the services with
 * the most errors (a line query over every stream would read every line of the range).
 */
export async function loadPanel(
  ds: PanelLoki,
  opts: { services: string[]; levels: string[]; lines: number; timeRange: TimeRange }
): Promise<PanelLoad> {
  const rangeMs = opts.timeRange.to.valueOf() - opts.timeRange.from.valueOf();
  const ask = async (targets: Target[], step: string, stepMs: number): Promise<Answer> => {
    const result = ds.query({
      requestId: `correlate-panel-${Math.random().toString(36).slice(2)}`,
      app: 'panel-viewer',
      interval: step,
      intervalMs: stepMs,
      range: opts.timeRange,
      scopedVars: {},
      targets: targets.map((t) => ({ ...t, datasource: ds.getRef() })),
      timezone: 'browser',
      startTime: Date.now(),
    } as never);
    return (isObservable(result) ? await lastValueFrom(result) : await result) as Answer;
  };
  if (opts.services.length > 0) {
    const { targets, step, stepMs } = panelQueries({ ...opts, rangeMs });
    const response = await ask(targets, step, stepMs);
    return { content: panelContent(response.data ?? []), error: errorMessageOf(response as never) };
  }
  const found =
    (await ds.metricFindQuery?.(
      { refId: 'services', type: 1, label: 'service_name', stream: '' },
      { range: opts.timeRange }
    )) ?? [];
  const known = found.map((f) => String(f?.text ?? f?.value ?? '')).filter((s) => s !== '');
  const plan = panelCountQueries({ knownServices: known, levels: opts.levels, rangeMs });
  const first = await ask(plan.targets, plan.step, plan.stepMs);
  const { top, coverage, countErrors } = linesFromCounts({
    frames: first.data,
    errors: first.errors,
    refIds: plan.countRefIds,
    kind: 'instant',
    known: known.length,
  });
  const uncounted = coverage?.uncounted;
  const error = first.errors?.length
    ? errorMessageOf({ errors: first.errors.filter((e) => !countErrors.includes(e)) } as never)
    : errorMessageOf(first as never);
  const trend = (first.data ?? []).filter((f) => f.refId === 'trend');
  if (top.length === 0) {
    const why = uncounted ? `Loki could not count errors per service (${uncounted.reason}). Pick services` : undefined;
    return { content: panelContent(trend), error: error ?? why, coverage };
  }
  const second = await ask(panelLinesQueries({ ...opts, services: top.map((s) => s.service) }), plan.step, plan.stepMs);
  return {
    content: panelContent([...trend, ...(second.data ?? [])]),
    error: error ?? errorMessageOf(second as never),
    coverage,
  };
}

/** The panel's one line on what its lines cover, or nothing when they are every error of the range. */
export function panelSampleNote(rows: number, total: number, coverage?: LineCoverage): string | undefined {
  const k = coverage?.services.length ?? 0;
  if (k === 0 && rows >= total) {
    return undefined;
  }
  const of = k > 0 ? `, of the ${k === 1 ? 'service' : plural(k, 'service')} with the most errors` : '';
  const uncounted = coverage?.uncounted ? ' Some services could not be counted.' : '';
  return `Lines: the newest ${countText(rows)} of ${plural(total, 'error')}${of}.${uncounted}`;
}
