import React from 'react';
import { act, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneTimeRange } from '@grafana/scenes';
import { overviewOrder, redQueries } from '../../../queries/promql';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS } from '../../../settings/types';
import { dataSourceVariablesSet } from '../../../shared/dataSourceVariables';
import { activateWithParents, flush, installFakeRuntime } from '../../../test/mocks/grafanaRuntime';
import {
  MIMIR_LIMITS,
  mimirChunksLimitText,
  withMimirLimits,
  type LimitObservation,
} from '../../../test/mocks/limits/mimirLimits';
import { stubCanvas } from '../../../test/mocks/canvas';
import { fleetResponder, fleetStore, scaleFleet } from '../../../test/mocks/promScale';
import { testIds } from '../../../testIds';
import { ServicesOverview, VISIBLE_DEBOUNCE_MS } from '../ServicesOverview';
import { OVERSCAN, VIEWPORT_ROWS } from '../virtualRows';

/**
 * 3,000 services behind the Mimir double (Tempo's default 15 buckets, 8 server span names each): what
 * the Services page fetches. The page may take at most 2 MB and a few hundred series per response.
 */

const FLEET = scaleFleet(3000);
const STORE = fleetStore(FLEET);
const PAGE_BYTES = 2_000_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
jest.setTimeout(60_000);

function overviewIn(from: string) {
  const overview = new ServicesOverview('tempo-spanmetrics');
  new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from, to: 'now' }),
    $variables: dataSourceVariablesSet({ ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' }),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: overview })] }),
  });
  return overview;
}

describe('Services overview at 3,000 services, behind Mimir’s default limits', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => clearRedDetections());
  let unstub: () => void = () => undefined;
  beforeAll(() => (unstub = stubCanvas()));
  afterAll(() => unstub());
  afterEach(() => stop());

  it('the old queries returned every service: over 2 MB a query; the p95 over 24 h passes Mimir’s chunk limit', () => {
    const seen: LimitObservation[] = [];
    const mimir = withMimirLimits(fleetResponder(FLEET), MIMIR_LIMITS, { store: STORE, observe: (o) => seen.push(o) });
    const old = redQueries('tempo-spanmetrics', { services: [] });
    const req = (fromMs: number) => ({
      uid: 'mimir',
      type: 'prometheus',
      fromMs,
      toMs: NOW,
      startedAt: NOW,
      targets: Object.entries(old).map(([refId, expr]) => ({ refId, expr, range: true })),
    });
    mimir(req(NOW - HOUR));
    expect(seen.map((o) => o.series)).toEqual([3000, 3000, 3000]);
    for (const o of seen) {
      expect(o.bytes).toBeGreaterThan(PAGE_BYTES);
    }
    seen.length = 0;
    const answer = mimir(req(NOW - 24 * HOUR));
    expect(answer).toBeInstanceOf(Error);
    expect((answer as Error).message).toBe(mimirChunksLimitText(2_000_000));
    expect(seen.find((o) => o.query === old.duration)!.chunks).toBeGreaterThan(2_000_000);
  });

  it.each([
    ['1 h', 'now-1h'],
    ['24 h', 'now-24h'],
  ])('the page asks for the top 100 and the rows on screen only (%s)', async (_n, from) => {
    {
      const seen: LimitObservation[] = [];
      const fake = installFakeRuntime({
        respond: fleetResponder(FLEET),
        prometheus: { mimir: { store: STORE, observe: (o) => seen.push(o) } },
      });
      const overview = overviewIn(from);
      stop = activateWithParents(overview);
      await act(async () => {
        await flush();
      });
      render(
        <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
          <ServicesOverview.Component model={overview} />
        </MemoryRouter>
      );
      await act(async () => {
        await new Promise((r) => setTimeout(r, VISIBLE_DEBOUNCE_MS + 20));
        await flush();
      });
      expect(seen.filter((o) => o.refused)).toEqual([]);
      expect(fake.requests.filter((r) => r.type === 'prometheus')).toHaveLength(2);
      expect(Math.max(...seen.map((o) => o.series))).toBe(100);
      expect(Math.max(...seen.map((o) => o.bytes ?? 0))).toBeLessThan(PAGE_BYTES / 20);
      expect(Math.max(...seen.map((o) => o.chunks ?? 0))).toBeLessThan(MIMIR_LIMITS.maxFetchedChunksPerQuery);
      // p95 and sparklines for the rows in the page only.
      const visible = seen.filter((o) => o.query.startsWith('histogram_quantile'));
      expect(visible).toHaveLength(1);
      expect(visible[0].series).toBe(VIEWPORT_ROWS + OVERSCAN);
      expect(screen.getAllByTestId(testIds.services.row)).toHaveLength(VIEWPORT_ROWS + OVERSCAN);
      expect(screen.getByTestId(testIds.services.summary)).toHaveTextContent(
        '100 of 3,000 services shown, most failing first'
      );
      expect(overview.state.rows[0].service).toBe(
        FLEET.map((f) => ({ ...f, service: f.name })).sort(overviewOrder)[0].service
      );
    }
  });
});
