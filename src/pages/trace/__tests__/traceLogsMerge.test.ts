import { LoadingState } from '@grafana/data';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, type SceneDataTransformer } from '@grafana/scenes';
import { logRowsOfFrame } from '../../../correlation/logRows';
import { clearRedDetections } from '../../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS, type CorrelateSettings } from '../../../settings/types';
import { dataSourceVariablesSet } from '../../../shared/dataSourceVariables';
import { activateWithParents, installFakeRuntime, type RecordedRequest } from '../../../test/mocks/grafanaRuntime';
import { LOKI_LAYOUTS, lokiFrame, type LokiLayout } from '../../../test/mocks/lokiFrame';
import { checkoutTrace, GRAFANA_LINES, tempoTraceNotFound, type GrafanaLine } from '../../../test/mocks/tempoFrame';
import { TraceInvestigation } from '../TraceInvestigation';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const SETTINGS: CorrelateSettings = { ...DEFAULT_SETTINGS, redSource: 'tempo-spanmetrics' };

/** Loki: the metadata query and the line filter both find the first entry; only the line filter the second. */
function respond(layout: LokiLayout, grafana: GrafanaLine = '13.2', trace: 'ok' | 'missing' = 'ok') {
  const both = {
    timeMs: T0 + 50,
    tsNs: `${T0 + 50}000123`,
    line: `level=error msg=declined trace_id=${TRACE_ID}`,
    labels: { service_name: 'payments' },
    structuredMetadata: { trace_id: TRACE_ID, detected_level: 'error' },
  };
  const textOnly = { timeMs: T0 + 60, line: `{"traceId":"${TRACE_ID}"}`, labels: { service_name: 'inventory' } };
  return (req: RecordedRequest) => {
    if (req.type === 'tempo') {
      return trace === 'missing' ? tempoTraceNotFound(TRACE_ID) : [checkoutTrace(TRACE_ID, T0, { grafana })];
    }
    if (req.type === 'loki') {
      return req.targets.map((t) =>
        lokiFrame(t.refId === 'metadata' ? [both] : t.refId === 'text' ? [both, textOnly] : [], {
          refId: t.refId,
          layout,
          expr: t.expr,
        })
      );
    }
    return [];
  };
}

function build() {
  const investigation = new TraceInvestigation({
    traceId: TRACE_ID,
    timeHintMs: T0 + 50,
    hintService: 'payments',
    settings: SETTINGS,
  });
  new EmbeddedScene({
    $variables: dataSourceVariablesSet(SETTINGS),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: investigation })] }),
  });
  return investigation;
}

describe('trace investigation against Grafana’s data sources', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 + 60 * 60_000 });
    clearRedDetections();
  });
  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  it.each(LOKI_LAYOUTS)('lists each log entry of the trace once (Loki %s layout)', async (layout) => {
    installFakeRuntime({ respond: respond(layout) });
    const investigation = build();
    stop = activateWithParents(investigation);
    // The trace is in: "Logs of this trace" now looks in the trace's services.
    await jest.advanceTimersByTimeAsync(0);
    const logs = investigation.state.logsPanel!.state.$data as SceneDataTransformer;
    stop = ((s1, s2) => () => (s2(), s1()))(stop, activateWithParents(logs));
    await jest.advanceTimersByTimeAsync(0);
    expect(logs.state.data?.state).toBe(LoadingState.Done);
    const rows = logs.state.data!.series.flatMap((f) => logRowsOfFrame(f));
    expect(rows.map((r) => [r.service, r.tsNs])).toEqual([
      ['payments', `${T0 + 50}000123`],
      ['inventory', `${T0 + 60}000000`],
    ]);
  });

  it.each(GRAFANA_LINES)('reads the trace frame of Grafana %s', async (grafana) => {
    installFakeRuntime({ respond: respond('legacy', grafana) });
    const investigation = build();
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    expect(investigation.state.status).toBe('found');
    expect(investigation.state.summary?.rootCause?.service).toBe('payments');
  });

  it('tells a trace Tempo does not have from a failure, by the message Grafana gives', async () => {
    const fake = installFakeRuntime({ respond: respond('legacy', '13.2', 'missing') });
    const investigation = build();
    stop = activateWithParents(investigation);
    await jest.advanceTimersByTimeAsync(0);
    expect(investigation.state.status).toBe('missing');
    // Without a time shift on the data source, Grafana asks Tempo for the trace over all time.
    const tempo = fake.backendCalls.find((c) => c.type === 'tempo' && c.targets[0].refId === 'trace')!;
    expect([tempo.fromMs, tempo.toMs]).toEqual([0, 0]);
    expect(tempo.targets[0].queryType).toBe('traceId');
  });
});
