import { createServer, type Server } from 'node:http';
import type { Telemetry } from '../src/telemetry.ts';
import type { AddressInfo } from 'node:net';

/**
 * A minimal OTLP/HTTP receiver (JSON encoding) and Loki push endpoint on 127.0.0.1 for tests: it
 * records what arrives by path and answers 200. Stopped by the test.
 */
export interface Received {
  path: string;
  contentType?: string;
  body: any;
}

export async function startReceiver(): Promise<{ url: string; received: Received[]; stop: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text: the test reports it
      }
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const attr = (attrs: any[] | undefined, key: string) => attrs?.find((a) => a.key === key)?.value;

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  statusCode: number;
}

export function spansOf(received: Received[]): ReceivedSpan[] {
  return received
    .filter((r) => r.path === '/v1/traces')
    .flatMap((r) =>
      (r.body.resourceSpans ?? []).flatMap((rs: any) =>
        (rs.scopeSpans ?? []).flatMap((ss: any) =>
          (ss.spans ?? []).map((s: any) => ({
            service: attr(rs.resource?.attributes, 'service.name')?.stringValue,
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId || undefined,
            name: s.name,
            kind: s.kind,
            statusCode: s.status?.code ?? 0,
          }))
        )
      )
    );
}

export function logsOf(received: Received[]) {
  return received
    .filter((r) => r.path === '/v1/logs')
    .flatMap((r) =>
      (r.body.resourceLogs ?? []).flatMap((rl: any) =>
        (rl.scopeLogs ?? []).flatMap((sl: any) =>
          (sl.logRecords ?? []).map((l: any) => ({
            service: attr(rl.resource?.attributes, 'service.name')?.stringValue,
            traceId: l.traceId as string | undefined,
            severityText: l.severityText as string,
            body: l.body?.stringValue as string,
          }))
        )
      )
    );
}

export function metricNamesOf(received: Received[]): string[] {
  return received
    .filter((r) => r.path === '/v1/metrics')
    .flatMap((r) =>
      (r.body.resourceMetrics ?? []).flatMap((rm: any) =>
        (rm.scopeMetrics ?? []).flatMap((sm: any) => (sm.metrics ?? []).map((m: any) => m.name))
      )
    );
}

/** Starts a server on a free loopback port and gives its base URL. */
export function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))
  );
}

/** Stops what a demo test started: the Loki pusher's timer, the SDK providers, the servers, the receiver. */
export async function stopDemo(parts: {
  pusher?: { stop(): void };
  telemetries: Telemetry[];
  servers: Server[];
  receiver?: { stop(): Promise<void> };
}) {
  parts.pusher?.stop();
  await Promise.all(parts.telemetries.map((t) => t.shutdown()));
  await Promise.all(parts.servers.map((s) => new Promise((r) => s.close(r))));
  await parts.receiver?.stop();
}
