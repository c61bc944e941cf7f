import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Telemetry } from './telemetry.ts';

propagation.setGlobalPropagator(new W3CTraceContextPropagator());

/** What a handler answers; `error` marks the server span as failed with that message. */
export interface Reply {
  status: number;
  body: unknown;
  error?: string;
}

export type Handler = (path: string, body: unknown, span: Span) => Promise<Reply>;

const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}

export interface ServeOptions {
  /** False (LOG_TRACE_CONTEXT=off): the error record of a thrown handler carries no trace context either. */
  logTraceContext?: boolean;
}

/** A request as the server sees it (over HTTP, or over the simulator's in-memory network). */
export interface IncomingCall {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * What a service does with each request: a SERVER span continuing the caller's trace (W3C
 * traceparent), measured by the `http.server.request.duration` histogram in seconds. serve() runs it
 * behind node:http; the simulator (sim/) runs it on its in-memory network.
 */
export function respond(
  name: string,
  telemetry: Telemetry,
  handler: Handler,
  options: ServeOptions = {}
): (call: IncomingCall) => Promise<Reply> {
  const duration = telemetry.meter.createHistogram('http.server.request.duration', {
    unit: 's',
    description: 'Duration of HTTP server requests.',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
  });
  return async ({ method, path, headers, body }) => {
    const start = performance.now();
    const parent = propagation.extract(context.active(), headers);
    const span = telemetry.tracer.startSpan(`${method} ${path}`, { kind: SpanKind.SERVER }, parent);
    let reply: Reply;
    await context.with(trace.setSpan(parent, span), async () => {
      try {
        reply = await handler(path, body, span);
      } catch (err) {
        reply = { status: 500, body: { error: String(err) }, error: `${name} failed: ${String(err)}` };
        // The SDK takes the trace context from the active span unless the record names a context:
        // without ROOT_CONTEXT the broken-on-purpose variant would still attach trace ids here.
        telemetry.logger.emit({
          severityNumber: SeverityNumber.ERROR,
          severityText: 'ERROR',
          body: reply.error,
          ...(options.logTraceContext === false ? { context: ROOT_CONTEXT } : {}),
        });
      }
    });
    span.setAttribute('http.response.status_code', reply!.status);
    span.setAttribute('http.route', path);
    if (reply!.error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: reply!.error });
    }
    span.end();
    duration.record((performance.now() - start) / 1000, {
      'http.request.method': method,
      'http.route': path,
      'http.response.status_code': reply!.status,
    });
    return reply!;
  };
}

/** respond() behind an HTTP server. */
export function serve(name: string, telemetry: Telemetry, handler: Handler, options: ServeOptions = {}): Server {
  const answer = respond(name, telemetry, handler, options);
  return createServer(async (req, res) => {
    // The container health check: answered without a span, so probes do not pollute traces.
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    const reply = await answer({ method: req.method ?? 'GET', path, headers: req.headers, body: await readBody(req) });
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  });
}

/** How a JSON POST travels: over HTTP, or over the simulator's in-memory network. Rejects on timeout. */
export type Transport = (
  target: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number
) => Promise<{ status: number; text: string }>;

/** The error a call that got no answer in time rejects with (the same on every transport). */
export function timeoutError(target: URL, timeoutMs: number): Error {
  return new Error(`timeout after ${timeoutMs}ms calling ${target.host}${target.pathname}`);
}

export const httpTransport: Transport = (target, headers, body, timeoutMs) =>
  new Promise((resolve, reject) => {
    const req = request(target, { method: 'POST', headers, timeout: timeoutMs, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('timeout', () => req.destroy(timeoutError(target, timeoutMs)));
    req.on('error', reject);
    req.end(body);
  });

/** A CLIENT span around a JSON POST, with the trace context injected; rejects on timeout. */
export function call(
  telemetry: Telemetry,
  url: string,
  body: unknown,
  timeoutMs: number,
  transport: Transport = httpTransport
): Promise<{ status: number; body: any }> {
  const target = new URL(url);
  const span = telemetry.tracer.startSpan(`POST ${target.pathname}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'server.address': target.hostname, 'url.full': url },
  });
  const ctx = trace.setSpan(context.active(), span);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  propagation.inject(ctx, headers);
  return transport(target, headers, JSON.stringify(body ?? {}), timeoutMs).then(
    ({ status, text }) => {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${status}` });
      }
      span.end();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      return { status, body: parsed };
    },
    (err: Error) => {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
      span.end();
      throw err;
    }
  );
}
