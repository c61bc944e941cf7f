import { redChanges, MAX_RED_ROWS } from '../../../correlation/changes/redChanges';
import { redQueries, topServicesRedQueries } from '../../../queries/promql';
import { parsePromQL } from '../../../queries/__tests__/grammar';
import { MIMIR_LIMITS, withMimirLimits, type LimitObservation } from '../../../test/mocks/limits/mimirLimits';
import { promSeries } from '../../../test/mocks/promFrame';
import { fleetResponder, fleetStore, scaleFleet } from '../../../test/mocks/promScale';
import { RED_TOP_SERVICES, redWindowQueries } from '../changedQueries';

/** What changed's RED with no service chosen, at 3,000 services: bounded at the server, rows capped. */

const FLEET = scaleFleet(3000);
const T = Date.UTC(2026, 11, 4, 12, 0, 0);
const incident = { fromMs: T - 3_600_000, toMs: T };
const baseline = { fromMs: T - 2 * 3_600_000, toMs: T - 3_600_000 };

describe('What changed: RED of all services', () => {
  it('ranks the incident’s top services at the server, the same set for both windows', () => {
    const inc = redWindowQueries('tempo-spanmetrics', [], incident);
    const base = redWindowQueries('tempo-spanmetrics', [], incident);
    expect(inc).toEqual(base);
    const top = `topk(${RED_TOP_SERVICES}, `;
    for (const t of inc) {
      expect(parsePromQL(t.expr).errors).toEqual([]);
      expect(t.expr).toContain(top);
      expect(t.expr).toContain(`[3600s] @ ${T / 1000})`);
    }
    expect(inc.map((t) => t.expr)).toEqual(
      Object.values(topServicesRedQueries('tempo-spanmetrics', { limit: RED_TOP_SERVICES, window: incident }))
    );
    // Chosen services are asked for by name, as before.
    expect(redWindowQueries('tempo-spanmetrics', ['a'], incident).map((t) => t.expr)).toEqual(
      Object.values(redQueries('tempo-spanmetrics', { services: ['a'] }))
    );
  });

  it('returns 50 series a query behind Mimir, where the old queries returned 3,000 (over 2 MB each)', () => {
    const seen: LimitObservation[] = [];
    const mimir = withMimirLimits(fleetResponder(FLEET), MIMIR_LIMITS, {
      store: fleetStore(FLEET),
      observe: (o) => seen.push(o),
    });
    const ask = (targets: Array<{ refId: string; expr: string }>, w: typeof incident) =>
      mimir({ uid: 'm', type: 'prometheus', fromMs: w.fromMs, toMs: w.toMs, startedAt: T, targets });
    const old = Object.entries(redQueries('tempo-spanmetrics', { services: [] })).map(([refId, expr]) => ({
      refId,
      expr,
    }));
    ask(old, incident);
    expect(seen.map((o) => o.series)).toEqual([3000, 3000, 3000]);
    expect(Math.min(...seen.map((o) => o.bytes ?? 0))).toBeGreaterThan(2_000_000);
    seen.length = 0;
    for (const w of [incident, baseline]) {
      ask(redWindowQueries('tempo-spanmetrics', [], incident), w);
    }
    expect(seen.filter((o) => o.refused)).toEqual([]);
    expect(Math.max(...seen.map((o) => o.series))).toBe(RED_TOP_SERVICES);
    expect(Math.max(...seen.map((o) => o.bytes ?? 0))).toBeLessThan(100_000);
  });

  it(`caps the rows at ${MAX_RED_ROWS}, the largest changes first`, () => {
    const frames = (factor: number) =>
      FLEET.slice(0, 500).flatMap((s, i) =>
        (['rate', 'errors', 'duration'] as const).map((refId) =>
          promSeries(
            refId,
            { service: s.name },
            Array.from({ length: 10 }, (_, k): [number, number] => [
              T + k * 60_000,
              (refId === 'rate' ? 10 : refId === 'errors' ? 0.01 : 0.2) * (factor === 1 ? 1 : 1 + (i % 50) / 10) +
                (k % 2) * 0.001,
            ])
          )
        )
      );
    const rows = redChanges({
      windows: { mode: 'previous', incident, baseline } as never,
      incident: frames(2),
      baseline: frames(1),
      serviceLabel: 'service',
    });
    expect(rows).toHaveLength(MAX_RED_ROWS);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i - 1].score).toBeGreaterThanOrEqual(rows[i].score);
    }
  });
});
