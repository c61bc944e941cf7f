import { LINE_SERVICES } from '../../correlation/topErrorServices';
import { errorLogsQuery, errorTotalQuery, serviceBatches, topErrorServicesQuery } from '../../queries/logql';

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

/** The panel's two Loki queries for chosen services, one request: the newest lines and the error count per step. */
export function panelQueries(opts: { services: string[]; levels: string[]; lines: number; rangeMs: number }) {
  if (opts.services.length === 0) {
    throw new Error('No services: with none chosen the panel counts first (panelCountQueries).');
  }
  const filters = { services: opts.services, levels: opts.levels };
  const step = stepFor(opts.rangeMs);
  return {
    step,
    stepMs: stepSeconds(opts.rangeMs, 60) * 1000,
    targets: [
      { refId: 'logs', expr: errorLogsQuery(filters), queryType: 'range', maxLines: panelLines(opts.lines) },
      { refId: 'trend', expr: errorTotalQuery({ ...filters, interval: step }), queryType: 'range', step },
    ],
  };
}

/** Lines the panel reads: more than listed, so the signatures are counted over a useful sample. */
const panelLines = (lines: number) => Math.max(200, lines);

/**
 * No service chosen: the trend, and the services with the most errors, counted per batch of Loki's
 * known services (under Loki's 500-series limit). The lines follow with `panelLinesQueries`: a line
 * query over every stream would read every line of the range.
 */
export function panelCountQueries(opts: { knownServices: string[]; levels: string[]; rangeMs: number }) {
  const step = stepFor(opts.rangeMs);
  const counts = serviceBatches(opts.knownServices).map((batch, i) => ({
    refId: `count${i}`,
    expr: topErrorServicesQuery({
      services: batch,
      levels: opts.levels,
      rangeMs: opts.rangeMs,
      top: LINE_SERVICES + 1,
    }),
    queryType: 'instant',
  }));
  return {
    step,
    stepMs: stepSeconds(opts.rangeMs, 60) * 1000,
    targets: [
      {
        refId: 'trend',
        expr: errorTotalQuery({ services: [], levels: opts.levels, interval: step }),
        queryType: 'range',
        step,
      },
      ...counts,
    ],
    countRefIds: counts.map((c) => c.refId),
  };
}

/** The lines of the services the counts found (never every stream: throws on none). */
export function panelLinesQueries(opts: { services: string[]; levels: string[]; lines: number }) {
  if (opts.services.length === 0) {
    throw new Error('No services to read lines of.');
  }
  return [
    {
      refId: 'logs',
      expr: errorLogsQuery({ services: opts.services, levels: opts.levels }),
      queryType: 'range',
      maxLines: panelLines(opts.lines),
    },
  ];
}
