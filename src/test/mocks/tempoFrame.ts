// Reproduces grafana-tempo-datasource pkg/tempo/trace_transform.go (TraceToFrame, getAttributeVal,
// spanEventsToLogs) and pkg/tempo/trace.go (refId, meta.custom) for Grafana 12.4 (in-tree, main at the
// 12.4 branch cut) and 13.2 (tempo v13.1.5); and the search tables of pkg/tempo/search.go
// (transformTraceSearchResponse) and src/resultTransformer.ts (createTableFrameFromTraceQlQuery).
import { FieldType, type DataFrame, type Field } from '@grafana/data';

/**
 * The Grafana versions whose trace frames differ: 13.2 adds `serviceNamespace` and writes NaN / ±Inf
 * attributes as strings; 12.4 trims 16 leading zeros off 64-bit trace ids and fails the whole
 * trace on a NaN / ±Inf attribute (json: unsupported value).
 */
export type GrafanaLine = '12.4' | '13.2';
export const GRAFANA_LINES: GrafanaLine[] = ['12.4', '13.2'];

/** An OpenTelemetry AnyValue, as Tempo stores attributes. */
export type OtlpValue =
  | { stringValue: string }
  | { intValue: number }
  | { boolValue: boolean }
  | { doubleValue: number }
  | { arrayValue: OtlpValue[] }
  | { kvlistValue: Record<string, OtlpValue> };

/** Attributes as OTLP key/values, or a plain object (integers become intValue, other numbers doubleValue). */
export type Attributes = Array<{ key: string; value: OtlpValue }> | Record<string, string | number | boolean>;

export interface SpanEventFixture {
  name: string;
  timeMs: number;
  attributes?: Attributes;
}

export interface SpanFixture {
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  startMs: number;
  durationMs: number;
  kind?: 'server' | 'client' | 'internal' | 'producer' | 'consumer' | 'unspecified';
  /** Status ERROR (statusCode 2). Without it the status is unset (0), or `statusCode` when given. */
  error?: boolean;
  statusCode?: 0 | 1 | 2;
  statusMessage?: string;
  /** An `exception` event with exception.type and exception.message. */
  exception?: { type: string; message: string };
  events?: SpanEventFixture[];
  /** Span attributes, in the order Tempo returns them (they become `tags`). */
  attributes?: Attributes;
  /** Resource attributes besides service.name (they become `serviceTags`, after service.name). */
  resource?: Attributes;
  scope?: { name?: string; version?: string; attributes?: Attributes };
  traceState?: string;
}

export interface KeyValue {
  key: string;
  value: unknown;
}

function otlpAttributes(attrs: Attributes | undefined): Array<{ key: string; value: OtlpValue }> {
  if (!attrs) {
    return [];
  }
  if (Array.isArray(attrs)) {
    return attrs;
  }
  return Object.entries(attrs).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string'
        ? { stringValue: v }
        : typeof v === 'boolean'
          ? { boolValue: v }
          : Number.isInteger(v)
            ? { intValue: v }
            : { doubleValue: v },
  }));
}

/** getAttributeVal: strings, ints, bools and doubles as they are; arrays and maps as JSON text. */
function attributeValue(value: OtlpValue, grafana: GrafanaLine): unknown {
  if ('stringValue' in value) {
    return value.stringValue;
  }
  if ('intValue' in value) {
    return value.intValue;
  }
  if ('boolValue' in value) {
    return value.boolValue;
  }
  if ('doubleValue' in value) {
    const d = value.doubleValue;
    if (Number.isFinite(d)) {
      return d;
    }
    if (grafana === '12.4') {
      throw new Error(`json: unsupported value: ${Number.isNaN(d) ? 'NaN' : d > 0 ? '+Inf' : '-Inf'}`);
    }
    return Number.isNaN(d) ? 'NaN' : d > 0 ? 'Inf' : '-Inf';
  }
  if ('arrayValue' in value) {
    return JSON.stringify(value.arrayValue.map((v) => attributeValue(v, grafana)));
  }
  const map: Record<string, unknown> = {};
  for (const key of Object.keys(value.kvlistValue).sort()) {
    map[key] = attributeValue(value.kvlistValue[key], grafana);
  }
  return JSON.stringify(map);
}

/** Attributes as the trace frame's `tags`, `serviceTags` and log `fields` hold them: `[{ key, value }]`. */
export function tagsOf(attrs: Attributes | undefined, grafana: GrafanaLine = '13.2'): KeyValue[] {
  return otlpAttributes(attrs).map((a) => ({ key: a.key, value: attributeValue(a.value, grafana) }));
}

function logsOf(span: SpanFixture, grafana: GrafanaLine) {
  const events: SpanEventFixture[] = [
    ...(span.events ?? []),
    ...(span.exception
      ? [
          {
            name: 'exception',
            timeMs: span.startMs,
            attributes: { 'exception.type': span.exception.type, 'exception.message': span.exception.message },
          },
        ]
      : []),
  ];
  // A span without events gets JSON null, not an empty list.
  return events.length === 0
    ? null
    : events.map((e) => ({ timestamp: e.timeMs, fields: tagsOf(e.attributes, grafana), name: e.name }));
}

const STATUS_CODE = (s: SpanFixture) => s.statusCode ?? (s.error ? 2 : 0);
const KIND = (s: SpanFixture) => (s.kind === 'unspecified' ? '' : (s.kind ?? 'server'));

export interface TraceFrameOptions {
  refId?: string;
  grafana?: GrafanaLine;
  /** Tempo's TraceByIDResponse status (API v2). */
  partial?: boolean;
}

/**
 * The trace frame Grafana's Tempo backend returns for a trace-id query. Throws what the backend
 * reports for a trace it cannot encode (12.4 and a NaN attribute); a fake Tempo turns that into the
 * query's error.
 */
export function tempoTraceFrame(
  traceId: string,
  spans: SpanFixture[],
  options: TraceFrameOptions | string = {}
): DataFrame {
  const opts = typeof options === 'string' ? { refId: options } : options;
  const grafana = opts.grafana ?? '13.2';
  const shownId = grafana === '12.4' && traceId.startsWith('0'.repeat(16)) ? traceId.slice(16) : traceId;
  const column = (name: string, type: FieldType, values: unknown[]): Field => ({ name, type, config: {}, values });
  let tags: unknown[];
  try {
    tags = spans.map((s) => [
      ...tagsOf(s.attributes, grafana),
      // Instrumentation scope attributes follow the span's own.
      ...tagsOf(s.scope?.attributes, grafana),
    ]);
  } catch (e) {
    throw new Error(`failed to transform trace ${traceId} to data frame: failed to marshal span tags: ${String(e)}`);
  }
  const namespaceOf = (s: SpanFixture) => {
    const resource = tagsOf(s.resource, grafana);
    const value = (key: string) => resource.find((t) => t.key === key)?.value;
    return String(value('service.namespace') ?? value('service.namespace.name') ?? '');
  };
  // Name, type and value of each column, in TraceToFrame's order.
  type Column = [string, FieldType, (s: SpanFixture, i: number) => unknown];
  const columns: Column[] = [
    ['traceID', FieldType.string, () => shownId],
    ['spanID', FieldType.string, (s) => s.spanId],
    ['parentSpanID', FieldType.string, (s) => s.parentSpanId ?? ''],
    ['operationName', FieldType.string, (s) => s.name],
    ['serviceName', FieldType.string, (s) => s.service],
    ...(grafana === '13.2' ? [['serviceNamespace', FieldType.string, namespaceOf] as Column] : []),
    ['kind', FieldType.string, KIND],
    ['statusCode', FieldType.number, STATUS_CODE],
    ['statusMessage', FieldType.string, (s) => s.statusMessage ?? ''],
    ['instrumentationLibraryName', FieldType.string, (s) => s.scope?.name ?? ''],
    ['instrumentationLibraryVersion', FieldType.string, (s) => s.scope?.version ?? ''],
    ['traceState', FieldType.string, (s) => s.traceState ?? ''],
    [
      'serviceTags',
      FieldType.other,
      (s) => [{ key: 'service.name', value: s.service }, ...tagsOf(s.resource, grafana)],
    ],
    ['startTime', FieldType.number, (s) => s.startMs],
    ['duration', FieldType.number, (s) => s.durationMs],
    ['logs', FieldType.other, (s) => logsOf(s, grafana)],
    ['references', FieldType.other, () => null],
    ['tags', FieldType.other, (_, i) => tags[i]],
  ];
  const fields = columns.map(([name, type, value]) => column(name, type, spans.map(value)));
  return {
    refId: opts.refId ?? 'trace',
    name: 'Trace',
    length: spans.length,
    meta: { preferredVisualisationType: 'trace', custom: { partial: opts.partial ?? false, message: '' } },
    fields,
  };
}

/**
 * The spans of a checkout as the demo shop calls it, client spans included: gateway → orders →
 * inventory and payments; payments fails and calls gateway back (a service met twice).
 */
export function shopPathSpans(t0: number): SpanFixture[] {
  const span = (
    spanId: string,
    parentSpanId: string | undefined,
    service: string,
    name: string,
    at: number,
    durationMs: number,
    extra: Partial<SpanFixture> = {}
  ): SpanFixture => ({ spanId, parentSpanId, service, name, startMs: t0 + at, durationMs, ...extra });
  return [
    span('a1', undefined, 'gateway', 'POST /checkout', 0, 120, { error: true }),
    span('a2', 'a1', 'gateway', 'POST', 2, 110, { kind: 'client' }),
    span('b1', 'a2', 'orders', 'POST /orders', 5, 100, { error: true }),
    span('b2', 'b1', 'orders', 'POST', 6, 20, { kind: 'client' }),
    span('c1', 'b2', 'inventory', 'POST /reserve', 7, 15),
    span('b3', 'b1', 'orders', 'POST', 29, 62, { kind: 'client' }),
    span('d1', 'b3', 'payments', 'POST /charge', 30, 60, { error: true }),
    span('d2', 'd1', 'payments', 'GET', 31, 5, { kind: 'client' }),
    span('a3', 'd2', 'gateway', 'GET /customer', 32, 3),
  ];
}

/** A checkout trace through three services where payments fails and the failure propagates up. */
export function checkoutTrace(traceId: string, startMs: number, options: TraceFrameOptions | string = {}): DataFrame {
  return tempoTraceFrame(
    traceId,
    [
      {
        spanId: 'a1',
        service: 'gateway',
        name: 'POST /checkout',
        startMs,
        durationMs: 120,
        error: true,
        statusMessage: 'orders answered HTTP 502',
      },
      {
        spanId: 'b1',
        parentSpanId: 'a1',
        service: 'orders',
        name: 'POST /orders',
        startMs: startMs + 5,
        durationMs: 100,
        error: true,
        statusMessage: 'payment declined',
      },
      {
        spanId: 'b2',
        parentSpanId: 'b1',
        service: 'orders',
        name: 'POST /reserve',
        startMs: startMs + 6,
        durationMs: 20,
        kind: 'client',
      },
      {
        spanId: 'c1',
        parentSpanId: 'b1',
        service: 'payments',
        name: 'POST /charge',
        startMs: startMs + 30,
        durationMs: 60,
        error: true,
        statusMessage: 'payment declined',
        exception: { type: 'PaymentDeclinedError', message: 'insufficient funds' },
      },
    ],
    options
  );
}

/** The error Grafana's Tempo backend reports when Tempo does not have the trace (HTTP 404 on both API versions). */
export function tempoTraceNotFound(traceId: string): Error {
  return new Error(`failed to get trace with id: ${traceId} Status: 404 Not Found Body: trace not found`);
}

// ---- Search ----

/** One span of a span set in Tempo's search response. */
export interface SearchSpan {
  spanID: string;
  name?: string;
  startTimeUnixNano: string;
  durationNanos: string;
  attributes?: Array<{ key: string; value: OtlpValue }>;
}

/** One trace of Tempo's search response (TraceSearchMetadata). */
export interface TraceSearchHit {
  traceID: string;
  rootServiceName?: string;
  rootTraceName?: string;
  startTimeUnixNano: string;
  /** Missing when the trace took less than 1 ms. */
  durationMs?: number;
  spanSets?: Array<{ spans: SearchSpan[]; matched?: number; attributes?: Array<{ key: string; value: OtlpValue }> }>;
  /** Spans and failing spans per service (zero counts left out, as Go's `omitempty` does). */
  serviceStats?: Record<string, { spanCount?: number; errorCount?: number }>;
}

/** What Tempo answers a TraceQL search with; the fake Tempo data source builds Grafana's frames from it. */
export interface TempoSearchResult {
  kind: 'tempo-search';
  traces: TraceSearchHit[];
}

export const tempoSearchResult = (traces: TraceSearchHit[]): TempoSearchResult => ({ kind: 'tempo-search', traces });

export function isTempoSearchResult(answer: unknown): answer is TempoSearchResult {
  return Boolean(answer && typeof answer === 'object' && (answer as TempoSearchResult).kind === 'tempo-search');
}

/** A search hit for a trace that started at `startMs` and took `durationMs`, with its root span matched. */
export function searchHit(traceID: string, service: string, name: string, startMs: number, durationMs: number) {
  const ns = `${Math.trunc(startMs)}000000`;
  return {
    traceID,
    rootServiceName: service,
    rootTraceName: name,
    startTimeUnixNano: ns,
    durationMs: durationMs >= 1 ? Math.trunc(durationMs) : undefined,
    spanSets: [
      {
        matched: 1,
        spans: [{ spanID: traceID.slice(0, 16), name, startTimeUnixNano: ns, durationNanos: `${durationMs * 1e6}` }],
      },
    ],
  } satisfies TraceSearchHit;
}

const byNewest = (traces: TraceSearchHit[]) =>
  [...traces].sort((a, b) => Number(BigInt(b.startTimeUnixNano) - BigInt(a.startTimeUnixNano)));

const startMsOf = (ns: string) => Number(BigInt(ns) / BigInt(1_000_000));

/** The rows of one span set, for the `nested` column (traceIdHidden, spanID, time, name, attributes, duration). */
function spanSetFrame(trace: TraceSearchHit, spanSet: NonNullable<TraceSearchHit['spanSets']>[number]): DataFrame {
  const spans = spanSet.spans;
  const column = (name: string, type: FieldType, values: unknown[]): Field => ({ name, type, config: {}, values });
  const keys = [...new Set(spans.flatMap((s) => (s.attributes ?? []).map((a) => a.key)))].sort();
  return {
    length: spans.length,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      column(
        'traceIdHidden',
        FieldType.string,
        spans.map(() => trace.traceID)
      ),
      column(
        'spanID',
        FieldType.string,
        spans.map((s) => s.spanID)
      ),
      column(
        'time',
        FieldType.time,
        spans.map((s) => startMsOf(s.startTimeUnixNano))
      ),
      column(
        'name',
        FieldType.string,
        spans.map((s) => s.name ?? '')
      ),
      ...keys.map((key) =>
        column(
          key,
          FieldType.string,
          spans.map((s) => {
            const value = s.attributes?.find((a) => a.key === key)?.value;
            return value === undefined ? null : attributeValue(value, '13.2');
          })
        )
      ),
      column(
        'duration',
        FieldType.number,
        spans.map((s) => Number(s.durationNanos))
      ),
    ],
  };
}

const traceIdLink = {
  title: 'Trace: ${__value.raw}',
  url: '',
  internal: {
    datasourceUid: 'tempo-uid',
    datasourceName: 'Tempo',
    query: { query: '${__value.raw}', queryType: 'traceql' },
  },
};

/**
 * A search table as Grafana builds it. `backend`: pkg/tempo/search.go (no streaming), once the browser
 * has turned its `nested` JSON into frames; the refId is the query's; durations under 1 ms are null
 * ("<1 ms"). `stream`: src/resultTransformer.ts createTableFrameFromTraceQlQuery (streaming); refId
 * always `traces`, whatever the query's; a missing duration reads "<1ms" (a string in a number column);
 * a trace without span sets adds no `nested` value.
 */
function searchTable(refId: string, traces: TraceSearchHit[], built: 'backend' | 'stream'): DataFrame {
  const sorted = byNewest(traces);
  const stream = built === 'stream';
  const width = (px: number) => (stream ? { custom: { width: px } } : {});
  const strings = (name: string, displayNameFromDS: string, of: (t: TraceSearchHit) => string | undefined): Field => ({
    name,
    type: FieldType.string,
    config: { displayNameFromDS },
    values: sorted.map((t) => of(t) ?? ''),
  });
  return {
    refId,
    name: 'Traces',
    length: sorted.length,
    meta: { preferredVisualisationType: 'table', uniqueRowIdFields: [0] },
    fields: [
      {
        ...strings('traceID', 'Trace ID', (t) => t.traceID),
        config: {
          ...(stream ? { unit: 'string' } : {}),
          displayNameFromDS: 'Trace ID',
          ...width(200),
          links: [traceIdLink],
        },
      },
      {
        name: 'startTime',
        type: FieldType.time,
        config: { displayNameFromDS: 'Start time', ...width(200) },
        values: sorted.map((t) => startMsOf(t.startTimeUnixNano)),
      },
      strings('traceService', 'Service', (t) => t.rootServiceName),
      strings('traceName', 'Name', (t) => t.rootTraceName),
      {
        name: 'traceDuration',
        type: FieldType.number,
        config: { displayNameFromDS: 'Duration', unit: 'ms', ...(stream ? width(120) : { noValue: '<1 ms' }) },
        values: sorted.map((t) =>
          stream ? t.durationMs || '<1ms' : t.durationMs !== undefined && t.durationMs >= 1 ? t.durationMs : null
        ),
      },
      {
        name: 'nested',
        type: FieldType.nestedFrames,
        config: {},
        values: sorted
          .filter((t) => !stream || t.spanSets)
          .map((t) => (t.spanSets ?? []).map((s) => spanSetFrame(t, s))),
      },
    ],
  };
}

/** The search table Grafana's Tempo backend builds for the query `refId` (search without streaming). */
export const tempoSearchBackendFrame = (refId: string, traces: TraceSearchHit[]) =>
  searchTable(refId, traces, 'backend');

/** The search table the browser builds from a streamed search: refId `traces`. */
export const tempoSearchStreamFrame = (traces: TraceSearchHit[]) => searchTable('traces', traces, 'stream');

/** The progress frame a streamed search ends with (src/streaming.ts metricsDataFrame). */
export function tempoStreamingProgressFrame(done: boolean, elapsedMs: number): DataFrame {
  const number = (name: string, displayNameFromDS: string, value: number): Field => ({
    name,
    type: FieldType.number,
    config: { displayNameFromDS },
    values: [value],
  });
  return {
    refId: 'streaming-progress',
    name: 'Streaming Progress',
    length: 1,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      {
        name: 'state',
        type: FieldType.string,
        config: { displayNameFromDS: 'State' },
        values: [done ? 'Done' : 'Streaming'],
      },
      {
        ...number('elapsedTime', 'Elapsed Time', elapsedMs),
        config: { unit: 'ms', displayNameFromDS: 'Elapsed Time' },
      },
      number('totalBlocks', 'Total Blocks', 1),
      number('completedJobs', 'Completed Jobs', done ? 1 : 0),
      number('totalJobs', 'Total Jobs', 1),
      number('progress', 'Progress', done ? 100 : 0),
    ],
  };
}

/**
 * The node graph frames Grafana adds to a trace when the data source's node graph is on
 * (@grafana/o11y-ds-frontend createNodeGraphFrames): one node per span, one edge per parent; no refId.
 */
export function tempoNodeGraphFrames(trace: DataFrame): DataFrame[] {
  const col = (name: string) => trace.fields.find((f) => f.name === name)?.values ?? [];
  const ids = col('spanID') as string[];
  const parents = col('parentSpanID') as string[];
  const services = col('serviceName') as string[];
  const names = col('operationName') as string[];
  const starts = col('startTime') as number[];
  const durations = col('duration') as number[];
  // Loops, not Math.min(...starts): spreading 100k+ arguments overflows the stack.
  const traceStart = starts.reduce((a, s) => Math.min(a, s), Infinity);
  const traceDuration = starts.reduce((a, s, i) => Math.max(a, s + durations[i]), -Infinity) - traceStart;
  const pct = (n: number) => parseFloat(n.toFixed(2));
  // Children by parent id, built once: a 50k-span trace stays linear (the lookups below were O(n²)).
  const childrenOf = new Map<string, number[]>();
  parents.forEach((p, j) => {
    if (p) {
      const list = childrenOf.get(p);
      list ? list.push(j) : childrenOf.set(p, [j]);
    }
  });
  const known = new Set(ids);
  // Self time: the span's duration less the union of its children's.
  const selfTime = ids.map((id, i) => {
    const ranges = (childrenOf.get(id) ?? [])
      .map((j) => [starts[j], starts[j] + durations[j]] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let end = -Infinity;
    for (const [s, e] of ranges) {
      covered += Math.max(0, e - Math.max(s, end));
      end = Math.max(end, e);
    }
    return durations[i] - covered;
  });
  const edges = ids.flatMap((id, i) =>
    parents[i] && known.has(parents[i]) ? [{ id: `${parents[i]}--${id}`, target: id, source: parents[i] }] : []
  );
  const field = (name: string, type: FieldType, values: unknown[], config = {}): Field => ({
    name,
    type,
    config,
    values,
  });
  return [
    {
      length: ids.length,
      meta: { preferredVisualisationType: 'nodeGraph' },
      fields: [
        field('id', FieldType.string, ids),
        field('title', FieldType.string, services),
        field('subtitle', FieldType.string, names),
        field(
          'mainstat',
          FieldType.string,
          durations.map((d) => `${pct(d)}ms (${pct((d / traceDuration) * 100)}%)`),
          { displayName: 'Total time (% of trace)' }
        ),
        field(
          'secondarystat',
          FieldType.string,
          selfTime.map((t, i) => `${pct(t)}ms (${pct((t / durations[i]) * 100)}%)`),
          { displayName: 'Self time (% of total)' }
        ),
        field(
          'color',
          FieldType.number,
          selfTime.map((t) => t / traceDuration),
          {
            displayName: 'Self time / Trace duration',
          }
        ),
      ],
    },
    {
      length: edges.length,
      meta: { preferredVisualisationType: 'nodeGraph' },
      fields: (['id', 'target', 'source'] as const).map((name) =>
        field(
          name,
          FieldType.string,
          edges.map((e) => e[name])
        )
      ),
    },
  ];
}

/** An OTLP value as Go's encoding/json writes tempopb's oneof (pkg/tempopb/common/v1/common.pb.go:84-104). */
function goAnyValue(v: OtlpValue): unknown {
  const o = v as Record<string, unknown>;
  const pairs: Array<[string, string]> = [
    ['stringValue', 'string_value'],
    ['intValue', 'int_value'],
    ['doubleValue', 'double_value'],
    ['boolValue', 'bool_value'],
  ];
  for (const [from, to] of pairs) {
    if (from in o) {
      return { Value: { [to]: from === 'intValue' ? Number(o[from]) : o[from] } };
    }
  }
  return {};
}

/** A search hit as Go's encoding/json marshals tempopb.TraceSearchMetadata (uint64 as numbers, omitempty). */
function goSearchHit(t: TraceSearchHit) {
  const sets = (t.spanSets ?? []).map((s) => ({
    spans: s.spans.map((sp) => ({
      spanID: sp.spanID,
      ...(sp.name ? { name: sp.name } : {}),
      startTimeUnixNano: Number(sp.startTimeUnixNano),
      durationNanos: Number(sp.durationNanos),
      ...(sp.attributes?.length
        ? { attributes: sp.attributes.map((a) => ({ key: a.key, value: goAnyValue(a.value) })) }
        : {}),
    })),
    ...(s.matched ? { matched: s.matched } : {}),
  }));
  return {
    traceID: t.traceID,
    ...(t.rootServiceName ? { rootServiceName: t.rootServiceName } : {}),
    ...(t.rootTraceName ? { rootTraceName: t.rootTraceName } : {}),
    startTimeUnixNano: Number(t.startTimeUnixNano),
    ...(t.durationMs ? { durationMs: t.durationMs } : {}),
    ...(sets.length ? { spanSet: sets[0], spanSets: sets } : {}),
    ...(t.serviceStats ? { serviceStats: t.serviceStats } : {}),
  };
}

/**
 * A search asked with `tableType: 'raw'`: one frame "Raw response" with the answer as JSON in `response`.
 * `backend`: pkg/tempo/search.go transformRawSearchResponse (json.MarshalIndent of the SearchResponse);
 * `stream`: src/resultTransformer.ts createDataFrameFromTraceQlQuery (JSON.stringify of the traces,
 * refId "raw"). grafana-tempo-datasource v13.1.5 and 3c4dae8 (Grafana 12.4) alike.
 */
export function tempoRawSearchFrame(refId: string, traces: TraceSearchHit[], built: 'backend' | 'stream'): DataFrame {
  const hits = traces.map(goSearchHit);
  const text =
    built === 'backend'
      ? JSON.stringify(
          { traces: hits, metrics: { inspectedTraces: hits.length, completedJobs: 1, totalJobs: 1 } },
          null,
          2
        )
      : JSON.stringify(hits, null, 2);
  return {
    refId: built === 'stream' ? 'raw' : refId,
    name: 'Raw response',
    length: 1,
    fields: [{ name: 'response', type: FieldType.string, config: {}, values: [text] }],
  };
}
