import {
  FieldConfigOptionsRegistry,
  LoadingState,
  applyFieldOverrides,
  createTheme,
  type DataFrame,
  type PanelData,
} from '@grafana/data';
import {
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  type SceneDataTransformer,
  type VizPanel,
} from '@grafana/scenes';
import { exemplarRows, exemplarTraceId } from '../../correlation/exemplars';
import { readTraceParams } from '../../pages/trace/tracePage';
import { redQueries } from '../../queries/promql';
import { RED_PROFILES, type RedProfileId } from '../../queries/redProfiles';
import { clearRedDetections } from '../../settings/resolveRedProfile';
import { DEFAULT_SETTINGS } from '../../settings/types';
import { activateWithParents, flush, installFakeRuntime, type RecordedRequest } from '../../test/mocks/grafanaRuntime';
import { redAnswer } from '../../test/mocks/promFrame';
import { promExemplarFrames, type PromExemplarSeries } from '../../test/mocks/promExemplars';
import { dataSourceVariablesSet } from '../dataSourceVariables';
import { exemplarSourceOf } from '../exemplarLinks';
import { EXEMPLAR_LINK_TITLE } from '../linkTitles';
import { RedSection } from '../RedSection';

const T0 = Date.UTC(2026, 10, 24, 11, 0, 0);
const FROM = T0 - 3_600_000;
const TO = T0 + 600_000;
const ID = '4bf92f3577b34da6a3ce929d0e0e4736';
// Tempo writes this id without its leading zeros (pkg/util/traceid.go TraceIDToHexString).
const ZERO_LED = '0af7651916cd43dd8448eb211c80319c';

/** Exemplars of the duration histogram, per service, as Prometheus' exemplar API lists them. */
function exemplarSeries(profile: RedProfileId, perService: Record<string, Array<[number, number, string]>>) {
  const p = RED_PROFILES[profile];
  return Object.entries(perService).map(([service, rows]): PromExemplarSeries => ({
    seriesLabels: {
      __name__: p.bucketMetric,
      [p.serviceLabel]: service,
      le: '0.5',
      ...(p.serverMatcher ? { [p.serverMatcher.label]: p.serverMatcher.value } : {}),
    },
    exemplars: rows.map(([timestampMs, value, id]) => ({
      labels: { [p.exemplarTraceIdLabel]: id, span_id: 'b7ad6b7169203331' },
      value,
      timestampMs,
    })),
  }));
}

function build(profile: RedProfileId, services: string[], exemplars: PromExemplarSeries[]) {
  const fake = installFakeRuntime({
    respond: (req: RecordedRequest) =>
      req.targets.flatMap((t) => [
        ...redAnswer(
          [t as any],
          RED_PROFILES[profile].serviceLabel,
          Object.fromEntries(services.map((s) => [s, 1])),
          T0
        ),
        ...(t.exemplar ? promExemplarFrames(t.refId, exemplars, { expr: t.expr }) : []),
      ]),
  });
  const red = new RedSection({ redSource: profile, services });
  new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: new Date(FROM).toISOString(), to: new Date(TO).toISOString() }),
    $variables: dataSourceVariablesSet({ ...DEFAULT_SETTINGS, redSource: profile }),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: red })] }),
  });
  const stop = activateWithParents(red);
  return { fake, red, stop };
}

/** The three panels (requests/s, error fraction, p95) of a service's RED row. */
function panelsOf(red: RedSection, service: string): VizPanel[] {
  const row = red.state.blocks
    .flatMap((b) => b.state.children as SceneFlexItem[])
    .find((c) => c.state.key === service)!;
  const graphs = ((row.state.body as SceneFlexLayout).state.children[1] as SceneFlexItem).state.body as SceneFlexLayout;
  return graphs.state.children.map((c) => (c as SceneFlexItem).state.body as VizPanel);
}

/** What a panel receives, after its transformations ran. */
async function panelData(panel: VizPanel): Promise<PanelData> {
  const data = panel.state.$data as SceneDataTransformer;
  const stop = activateWithParents(data);
  await flush();
  const result = data.state.data!;
  stop();
  return result;
}

/**
 * The links Grafana's time series panel shows on an exemplar marker: VizPanel applies field overrides to
 * the annotations with its own interpolation (@grafana/scenes 8.19 VizPanel.applyFieldConfig), and
 * ExemplarMarker asks each field with links for `getLinks({ valueRowIndex })` (grafana/grafana
 * public/app/plugins/panel/timeseries/plugins/ExemplarMarker.tsx).
 */
function markerLinks(panel: VizPanel, annotations: DataFrame[]) {
  const frames = applyFieldOverrides({
    data: annotations,
    fieldConfig: { defaults: {}, overrides: [] },
    fieldConfigRegistry: new FieldConfigOptionsRegistry(),
    replaceVariables: panel.interpolate,
    theme: createTheme(),
  });
  return frames
    .filter((f) => f.name === 'exemplar')
    .map((f) =>
      Array.from({ length: f.length }, (_, row) =>
        f.fields.flatMap((field) =>
          field.config.links?.length ? (field.getLinks?.({ valueRowIndex: row }) ?? []) : []
        )
      )
    );
}

describe('exemplar trace ids', () => {
  it.each([
    [ID, false, ID],
    [ID.toUpperCase(), false, ID],
    ['b7ad6b7169203331', false, '0000000000000000b7ad6b7169203331'],
    // Tempo strips leading zeros; those ids get them back.
    [ZERO_LED.slice(1), true, ZERO_LED],
    ['b7ad6b7169203331', true, '0000000000000000b7ad6b7169203331'],
  ])('%s (trimmed source: %s) is %s', (value, trimmed, expected) => {
    expect(exemplarTraceId(value, trimmed)).toBe(expected);
  });

  it.each([
    ['not-a-trace-id', true],
    [ZERO_LED.slice(1), false],
    ['0'.repeat(32), true],
    ['0', true],
    ['', true],
    [`${ID}ff`, true],
    ['4bf92f3577b34da6a3ce929d0e0e473g', true],
    ['${__user.email}', true],
    [undefined, true],
    [42, true],
  ])('%p (trimmed source: %s) is not a trace id', (value, trimmed) => {
    expect(exemplarTraceId(value, trimmed)).toBeUndefined();
  });

  it('reads the service of an OTLP job and skips rows without a time', () => {
    const [frame] = promExemplarFrames(
      'duration',
      // In different steps: within one, Grafana's sampler keeps only values two standard deviations apart.
      exemplarSeries('otel-http', { 'shop/api': [[T0, 0.2, ID]], worker: [[T0 + 60_000, 0.3, 'nope']] })
    );
    (frame.fields[0].values as unknown[])[1] = 'never';
    expect(exemplarRows(frame, exemplarSourceOf(RED_PROFILES['otel-http']))).toEqual([
      { index: 0, timeMs: T0, service: 'api', traceId: ID },
    ]);
  });
});

describe('exemplars on the RED graphs', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => clearRedDetections());
  afterEach(() => stop());

  it('ride on the RED request: the duration query asks for them, no request is added', async () => {
    const built = build('tempo-spanmetrics', ['payments', 'orders'], []);
    stop = built.stop;
    await flush();
    expect(built.fake.requests).toHaveLength(1);
    expect(built.fake.backendCalls).toHaveLength(1);
    const q = redQueries('tempo-spanmetrics', { services: ['payments', 'orders'] });
    expect(built.fake.backendCalls[0].targets.map((t) => [t.refId, t.expr, t.exemplar])).toEqual([
      ['rate', q.rate, false],
      ['errors', q.errors, false],
      ['duration', q.duration, true],
    ]);
  });

  it.each<[RedProfileId, string]>([
    ['tempo-spanmetrics', 'traceID'],
    ['otel-spanmetrics', 'trace_id'],
    ['otel-spanmetrics-nosuffix', 'trace_id'],
    ['otel-http', 'trace_id'],
  ])('%s: the p95 graph links each exemplar of its service to the trace investigation (%s)', async (profile, label) => {
    const served = profile === 'otel-http' ? 'shop/payments' : 'payments';
    const { red, stop: s } = build(
      profile,
      ['payments', 'orders'],
      exemplarSeries(profile, {
        [served]: [
          [T0 - 60_000, 0.9, ID],
          [T0, 0.25, 'not-a-trace-id'],
        ],
        orders: [[T0 - 30_000, 0.4, 'e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1']],
      })
    );
    stop = s;
    await flush();
    const [rate, errors, p95] = panelsOf(red, 'payments');
    const data = await panelData(p95);
    expect(data.state).toBe(LoadingState.Done);
    const exemplarFrames = (data.annotations ?? []).filter((f) => f.name === 'exemplar');
    // One frame with a link (the valid id), one without (the malformed one); orders' exemplar is not here.
    expect(exemplarFrames.map((f) => f.fields.find((x) => x.name === label)!.values)).toEqual([
      [ID],
      ['not-a-trace-id'],
    ]);
    const links = markerLinks(p95, data.annotations ?? []);
    expect(links[1]).toEqual([[]]);
    expect(links[0]).toHaveLength(1);
    const [link] = links[0][0];
    expect(link.title).toBe(EXEMPLAR_LINK_TITLE);
    // The data source's own link into Explore ("Open trace") is replaced.
    expect(links[0][0]).toHaveLength(1);
    expect(link.href).toBe(
      `/a/correlate-investigation-app/trace/${ID}?time=${T0 - 60_000}&service=payments&traceFrom=${FROM}&traceTo=${TO}` +
        '&var-loki=loki-uid&var-tempo=tempo-uid&var-metrics=metrics-uid'
    );
    // The trace page reads it back: the id, the exemplar's time as the time hint, its service.
    const url = new URL(link.href, 'http://grafana.local');
    const params = readTraceParams(url.pathname.split('/').pop(), url.searchParams);
    expect(params).toMatchObject({ traceId: ID, timeHintMs: T0 - 60_000, hintService: 'payments', problems: [] });
    // The graphs' range is where Tempo looks for the trace, under keys the page's window never reads.
    expect(params.lookupRange).toEqual({ from: new Date(FROM).toISOString(), to: new Date(TO).toISOString() });

    // The request and error graphs share the runner's annotations but show no exemplars.
    for (const panel of [rate, errors]) {
      expect(((await panelData(panel)).annotations ?? []).filter((f) => f.name === 'exemplar')).toEqual([]);
    }
    const orders = (await panelData(panelsOf(red, 'orders')[2])).annotations!.filter((f) => f.name === 'exemplar');
    expect(orders.map((f) => f.fields.find((x) => x.name === label)!.values)).toEqual([
      ['e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1'],
    ]);
  });

  it.each<[RedProfileId, number, number]>([
    ['tempo-spanmetrics', 0.25, 0.25],
    ['otel-http', 0.25, 0.25],
    // The collector's span metrics observe ms: 250 ms sits at 0.25 on the p95 axis (seconds), not above it.
    ['otel-spanmetrics', 250, 0.25],
    ['otel-spanmetrics-nosuffix', 250, 0.25],
  ])('%s: an exemplar of %p in the histogram’s unit is drawn at %p s', async (profile, observed, drawn) => {
    const served = profile === 'otel-http' ? 'shop/payments' : 'payments';
    const built = build(
      profile,
      ['payments'],
      exemplarSeries(profile, {
        [served]: [
          [T0 - 60_000, observed, ID],
          [T0, observed, 'not-a-trace-id'],
        ],
      })
    );
    stop = built.stop;
    await flush();
    const data = await panelData(panelsOf(built.red, 'payments')[2]);
    const values = (data.annotations ?? [])
      .filter((f) => f.name === 'exemplar')
      .map((f) => f.fields.find((x) => x.name === 'Value')!.values);
    expect(values).toEqual([[drawn], [drawn]]);
  });

  it.each([
    ['pay${__user.email} ü', true],
    ['pay${__user.email}/../x?y#z', false],
    ['a&from=0', false],
    ['a+b', false],
    ['100%', false],
  ])(
    'gives Tempo’s trimmed ids their zeros back; the service %p never reaches Grafana’s interpolation (kept: %s)',
    async (service, kept) => {
      const { red, stop: s } = build(
        'tempo-spanmetrics',
        [service],
        exemplarSeries('tempo-spanmetrics', { [service]: [[T0, 0.2, ZERO_LED.replace(/^0+/, '')]] })
      );
      stop = s;
      await flush();
      const p95 = panelsOf(red, service)[2];
      const data = await panelData(p95);
      const [[[link]]] = markerLinks(p95, data.annotations ?? []);
      // Grafana's sanitiser (@braintree/sanitize-url 7.1) decodes the URL once; it must still read back right.
      const url = new URL(link.href, 'http://grafana.local');
      expect(url.pathname).toBe(`/a/correlate-investigation-app/trace/${ZERO_LED}`);
      expect(url.searchParams.get('service')).toBe(kept ? service : null);
      expect(url.searchParams.get('time')).toBe(String(T0));
      expect(url.searchParams.get('traceFrom')).toBe(String(FROM));
      expect(url.searchParams.get('from')).toBeNull();
    }
  );

  it('keeps the trace moment on every graph', async () => {
    const built = build(
      'tempo-spanmetrics',
      ['payments'],
      exemplarSeries('tempo-spanmetrics', { payments: [[T0, 1, ID]] })
    );
    stop = built.stop;
    built.red.setMoment({ fromMs: T0, toMs: T0 + 100, text: 'Trace' });
    await flush();
    for (const panel of panelsOf(built.red, 'payments')) {
      const names = ((await panelData(panel)).annotations ?? []).map((f) => f.name ?? '');
      expect(names.filter((n) => n !== 'exemplar')).toHaveLength(1);
    }
  });

  it('a graph without exemplars (none kept, or an older Prometheus) is a plain graph', async () => {
    const built = build('tempo-spanmetrics', ['payments'], []);
    stop = built.stop;
    await flush();
    const data = await panelData(panelsOf(built.red, 'payments')[2]);
    expect(data.state).toBe(LoadingState.Done);
    expect(data.series.length).toBeGreaterThan(0);
    expect((data.annotations ?? []).filter((f) => f.name === 'exemplar')).toEqual([]);
  });
});
