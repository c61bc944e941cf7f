import React from 'react';
import { render, screen } from '@testing-library/react';
import { dateTimeFormat, LoadingState } from '@grafana/data';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, type SceneDataTransformer } from '@grafana/scenes';
import { SERVICE_BATCH, errorLogsQuery, errorTotalQuery } from '../../../queries/logql';
import { DEFAULT_SETTINGS } from '../../../settings/types';
import { CheckedTimeRange } from '../../../shared/CheckedTimeRange';
import { PartialAnswer, type RecordedRequest } from '../../../test/mocks/backendQuery';
import { activateWithParents, flush, installFakeRuntime } from '../../../test/mocks/grafanaRuntime';
import {
  LOKI_LIMITS,
  seriesLimitText,
  selectorNarrows,
  withLokiLimits,
  type LimitObservation,
} from '../../../test/mocks/limits/lokiLimits';
import { LINE_SERVICES } from '../../../correlation/topErrorServices';
import { lokiFrame, lokiMetricFrame } from '../../../test/mocks/lokiFrame';
import { testIds } from '../../../testIds';
import { ErrorsBody, sampleNote } from '../ErrorsBody';
import { errorsVariables } from '../errorsVariables';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const SERVICES = Array.from({ length: 3000 }, (_, i) => `svc-${String(i).padStart(4, '0')}`);

/** The services a `{service_name…}` selector picks among the 3,000 (each logged an error). */
function selected(expr: string): string[] {
  const m = /\{service_name(=~|=)"((?:[^"\\]|\\.)*)"\}/.exec(expr);
  if (!m) {
    return [];
  }
  const value = m[2].replace(/\\\\/g, '\\');
  const re = m[1] === '=' ? undefined : new RegExp(`^(?:${value})$`);
  return SERVICES.filter((s) => (re ? re.test(s) : s === value));
}

/** Error lines of a service: svc-0000 logs the most, then fewer and fewer (error volume is skewed). */
const errorsOf = (s: string) => 3000 - SERVICES.indexOf(s);

/**
 * Loki at 3,000 erroring services: a series per service grouped by service (the `topk` of a batch
 * keeps its N largest), one for the total, lines of the selected services. `refuse` answers those
 * refIds with Loki's series-limit text, as a refused batch comes back.
 */
function responder(opts: { refuse?: (refId: string) => boolean; none?: boolean } = {}) {
  return (req: RecordedRequest) => {
    const frames = req.targets.flatMap((t) => {
      const expr = String(t.expr);
      const services = opts.none ? [] : selected(expr);
      if (t.refId === 'logs') {
        return [
          lokiFrame(
            services
              .slice(0, 5)
              .map((s, i) => ({ timeMs: NOW - 1000 - i, line: `boom in ${s}`, labels: { service_name: s } })),
            t.refId
          ),
        ];
      }
      const top = /^topk\((\d+), /.exec(expr);
      if (top || expr.startsWith('sum by (service_name)')) {
        const ranked = [...services]
          .sort((a, b) => errorsOf(b) - errorsOf(a))
          .slice(0, top ? Number(top[1]) : undefined);
        return ranked.map((s) => lokiMetricFrame(t.refId, { service_name: s }, [[NOW - 60_000, errorsOf(s)]]));
      }
      return [lokiMetricFrame(t.refId, {}, [[NOW - 60_000, services.length]])];
    });
    const refused = req.targets.filter((t) => opts.refuse?.(t.refId));
    return refused.length
      ? new PartialAnswer(
          frames.filter((f) => !refused.some((t) => t.refId === f.refId)),
          Object.fromEntries(refused.map((t) => [t.refId, seriesLimitText(500)]))
        )
      : frames;
  };
}
const respond = responder();

function build() {
  const body = new ErrorsBody(DEFAULT_SETTINGS);
  new EmbeddedScene({
    $timeRange: new CheckedTimeRange({ from: 'now-1h', to: 'now' }),
    $variables: errorsVariables(DEFAULT_SETTINGS),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
  });
  return body;
}

describe('sampleNote', () => {
  it('says all lines when Loki sent every one, and nothing misleading on a missing count', () => {
    const row = { timeMs: NOW } as never;
    expect(sampleNote([row, row], 2)).toBe('Signatures and lines: all 2 error lines of the range.');
    expect(sampleNote([row], undefined)).toBe('Signatures and lines: all 1 error line of the range.');
  });
});

describe('Errors page at 3,000 services, under Loki’s default limits', () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('charts the total of every service, one series, answered (not refused at 500 series)', async () => {
    const fake = installFakeRuntime({ respond, services: SERVICES });
    const body = build();
    stop = activateWithParents(body);
    await flush();
    // The old `sum by (service_name)` over every service is refused here with Loki's 500-series text.
    expect(body.state.error).toBeUndefined();
    expect(body.state.status).toBe(LoadingState.Done);
    const volume = fake.requests.flatMap((r) => r.targets).find((t) => t.refId === 'volume')!;
    expect(volume.expr).toBe(errorTotalQuery({ services: [], levels: DEFAULT_SETTINGS.errorLevels }));
    const panel = body.state.volume;
    stop = ((a, b) => () => (b(), a()))(stop, activateWithParents(panel.state.$data as SceneDataTransformer));
    await flush();
    const data = (panel.state.$data as SceneDataTransformer).state.data!;
    expect(data.series).toHaveLength(1);
    expect(data.series[0].fields[1].values).toEqual([3000]);
    expect(panel.state.title).toMatch(/all services together/);
    // The lines are a sample of Loki's count, and the page says so.
    expect(body.state.totalLines).toBe(3000);
    expect(sampleNote(body.state.rows, body.state.totalLines, body.state.coverage)).toMatch(
      new RegExp(
        `^Signatures and lines: the newest 5 of 59,810 error lines of the 20 services with the most errors \\(of 3,000\\) \\(since ${dateTimeFormat(body.state.rows[4].timeMs)}\\)\\. Pick services to see the others`
      )
    );
    expect(
      fake.backendCalls.every((c) =>
        c.targets.every((t) => !String(t.expr).startsWith('sum by') || selectorNarrows(String(t.expr)))
      )
    ).toBe(true);
  });

  it('reads lines only of the 20 services with the most errors, counted in batches under 500 series', async () => {
    const seen: LimitObservation[] = [];
    const fake = installFakeRuntime({
      respond: withLokiLimits(respond, LOKI_LIMITS, (o) => seen.push(o)),
      services: SERVICES,
    });
    const body = build();
    stop = activateWithParents(body);
    await flush();
    expect(body.state.error).toBeUndefined();
    // Every query reached Loki's limit double and none was refused; each count stays under 500 series, shards included.
    expect(seen.filter((o) => o.refused)).toEqual([]);
    const counts = seen.filter((o) => o.query.startsWith('topk('));
    expect(counts).toHaveLength(8);
    // A shard answers the `sum by` under the `topk`: one series per service of its batch.
    expect(Math.max(...counts.map((o) => o.series))).toBe(SERVICE_BATCH.maxServices);
    expect(SERVICE_BATCH.maxServices).toBeLessThan(LOKI_LIMITS.maxQuerySeries);
    // No line query over every stream (the old `{service_name=~".+"} | detected_level=~…` fails here).
    const lineQueries = fake.backendCalls.flatMap((c) => c.targets).filter((t) => t.refId === 'logs');
    expect(lineQueries).toHaveLength(1);
    expect(lineQueries.every((t) => selectorNarrows(String(t.expr)))).toBe(true);
    const top = SERVICES.slice(0, LINE_SERVICES);
    expect(lineQueries[0].expr).toBe(errorLogsQuery({ services: top, levels: DEFAULT_SETTINGS.errorLevels }));
    expect(body.state.coverage?.services.map((s) => s.service)).toEqual(top);
    expect(body.state.coverage?.of).toBe(3000);
    // Two round trips: the volume with the counts, then the lines.
    expect(fake.requests).toHaveLength(2);
  });

  it('reads the lines of the services it could count when a count batch is refused, and says so', async () => {
    // The batch of the busiest services is refused: the lines come from the others.
    const fake = installFakeRuntime({ respond: responder({ refuse: (r) => r === 'count0' }), services: SERVICES });
    const body = build();
    stop = activateWithParents(body);
    await flush();
    expect(body.state.error).toBeUndefined();
    expect(body.state.rows.length).toBeGreaterThan(0);
    expect(body.state.coverage?.uncounted).toEqual({ services: 375, reason: seriesLimitText(500) });
    expect(body.state.coverage?.services[0].service).toBe('svc-0400');
    const lines = fake.backendCalls.flatMap((c) => c.targets).filter((t) => t.refId === 'logs');
    expect(lines).toHaveLength(1);
    expect(selectorNarrows(String(lines[0].expr))).toBe(true);
    render(<body.Component model={body} />);
    expect(screen.getByTestId(testIds.errors.uncounted).textContent).toMatch(
      /could not count the errors of about 375 services .*maximum number of series \(500\).*The lines are those of the services it counted/
    );
  });

  it('reads no lines when no count is answered, and says what to do', async () => {
    const fake = installFakeRuntime({
      respond: responder({ refuse: (r) => r.startsWith('count') }),
      services: SERVICES,
    });
    const body = build();
    stop = activateWithParents(body);
    await flush();
    expect(fake.backendCalls.flatMap((c) => c.targets).filter((t) => t.refId === 'logs')).toEqual([]);
    expect(body.state.rows).toEqual([]);
    expect(body.state.error).toMatch(
      /^Loki could not count errors per service \(maximum number of series \(500\).*Pick services to see their lines$/
    );
  });

  it('shows the empty state, and reads no lines, when no service logged an error', async () => {
    const fake = installFakeRuntime({ respond: responder({ none: true }), services: SERVICES });
    const body = build();
    stop = activateWithParents(body);
    await flush();
    expect(fake.backendCalls.flatMap((c) => c.targets).filter((t) => t.refId === 'logs')).toEqual([]);
    expect(body.state.error).toBeUndefined();
    expect(body.state.status).toBe(LoadingState.Done);
    expect(body.state.rows).toEqual([]);
    render(<body.Component model={body} />);
    expect(screen.getByTestId(testIds.errors.sampleNote).textContent).toBe(
      'Signatures and lines: all 0 error lines of the range.'
    );
  });
});
