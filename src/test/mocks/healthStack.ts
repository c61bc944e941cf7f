// A fake stack behind the health checks: Loki, Tempo, a Prometheus-compatible metrics store and
// Grafana's data source API, answering from one scenario. The answers take the shapes of:
// - Loki's query results through Grafana's Loki data source: lokiDatasource.ts and lokiFrame.ts (instant
//   vectors become tables there, as grafana-loki-datasource src/makeTableFrames.ts makes them);
// - Loki's label API through the data source's resource proxy (grafana-loki-datasource pkg/loki/loki.go
//   callResource passes /loki/api/v1/<path> through): `{ status: "success", data: [names] }`;
// - Prometheus's HTTP API through the resource proxy (grafana-prometheus-datasource pkg/promlib/resource
//   Execute passes any path through; Prometheus web/api/v1 labelValues and queryExemplars):
//   `{ status, data }`, `{ status: "error", errorType, error }` with HTTP 400 for a bad query;
// - Tempo's trace lookups through the Tempo data source: tempoDatasource.ts and tempoFrame.ts;
// - Grafana's `GET /api/datasources/uid/:uid` (pkg/api/datasources.go GetDataSourceByUID, the DTO of
//   pkg/api/dtos/datasource.go), 404 `{ message: "Data source not found" }`, and the access-control
//   denial `{ title: "Access denied", message: "You'll need additional permissions to perform this
//   action. Permissions needed: datasources:read", accessErrorId }` (pkg/middleware/auth.go deny).
// Queries are read as Correlate's builders write them (src/queries); LogQL and PromQL are not evaluated
// in general, only the shapes the health checks send.
import type { DataFrame } from '@grafana/data';
import { decodeGoString } from '../../queries/__tests__/grammar';
import type { FakeRequest, Responder as ApiResponder } from './backendSrv';
import type { Answer, RecordedRequest } from './backendQuery';
import { lokiFrame, lokiMetricFrame, type LokiRowFixture } from './lokiFrame';
import { tempoTraceFrame, tempoTraceNotFound } from './tempoFrame';
import { answerTraceIdSearch } from './tempoTraceSearch';

/**
 * Tempo's span metrics of one service as the metrics-generator writes them (server calls, unset and
 * error, and a latency bucket); `extra` labels go on every series (an external label, say).
 */
export function spanMetricsSeries(service: string, extra: Record<string, string> = {}) {
  const calls = (status_code: string) => ({
    __name__: 'traces_spanmetrics_calls_total',
    service,
    span_kind: 'SPAN_KIND_SERVER',
    status_code,
    ...extra,
  });
  const bucket = {
    __name__: 'traces_spanmetrics_latency_bucket',
    service,
    span_kind: 'SPAN_KIND_SERVER',
    le: '0.5',
    ...extra,
  };
  return { calls: [calls('STATUS_CODE_UNSET'), calls('STATUS_CODE_ERROR')], bucket };
}

/** Tempo's service-graph series of the given calls (`[client, server]`): requests and both histograms. */
export function serviceGraphSeries(edges: ReadonlyArray<readonly [string, string]>): Array<Record<string, string>> {
  return edges.flatMap(([client, server]): Array<Record<string, string>> => [
    { __name__: 'traces_service_graph_request_total', client, server, connection_type: '' },
    { __name__: 'traces_service_graph_request_server_seconds_bucket', client, server, le: '0.5' },
    { __name__: 'traces_service_graph_request_client_seconds_bucket', client, server, le: '0.5' },
  ]);
}

export interface HealthScenario {
  loki: {
    uid: string;
    lines: LokiRowFixture[];
    /** Every Loki request fails with this message (the data source's backend error). */
    down?: string;
  };
  tempo: {
    uid: string;
    /** Trace ids Tempo has. */
    traces: Set<string>;
    /** Spans of a trace Tempo has, when more than one (a big trace: one server span and its children). */
    spans?: Record<string, number>;
    down?: string;
  };
  metrics: {
    uid: string;
    /** Series as label sets (with __name__), present in every window. */
    series: Array<Record<string, string>>;
    exemplars: Array<{ series: Record<string, string>; labels: Record<string, string>; timeMs: number }>;
    /** HTTP status and message every metrics API call fails with. */
    down?: { status: number; message: string };
  };
  /** Data source settings (`jsonData`) by uid; a number is the HTTP status the API answers with instead. */
  settings: Record<string, Record<string, unknown> | number>;
}

// ---- Reading the queries ----

/** A Go-quoted string at the start of `text` and what follows it. */
function quoted(text: string): [string, string] {
  let i = 1;
  while (i < text.length && text[i] !== '"') {
    i += text[i] === '\\' ? 2 : 1;
  }
  return [decodeGoString(text.slice(0, i + 1)), text.slice(i + 1)];
}

/**
 * A label matcher's regex as Prometheus (and Loki, which vendors it) compiles it: anchored, `.` matching
 * newlines too (model/labels/regexp.go: `^(?s:<re>)$`); a `(?i)` prefix read as the i flag.
 */
function fullMatch(pattern: string): RegExp {
  const caseless = pattern.startsWith('(?i)');
  return new RegExp(`^(?:${caseless ? pattern.slice(4) : pattern})$`, caseless ? 'si' : 's');
}

type Matcher = { label: string; op: string; value: string };

/** The matchers of `{a="x", b=~"y"}` or `name{…}` (values as Go strings). */
function matchers(selector: string): { name?: string; matchers: Matcher[]; rest: string } {
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\{/.exec(selector);
  if (!m) {
    throw new Error(`fake stack: not a selector: ${selector.slice(0, 80)}`);
  }
  let rest = selector.slice(m[0].length);
  const out: Matcher[] = [];
  while (!rest.startsWith('}')) {
    const lm = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)/.exec(rest);
    if (!lm) {
      throw new Error(`fake stack: bad matcher at ${rest.slice(0, 80)}`);
    }
    const [value, after] = quoted(rest.slice(lm[0].length));
    out.push({ label: lm[1], op: lm[2], value });
    rest = after.replace(/^\s*,\s*/, '');
  }
  return { name: m[1], matchers: out, rest: rest.slice(1) };
}

function matches(labels: Record<string, string>, m: Matcher): boolean {
  const v = labels[m.label] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return fullMatch(m.value).test(v);
    default:
      return !fullMatch(m.value).test(v);
  }
}

// ---- Loki ----

const lineLabels = (l: LokiRowFixture) => ({ ...l.labels, ...l.structuredMetadata, ...l.parsed });

/** The lines a logs selector with its filters keeps (`{…} | detected_level=~"…" |~ "…"`). */
function lokiSelect(lines: LokiRowFixture[], expr: string): LokiRowFixture[] {
  const { matchers: stream, rest } = matchers(expr);
  let filters = rest.trim();
  const keep: Array<(l: LokiRowFixture) => boolean> = [(l) => stream.every((m) => matches(l.labels ?? {}, m))];
  while (filters.startsWith('|')) {
    const lf = /^\|\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*/.exec(filters);
    const line = /^\|~\s*/.exec(filters);
    if (line) {
      const [pattern, after] = quoted(filters.slice(line[0].length));
      const re = new RegExp(
        pattern.startsWith('(?i)') ? pattern.slice(4) : pattern,
        pattern.startsWith('(?i)') ? 'i' : ''
      );
      keep.push((l) => re.test(l.line));
      filters = after.trim();
    } else if (lf) {
      const [value, after] = quoted(filters.slice(lf[0].length));
      const m = { label: lf[1], op: lf[2], value };
      keep.push((l) => matches(lineLabels(l), m));
      filters = after.trim();
    } else {
      throw new Error(`fake stack: unread LogQL ${filters.slice(0, 80)}`);
    }
  }
  return lines.filter((l) => keep.every((k) => k(l)));
}

const INSTANT = [
  { re: /^topk\((\d+), sum by \((\w+)\) \(count_over_time\((.*) \[(\d+)s\]\)\)\)$/s, kind: 'topk' as const },
  { re: /^count\(sum by \((\w+)\) \(count_over_time\((.*) \[(\d+)s\]\)\)\)$/s, kind: 'count' as const },
  { re: /^sum\(count_over_time\((.*) \[(\d+)s\]\)\)$/s, kind: 'sum' as const },
  // What a shard of the topk and count runs (the limits double asks it to count their series).
  { re: /^sum by \((\w+)\) \(count_over_time\((.*) \[(\d+)s\]\)\)$/s, kind: 'sumBy' as const },
];

function lokiInstant(lines: LokiRowFixture[], refId: string, expr: string, atMs: number): DataFrame[] {
  for (const { re, kind } of INSTANT) {
    const m = re.exec(expr);
    if (!m) {
      continue;
    }
    const [selector, seconds] =
      kind === 'topk' ? [m[3], m[4]] : kind === 'count' || kind === 'sumBy' ? [m[2], m[3]] : [m[1], m[2]];
    const inWindow = lokiSelect(lines, selector).filter(
      (l) => l.timeMs > atMs - Number(seconds) * 1000 && l.timeMs <= atMs
    );
    if (kind === 'sum') {
      return inWindow.length ? [lokiMetricFrame(refId, {}, [[atMs, inWindow.length]])] : [];
    }
    const by = kind === 'topk' ? m[2] : m[1];
    const top = kind === 'topk' ? Number(m[1]) : Infinity;
    const groups = new Map<string, number>();
    inWindow.forEach((l) => {
      const key = lineLabels(l)[by] ?? '';
      groups.set(key, (groups.get(key) ?? 0) + 1);
    });
    if (kind === 'count') {
      return groups.size ? [lokiMetricFrame(refId, {}, [[atMs, groups.size]])] : [];
    }
    return [...groups]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, n]) => lokiMetricFrame(refId, key ? { [by]: key } : {}, [[atMs, n]]));
  }
  throw new Error(`fake stack: unread instant query ${expr.slice(0, 120)}`);
}

/** Loki's answer to one backend call of the Loki data source. */
export function lokiAnswer(scenario: HealthScenario, req: RecordedRequest): Answer {
  if (scenario.loki.down) {
    return new Error(scenario.loki.down);
  }
  return req.targets.flatMap((t) => {
    const expr = String(t.expr);
    if (t.queryType === 'instant') {
      return lokiInstant(scenario.loki.lines, t.refId, expr, req.toMs);
    }
    const rows = lokiSelect(scenario.loki.lines, expr)
      .filter((l) => l.timeMs >= req.fromMs && l.timeMs <= req.toMs)
      .sort((a, b) => b.timeMs - a.timeMs)
      .slice(0, Number(t.maxLines ?? 1000));
    return rows.length ? [lokiFrame(rows, { refId: t.refId, expr })] : [];
  });
}

/** Tempo's answer to a trace-id lookup: the trace's frame, or the backend's not-found error. */
export function tempoAnswer(scenario: HealthScenario, req: RecordedRequest): Answer {
  if (scenario.tempo.down) {
    return new Error(scenario.tempo.down);
  }
  const frameOf = (id: string) =>
    scenario.tempo.traces.has(id)
      ? tempoTraceFrame(
          id,
          Array.from({ length: Math.max(1, scenario.tempo.spans?.[id] ?? 1) }, (_x, i) => ({
            spanId: `a${i + 1}`,
            parentSpanId: i ? 'a1' : undefined,
            service: i ? `svc-${i % 40}` : 'svc',
            name: 'GET /',
            startMs: (req.fromMs || 0) + (req.toMs > req.fromMs ? (req.toMs - req.fromMs) / 2 : 0),
            durationMs: 5,
          }))
        )
      : undefined;
  const searched = answerTraceIdSearch(req, frameOf);
  if (searched) {
    return searched;
  }
  const id = String(req.targets[0]?.query ?? '');
  return frameOf(id) ? [frameOf(id)!] : tempoTraceNotFound(id);
}

/** The data source responder for installFakeRuntime. */
export function healthResponder(scenario: HealthScenario) {
  return (req: RecordedRequest): Answer =>
    req.type === 'loki' ? lokiAnswer(scenario, req) : req.type === 'tempo' ? tempoAnswer(scenario, req) : [];
}

// ---- Grafana's API and the resource proxies ----

const ok = (data: unknown) => ({ data: { status: 'success', data } });
const sortedUnique = (values: Iterable<string>) => [...new Set(values)].filter((v) => v !== '').sort();

function selectSeries(series: Array<Record<string, string>>, selector: string) {
  const { name, matchers: ms } = matchers(selector);
  return series.filter((s) => (!name || s.__name__ === name) && ms.every((m) => matches(s, m)));
}

function dataSourceDto(uid: string, type: string, jsonData: Record<string, unknown>) {
  return {
    id: 1,
    uid,
    orgId: 1,
    name: uid,
    type,
    typeName: type,
    typeLogoUrl: `public/app/plugins/datasource/${type}/img/logo.svg`,
    access: 'proxy',
    url: 'http://backend:1',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    withCredentials: false,
    isDefault: false,
    jsonData,
    secureJsonFields: {},
    version: 1,
    readOnly: true,
    accessControl: {},
  };
}

/** Grafana's backend service for the health checks' API calls, answering from the scenario. */
export function healthApi(scenario: HealthScenario): ApiResponder {
  return (req: FakeRequest) => {
    const url = new URL(req.url, 'http://grafana');
    const params = url.searchParams;
    const m = /^\/api\/datasources\/uid\/([^/]+)(?:\/resources\/(.*))?$/.exec(url.pathname);
    if (!m) {
      return { status: 404, data: { message: 'Not found' } };
    }
    const uid = decodeURIComponent(m[1]);
    const path = m[2];
    const type =
      uid === scenario.loki.uid
        ? 'loki'
        : uid === scenario.tempo.uid
          ? 'tempo'
          : uid === scenario.metrics.uid
            ? 'prometheus'
            : '';
    if (path === undefined) {
      const settings = scenario.settings[uid];
      if (settings === 403) {
        return {
          status: 403,
          data: {
            title: 'Access denied',
            message: "You'll need additional permissions to perform this action. Permissions needed: datasources:read",
            accessErrorId: 'ACE0123456789',
          },
        };
      }
      if (!type || settings === undefined || settings === 404) {
        return { status: 404, data: { message: 'Data source not found' } };
      }
      if (typeof settings === 'number') {
        return { status: settings, data: { message: 'Failed to query datasource' } };
      }
      return { data: dataSourceDto(uid, type, settings) };
    }
    if (type === 'loki') {
      if (scenario.loki.down) {
        return { status: 500, data: { message: scenario.loki.down } };
      }
      const fromMs = Number(params.get('start')) / 1e6;
      const toMs = Number(params.get('end')) / 1e6;
      const lines = scenario.loki.lines.filter((l) => l.timeMs >= fromMs && l.timeMs <= toMs);
      if (path === 'labels') {
        return ok(sortedUnique(lines.flatMap((l) => Object.keys(l.labels ?? {}))));
      }
      const label = /^label\/([^/]+)\/values$/.exec(path);
      if (label) {
        return ok(sortedUnique(lines.map((l) => l.labels?.[label[1]] ?? '')));
      }
      return { status: 404, data: { message: '404 page not found' } };
    }
    if (type === 'prometheus') {
      if (scenario.metrics.down) {
        return { status: scenario.metrics.down.status, data: { message: scenario.metrics.down.message } };
      }
      const values = /^api\/v1\/label\/([^/]+)\/values$/.exec(path);
      if (values) {
        const selectors = params.getAll('match[]');
        const series = selectors.length
          ? selectors.flatMap((s) => selectSeries(scenario.metrics.series, s))
          : scenario.metrics.series;
        return ok(sortedUnique(series.map((s) => s[values[1]] ?? '')));
      }
      if (path === 'api/v1/query_exemplars') {
        const query = params.get('query') ?? '';
        const startMs = Number(params.get('start')) * 1000;
        const endMs = Number(params.get('end')) * 1000;
        let selectors: string[];
        try {
          selectors = query.split(' or ');
          selectors.forEach((s) => matchers(s));
        } catch {
          return { status: 400, data: { status: 'error', errorType: 'bad_data', error: `1:1: parse error: ${query}` } };
        }
        const picked = scenario.metrics.exemplars.filter(
          (e) =>
            e.timeMs >= startMs && e.timeMs <= endMs && selectors.some((s) => selectSeries([e.series], s).length > 0)
        );
        const bySeries = new Map<string, typeof picked>();
        picked.forEach((e) => {
          const key = JSON.stringify(e.series);
          bySeries.set(key, [...(bySeries.get(key) ?? []), e]);
        });
        return ok(
          [...bySeries].map(([key, list]) => ({
            seriesLabels: JSON.parse(key),
            exemplars: list.map((e) => ({ labels: e.labels, value: '0.25', timestamp: e.timeMs / 1000 })),
          }))
        );
      }
      return { status: 404, data: { status: 'error', errorType: 'not_found', error: 'not found' } };
    }
    return { status: 404, data: { message: 'Data source not found' } };
  };
}
