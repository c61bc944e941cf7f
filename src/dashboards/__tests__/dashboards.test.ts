import { DEFAULT_SETTINGS } from '../../settings/types';
import { redQueries } from '../../queries/promql';
import { serviceEdgesQueries } from '../../queries/serviceGraph';
import { errorLogsQuery } from '../../queries/logql';
import { decodeGoString, parseLogQL, parsePromQL } from '../../queries/__tests__/grammar';
import { CORRELATED_ERRORS_PANEL, investigationDashboard, markdownText } from '../investigation';
import { DashboardBuildError, newDashboard, relativeTime, standalonePanel } from '../panelModel';
import { edgesView, errorLogsView, redView, traceLogsView, traceView } from '../views';
import { readBack } from './grafanaImport';

const UIDS = { loki: 'loki-uid', tempo: 'tempo-uid', metrics: 'metrics-uid' };
const RANGE = { from: 'now-6h', to: 'now' };
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

const textOf = (dto: ReturnType<typeof investigationDashboard>) =>
  String((dto.dashboard.panels?.[0] as { options?: { content?: string } }).options?.content);

function investigation(service: string, extra: Partial<Parameters<typeof investigationDashboard>[0]> = {}) {
  return investigationDashboard({
    service,
    profile: 'tempo-spanmetrics',
    settings: DEFAULT_SETTINGS,
    dataSources: UIDS,
    range: RANGE,
    ...extra,
  });
}

describe('one view as a panel of any dashboard', () => {
  it('keeps the view’s query, visualisation and data source (by uid), for any dashboard to read', () => {
    const panel = standalonePanel(redView('tempo-spanmetrics', 'checkout', 'duration'), UIDS);
    expect(panel.type).toBe('timeseries');
    expect(panel.title).toBe('p95 latency');
    expect(panel.datasource).toEqual({ type: 'prometheus', uid: 'metrics-uid' });
    expect(panel.targets).toEqual([
      expect.objectContaining({
        refId: 'duration',
        expr: redQueries('tempo-spanmetrics', { services: ['checkout'] }).duration,
        exemplar: true,
        datasource: { type: 'prometheus', uid: 'metrics-uid' },
      }),
    ]);
    expect(panel.fieldConfig?.defaults.unit).toBe('s');
    const dto = newDashboard({ title: 'x', panels: [panel], time: RANGE });
    const back = readBack(JSON.stringify(dto.dashboard));
    expect(back.problems).toEqual([]);
    expect(back.panels[0].dataSource).toEqual({ uid: 'metrics-uid', type: 'prometheus' });
  });

  it('refuses a view whose data source is not chosen, saying what to do', () => {
    for (const uids of [{}, { metrics: '' }, { metrics: '${metrics}' }, { metrics: 'x'.repeat(201) }]) {
      expect(() => standalonePanel(redView('tempo-spanmetrics', 'checkout', 'rate'), uids)).toThrow(
        new DashboardBuildError(
          'No metrics data source is chosen on this page. Pick one in the data source picker, then add the panel again.'
        )
      );
    }
    expect(() => standalonePanel({ title: 't', type: 'logs', signal: 'loki', targets: [] }, UIDS)).toThrow(
      /no query to add/
    );
  });

  it('escapes odd service names in every query as the pages do, and keeps them out of titles', () => {
    for (const service of ['we"ird\\svc', '${__user.email}', 'a[[b]]', 'line\nbreak', '} or vector(1) #']) {
      const views = [
        redView('tempo-spanmetrics', service, 'rate'),
        edgesView(service),
        errorLogsView(service, DEFAULT_SETTINGS),
      ];
      for (const view of views) {
        expect(view.title).not.toContain(service);
        for (const t of view.targets) {
          const expr = String(t.expr);
          const parsed = view.signal === 'loki' ? parseLogQL(expr) : parsePromQL(expr);
          expect(parsed.errors).toEqual([]);
          expect(parsed.strings.map(decodeGoString)).toContain(service);
          expect(expr).not.toContain('$__user');
        }
      }
      // otel-http matches the service in a regex on `job` (namespace/name): it must still parse.
      const otel = redView('otel-http', service, 'errors');
      expect(parsePromQL(String(otel.targets[0].expr)).errors).toEqual([]);
      const back = readBack(JSON.stringify(investigation(service).dashboard));
      expect(back.problems).toEqual([]);
    }
  });

  it('a trace view asks Tempo for that trace id, and refuses anything else', () => {
    const panel = standalonePanel(traceView(TRACE), UIDS);
    expect(panel).toMatchObject({ type: 'traces', datasource: { type: 'tempo', uid: 'tempo-uid' } });
    expect(panel.targets).toEqual([expect.objectContaining({ queryType: 'traceql', query: TRACE })]);
    const logs = traceLogsView(TRACE, DEFAULT_SETTINGS, ['checkout']);
    expect(logs.targets.every((t) => parseLogQL(String(t.expr)).errors.length === 0)).toBe(true);
    for (const bad of ['', 'abc', `${TRACE}} || {`, TRACE.toUpperCase()]) {
      expect(() => traceView(bad)).toThrow(DashboardBuildError);
      expect(() => investigation('checkout', { traceId: bad })).toThrow(DashboardBuildError);
    }
  });
});

describe('relative time', () => {
  it('keeps a relative range and turns an absolute one into "the last" of its length', () => {
    expect(relativeTime({ from: 'now-6h', to: 'now' })).toEqual({ from: 'now-6h', to: 'now' });
    expect(relativeTime({ from: 'now-7d/d', to: 'now/d' })).toEqual({ from: 'now-7d/d', to: 'now/d' });
    const t = Date.UTC(2026, 11, 4, 16);
    expect(relativeTime({ from: '1764864000000', to: 'x', fromMs: t, toMs: t + 3_600_000 })).toEqual({
      from: 'now-1h',
      to: 'now',
    });
    expect(relativeTime({ from: 1, to: 2, fromMs: t, toMs: t + 90 * 60_000 })).toEqual({ from: 'now-2h', to: 'now' });
    expect(relativeTime({ from: 1, to: 2, fromMs: t, toMs: t + 60_000 })).toEqual({ from: 'now-5m', to: 'now' });
    expect(relativeTime({ from: 1, to: 2, fromMs: t, toMs: t + 3 * 86_400_000 })).toEqual({
      from: 'now-3d',
      to: 'now',
    });
    // Bad input: no usable range gives the last hour.
    expect(relativeTime({ from: null, to: undefined, fromMs: NaN, toMs: 5 })).toEqual({ from: 'now-1h', to: 'now' });
    expect(relativeTime({ from: 'now-1h; drop', to: 'now', fromMs: t, toMs: t - 5 })).toEqual({
      from: 'now-1h',
      to: 'now',
    });
  });
});

describe('the whole investigation of a service', () => {
  it('is read back as Grafana reads a dashboard: RED, error logs with the Correlated errors panel, callers and callees, a link back', () => {
    const dto = investigation('checkout');
    const back = readBack(JSON.stringify(dto.dashboard));
    expect(back.problems).toEqual([]);
    expect(dto.dashboard.time).toEqual(RANGE);
    expect(dto.dashboard.uid).toBe('');
    expect(back.variables.map((v) => [v.name, v.type, v.query, v.current?.value])).toEqual([
      ['loki', 'datasource', 'loki', 'loki-uid'],
      ['metrics', 'datasource', 'prometheus', 'metrics-uid'],
    ]);
    expect(back.panels.map((p) => [p.type, p.title, p.dataSource?.uid])).toEqual([
      ['text', 'Investigate in Correlate', undefined],
      ['timeseries', 'Requests', 'metrics-uid'],
      ['timeseries', 'Error rate', 'metrics-uid'],
      ['timeseries', 'p95 latency', 'metrics-uid'],
      [CORRELATED_ERRORS_PANEL, 'Correlated errors', undefined],
      ['logs', 'Error logs', 'loki-uid'],
      ['table', 'Callers and callees', 'metrics-uid'],
    ]);
    const q = redQueries('tempo-spanmetrics', { services: ['checkout'] });
    expect(back.panels.slice(1, 4).map((p) => p.queries[0].expr)).toEqual([q.rate, q.errors, q.duration]);
    // The panels follow the dashboard's variables, so the team can point them at another stack.
    expect(dto.dashboard.panels?.[1]).toMatchObject({ datasource: { uid: '${metrics}', type: 'prometheus' } });
    expect(back.panels[5].queries[0].expr).toBe(
      errorLogsQuery({ services: ['checkout'], levels: DEFAULT_SETTINGS.errorLevels })
    );
    const edges = serviceEdgesQueries('checkout');
    expect(back.panels[6].queries.map((t) => t.expr)).toEqual([edges.requests, edges.errors, edges.p95]);
    expect(dto.dashboard.panels?.[4]).toMatchObject({
      options: { lokiUid: 'loki-uid', services: ['checkout'], levels: DEFAULT_SETTINGS.errorLevels },
    });
    const text = textOf(dto);
    expect(text).toContain('(/a/correlate-investigation-app/services/checkout)');
  });

  it('from the trace page: links back to the trace too; without RED metrics, leaves RED out', () => {
    const dto = investigation('payments', {
      traceId: TRACE,
      profile: undefined,
      range: { from: 1, to: 2, fromMs: 0, toMs: 1_800_000 },
    });
    const back = readBack(JSON.stringify(dto.dashboard));
    expect(back.problems).toEqual([]);
    expect(back.panels.map((p) => p.type)).toEqual(['text', CORRELATED_ERRORS_PANEL, 'logs', 'table']);
    expect(dto.dashboard.time).toEqual({ from: 'now-30m', to: 'now' });
    const text = textOf(dto);
    expect(text).toContain(`(/a/correlate-investigation-app/trace/${TRACE})`);
  });

  it('under a Grafana sub-path, its links carry it (a new tab follows the href as written); a bad sub-path is left out', () => {
    const under = textOf(investigation('checkout', { traceId: TRACE, subUrl: '/grafana' }));
    expect(under).toContain('(/grafana/a/correlate-investigation-app/services/checkout)');
    expect(under).toContain(`(/grafana/a/correlate-investigation-app/trace/${TRACE})`);
    for (const subUrl of [
      'https://evil.example',
      '//evil.example',
      '/a b',
      '/x)',
      'grafana',
      '/',
      42 as unknown as string,
    ]) {
      expect(textOf(investigation('checkout', { subUrl }))).toContain(
        '(/a/correlate-investigation-app/services/checkout)'
      );
    }
  });

  it('bad input: no service, no data source, odd names shown as written', () => {
    expect(() => investigation(' ')).toThrow(/No service to add/);
    expect(() => investigation('x'.repeat(201))).toThrow(DashboardBuildError);
    expect(() => investigation('checkout', { dataSources: { metrics: 'm' } })).toThrow(/No Loki data source/);
    const odd = '${__user.email} [x](javascript:alert(1)) <b>';
    const dto = investigation(odd);
    const text = textOf(dto);
    // Nothing Grafana would interpolate, nor Markdown or HTML would read, in the text panel.
    expect(text).not.toMatch(/\$|<b>|javascript:alert\(1\)\)/);
    expect(text).toContain(markdownText(odd));
    // Parentheses encoded too: a `)` would end the Markdown link early.
    expect(text).toContain(
      `(/a/correlate-investigation-app/services/${encodeURIComponent(odd).replace(/\(/g, '%28').replace(/\)/g, '%29')})`
    );
    expect(dto.dashboard.title).toBe(`Correlate: ${odd}`);
    expect(readBack(JSON.stringify(dto.dashboard)).problems).toEqual([]);
  });

  it('the read-back finds what Grafana would not load', () => {
    const dto = investigation('checkout');
    const broken = JSON.parse(JSON.stringify(dto.dashboard));
    broken.templating.list = broken.templating.list.slice(1);
    broken.panels[2].gridPos.x = 20;
    broken.tags = [1];
    expect(readBack(JSON.stringify(broken)).problems).toEqual([
      'tags expected array of strings',
      'panel Error rate is outside the 24-column grid: {"x":20,"y":3,"w":8,"h":8}',
      'panel Error logs uses the undefined variable ${loki}',
      "panel Error logs has queries but no data source: it would use the instance's default",
      'panel Error logs uses the undefined variable ${loki}',
    ]);
    expect(readBack('{').problems).toEqual(['Not valid JSON']);
  });
});
