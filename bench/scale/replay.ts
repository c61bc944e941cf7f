import { dataFrameToJSON } from '@grafana/data';
import type { DataRequest } from '../../browser/harness/harness';
import { promQueryFrames } from '../../src/test/mocks/promFrame';
import type { PromAnswer, RunningPrometheus } from './prometheus';
import { PROM_STEP_S } from './promData';
import type { QueryFigure } from './verdict';

/**
 * The PromQL a page sent, run by the real Prometheus as Grafana's Prometheus backend would send it
 * (grafana-prometheus-datasource pkg/promlib/models/query.go, Parse and calculatePrometheusInterval,
 * 12.4 and 13.2 alike): step = max(the request's intervalMs, the data source's scrape interval),
 * raised so that no series has over 11,000 points (safeResolution); `$__interval` the step,
 * `$__rate_interval` max(step + scrape, 4 × scrape), `$__range` the range in seconds. The scrape
 * interval is the data set's (60 s), as a data source's "Scrape interval" set to it would give.
 * The request's times are moved so its end falls where the page's "now" does in the data.
 */
export interface ReplayFigure extends QueryFigure {
  /** Bytes of Prometheus's own JSON answer, before Grafana's backend turns it into frames. */
  promBytes: number;
  /** Samples Prometheus held at once for the query (its `stats=all` peakSamples). */
  peakSamples: number;
  ms: number;
}

const SCRAPE_MS = PROM_STEP_S * 1000;
const SAFE_RESOLUTION = 11_000;

export function grafanaStep(req: Pick<DataRequest, 'fromMs' | 'toMs' | 'intervalMs' | 'maxDataPoints'>): number {
  const rangeMs = req.toMs - req.fromMs;
  const interval = req.intervalMs ?? Math.ceil(rangeMs / (req.maxDataPoints ?? 1000));
  let step = Math.max(interval, SCRAPE_MS);
  if (rangeMs / step > SAFE_RESOLUTION) {
    step = Math.ceil(rangeMs / SAFE_RESOLUTION);
  }
  return Math.ceil(step / 1000) * 1000;
}

export function interpolate(expr: string, stepMs: number, rangeMs: number): string {
  const s = (ms: number) => `${Math.max(1, Math.round(ms / 1000))}s`;
  return expr
    .replace(/\$__rate_interval/g, s(Math.max(stepMs + SCRAPE_MS, 4 * SCRAPE_MS)))
    .replace(/\$__interval_ms/g, String(stepMs))
    .replace(/\$__interval/g, s(stepMs))
    .replace(/\$__range_s/g, String(Math.round(rangeMs / 1000)))
    .replace(/\$__range_ms/g, String(rangeMs))
    .replace(/\$__range/g, s(rangeMs));
}

type Series = { labels: Record<string, string>; points: Array<[number, number]> };

function seriesOf(answer: PromAnswer): Series[] {
  return (answer.body.data?.result ?? []).map((r) => ({
    labels: r.metric,
    points: (r.values ?? (r.value ? [r.value] : [])).map(([t, v]): [number, number] => [t * 1000, Number(v)]),
  }));
}

/** Every query of one Prometheus request, replayed; the request's bytes to the browser on each. */
export async function replayRequest(
  prom: RunningPrometheus,
  req: DataRequest,
  pageNowMs: number
): Promise<ReplayFigure[]> {
  const shiftMs = prom.endS * 1000 - pageNowMs;
  const stepMs = grafanaStep(req);
  const rangeMs = req.toMs - req.fromMs;
  const fromS = Math.floor((req.fromMs + shiftMs) / stepMs) * (stepMs / 1000);
  const toS = Math.floor((req.toMs + shiftMs) / stepMs) * (stepMs / 1000);
  const figures: ReplayFigure[] = [];
  const results: Record<string, unknown> = {};
  for (const [i, raw] of req.queries.entries()) {
    const target = req.targets[i] ?? { refId: String(i), instant: false };
    const query = interpolate(raw, stepMs, rangeMs);
    const started = Date.now();
    const answer = target.instant
      ? await prom.query({ query, time: String(toS), stats: 'all' }, false)
      : await prom.query(
          { query, start: String(fromS), end: String(toS), step: String(stepMs / 1000), stats: 'all' },
          true
        );
    const ms = Date.now() - started;
    const series = seriesOf(answer);
    const failed = answer.body.status !== 'success' ? (answer.body.error ?? `HTTP ${answer.status}`) : undefined;
    results[target.refId] = failed
      ? { status: answer.status, error: failed }
      : {
          status: 200,
          frames: promQueryFrames({ refId: target.refId, expr: raw, instant: target.instant }, series, stepMs).map(
            (f) => dataFrameToJSON(f)
          ),
        };
    const stats = (answer.body.data as { stats?: { samples?: { peakSamples?: number } } } | undefined)?.stats;
    figures.push({
      backend: 'prometheus',
      query: raw,
      series: series.length,
      lines: 0,
      bytes: 0,
      promBytes: answer.bytes,
      peakSamples: stats?.samples?.peakSamples ?? 0,
      ms,
      ...(failed ? { refused: `Prometheus: ${failed}` } : {}),
    });
  }
  const bytes = Buffer.byteLength(JSON.stringify({ results }));
  return figures.map((f) => ({ ...f, bytes }));
}
