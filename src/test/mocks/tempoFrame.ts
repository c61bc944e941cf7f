import { FieldType, createDataFrame, type DataFrame } from '@grafana/data';

export interface SpanFixture {
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  startMs: number;
  durationMs: number;
  kind?: 'server' | 'client' | 'internal';
  error?: boolean;
  statusMessage?: string;
  exception?: { type: string; message: string };
}

/** A trace frame shaped like the one Grafana's Tempo data source returns for a trace-id query. */
export function tempoTraceFrame(traceId: string, spans: SpanFixture[], refId = 'trace'): DataFrame {
  return createDataFrame({
    refId,
    meta: { preferredVisualisationType: 'trace' },
    fields: [
      { name: 'traceID', type: FieldType.string, values: spans.map(() => traceId) },
      { name: 'spanID', type: FieldType.string, values: spans.map((s) => s.spanId) },
      { name: 'parentSpanID', type: FieldType.string, values: spans.map((s) => s.parentSpanId ?? '') },
      { name: 'operationName', type: FieldType.string, values: spans.map((s) => s.name) },
      { name: 'serviceName', type: FieldType.string, values: spans.map((s) => s.service) },
      { name: 'kind', type: FieldType.string, values: spans.map((s) => s.kind ?? 'server') },
      { name: 'statusCode', type: FieldType.number, values: spans.map((s) => (s.error ? 2 : 0)) },
      { name: 'statusMessage', type: FieldType.string, values: spans.map((s) => s.statusMessage ?? '') },
      {
        name: 'serviceTags',
        type: FieldType.other,
        values: spans.map((s) => [{ key: 'service.name', value: s.service }]),
      },
      { name: 'startTime', type: FieldType.number, values: spans.map((s) => s.startMs) },
      { name: 'duration', type: FieldType.number, values: spans.map((s) => s.durationMs) },
      {
        name: 'logs',
        type: FieldType.other,
        values: spans.map((s) =>
          s.exception
            ? [
                {
                  timestamp: s.startMs,
                  name: 'exception',
                  fields: [
                    { key: 'exception.type', value: s.exception.type },
                    { key: 'exception.message', value: s.exception.message },
                  ],
                },
              ]
            : []
        ),
      },
      { name: 'tags', type: FieldType.other, values: spans.map(() => []) },
    ],
  });
}

/** A checkout trace through three services where payments fails and the failure propagates up. */
export function checkoutTrace(traceId: string, startMs: number): DataFrame {
  return tempoTraceFrame(traceId, [
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
  ]);
}
