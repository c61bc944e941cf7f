import { errorLogsQuery, errorTotalQuery } from '../../queries/logql';

const STEPS = [15, 30, 60, 120, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400];

function stepSeconds(rangeMs: number, points: number): number {
  const wanted = Math.max(1, rangeMs / 1000 / points);
  return STEPS.find((x) => x >= wanted) ?? STEPS[STEPS.length - 1];
}

/** A step that gives about `points` buckets over the range, as a LogQL duration. */
export function stepFor(rangeMs: number, points = 60): string {
  const s = stepSeconds(rangeMs, points);
  return s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}

/** The panel's two Loki queries, one request: the newest lines and the error count per step. */
export function panelQueries(opts: { services: string[]; levels: string[]; lines: number; rangeMs: number }) {
  const filters = { services: opts.services, levels: opts.levels };
  const step = stepFor(opts.rangeMs);
  return {
    step,
    stepMs: stepSeconds(opts.rangeMs, 60) * 1000,
    targets: [
      // More lines than listed, so the signatures are counted over a useful sample.
      { refId: 'logs', expr: errorLogsQuery(filters), queryType: 'range', maxLines: Math.max(200, opts.lines) },
      { refId: 'trend', expr: errorTotalQuery({ ...filters, interval: step }), queryType: 'range', step },
    ],
  };
}
