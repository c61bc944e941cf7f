import type { DataFrame } from '@grafana/data';
import {
  errorLineCountQuery,
  errorLogsQuery,
  errorsByServiceQuery,
  levelCountsQuery,
  serviceBatches,
} from '../../../queries/logql';
import { PartialAnswer, type RecordedRequest } from '../backendQuery';
import { lokiAnswer, type HealthScenario } from '../healthStack';
import {
  downstreamExpr,
  LOKI_LIMITS,
  selectorNarrows,
  withLokiLimits,
  type LimitObservation,
} from '../limits/lokiLimits';
import type { LokiRowFixture } from '../lokiFrame';

const NOW = 1_760_000_000_000;
const HOUR = 3_600_000;
const SERVICES = Array.from({ length: 3000 }, (_, i) => `svc-${String(i).padStart(4, '0')}`);

/** One error line per service in the last hour: 3,000 services logging errors. */
const LINES: LokiRowFixture[] = SERVICES.map((s, i) => ({
  timeMs: NOW - 60_000 - i,
  line: 'boom',
  labels: { service_name: s },
  structuredMetadata: { detected_level: 'error' },
}));
const scenario = { loki: { uid: 'loki-uid', lines: LINES } } as unknown as HealthScenario;

function ask(
  exprs: Array<{ expr: string; maxLines?: number; queryType?: string }>,
  observe?: (o: LimitObservation) => void
) {
  const req: RecordedRequest = {
    uid: 'loki-uid',
    type: 'loki',
    targets: exprs.map((e, i) => ({ refId: `q${i}`, queryType: 'instant', ...e })),
    fromMs: NOW - HOUR,
    toMs: NOW,
    startedAt: NOW,
  };
  return withLokiLimits((r) => lokiAnswer(scenario, r), LOKI_LIMITS, observe)(req);
}

const refusal = `maximum number of series (500) reached for a single query; consider reducing query cardinality by adding more specific stream selectors, reducing the time range, or aggregating results with functions like sum(), count() or topk()`;

describe('Loki limits double at 3,000 services', () => {
  it('maps queries to what a shard runs, as the shard mapper does', () => {
    expect(downstreamExpr('topk(20, sum by (service_name) (count_over_time({a="b"} [1h])))')).toBe(
      'sum by (service_name) (count_over_time({a="b"} [1h]))'
    );
    expect(downstreamExpr('count(sum by (service_name) (count_over_time({a="b"} [1h])))')).toBe(
      'sum by (service_name) (count_over_time({a="b"} [1h]))'
    );
    expect(downstreamExpr('sum(count_over_time({a="b"} [1h]))')).toBe('sum(count_over_time({a="b"} [1h]))');
    expect(selectorNarrows('{service_name=~".+"} | trace_id="x"')).toBe(false);
    expect(selectorNarrows('{service_name=~"a|b"} | trace_id="x"')).toBe(true);
  });

  it('refuses the old Health queries (topk and count over sum by service) with Loki’s text', () => {
    const old = `count_over_time({service_name=~".+"} | detected_level=~"(?i)error|critical|fatal" [3600s])`;
    const answer = ask([
      { expr: `topk(20, sum by (service_name) (${old}))` },
      { expr: `count(sum by (service_name) (${old}))` },
      { expr: errorLineCountQuery({ rangeMs: HOUR }) },
    ]);
    expect(answer).toBeInstanceOf(PartialAnswer);
    const partial = answer as PartialAnswer;
    expect(partial.failures).toEqual({ q0: refusal, q1: refusal });
    // The total is one series per shard: answered.
    expect(partial.frames.map((f) => f.refId)).toEqual(['q2']);
  });

  it('answers the per-service counts in batches, every service counted once', () => {
    const seen: LimitObservation[] = [];
    const batches = serviceBatches(SERVICES);
    const answer = ask(
      batches.map((services) => ({ expr: errorsByServiceQuery({ services, rangeMs: HOUR }) })),
      (o) => seen.push(o)
    );
    expect(Array.isArray(answer)).toBe(true);
    expect((answer as DataFrame[]).length).toBe(3000);
    expect(Math.max(...seen.map((o) => o.series))).toBeLessThanOrEqual(400);
    expect(seen.every((o) => o.narrowed && !o.refused)).toBe(true);
  });

  it('refuses a log query over max_entries_limit_per_query, answers one at the limit', () => {
    const q = errorLogsQuery({ services: [] });
    const answer = ask([
      { expr: q, maxLines: 5001, queryType: 'range' },
      { expr: q, maxLines: 5000, queryType: 'range' },
    ]);
    expect((answer as PartialAnswer).failures).toEqual({
      q0: 'max entries limit per query exceeded, limit > max_entries_limit_per_query (5001 > 5000)',
    });
  });

  it('bounds the level count window (every line is read)', () => {
    expect(levelCountsQuery({ rangeMs: 15 * 60_000, top: 50 })).toContain('[900s]');
  });
});
