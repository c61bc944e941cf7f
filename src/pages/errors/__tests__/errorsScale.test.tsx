import { dateTimeFormat, LoadingState } from '@grafana/data';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, type SceneDataTransformer } from '@grafana/scenes';
import { errorTotalQuery } from '../../../queries/logql';
import { DEFAULT_SETTINGS } from '../../../settings/types';
import { CheckedTimeRange } from '../../../shared/CheckedTimeRange';
import type { RecordedRequest } from '../../../test/mocks/backendQuery';
import { activateWithParents, flush, installFakeRuntime } from '../../../test/mocks/grafanaRuntime';
import { selectorNarrows } from '../../../test/mocks/limits/lokiLimits';
import { lokiFrame, lokiMetricFrame } from '../../../test/mocks/lokiFrame';
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

/** Loki at 3,000 erroring services: a series per service grouped by service, one for the total. */
function respond(req: RecordedRequest) {
  return req.targets.flatMap((t) => {
    const expr = String(t.expr);
    const services = selected(expr);
    if (t.refId === 'logs') {
      return [lokiFrame([{ timeMs: NOW - 1000, line: 'boom', labels: { service_name: services[0] ?? 'x' } }], t.refId)];
    }
    if (expr.startsWith('sum by (service_name)')) {
      return services.map((s) => lokiMetricFrame(t.refId, { service_name: s }, [[NOW - 60_000, 1]]));
    }
    return [lokiMetricFrame(t.refId, {}, [[NOW - 60_000, services.length]])];
  });
}

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
    const volume = fake.requests[fake.requests.length - 1].targets.find((t) => t.refId === 'volume')!;
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
    expect(sampleNote(body.state.rows, body.state.totalLines)).toMatch(
      new RegExp(
        `^Signatures and lines: the newest 1 of 3,000 error lines \\(since ${dateTimeFormat(body.state.rows[0].timeMs)}\\)\\.`
      )
    );
    expect(
      fake.backendCalls.every((c) =>
        c.targets.every((t) => !String(t.expr).startsWith('sum by') || selectorNarrows(String(t.expr)))
      )
    ).toBe(true);
  });
});
