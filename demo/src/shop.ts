import { ROOT_CONTEXT, SeverityNumber, type Span } from '@opentelemetry/api';
import type { FaultRates } from './config.ts';
import { call, type Handler, type Reply, type Transport } from './http.ts';
import type { LokiPushEntry } from './lokiPush.ts';
import type { Telemetry } from './telemetry.ts';

/**
 * The demo shop: gateway → orders → inventory and payments. Faults are injected at the rates in
 * force (see config.ts) with a seeded random source, so tests see exactly the same run every time.
 */
export interface ShopDeps {
  telemetry: Telemetry;
  rates: () => FaultRates;
  random: () => number;
  /** How long a hung inventory call waits, and how long orders waits for it. */
  hangMs?: number;
  callTimeoutMs?: number;
  /** How long a latency spike lasts. */
  spikeMs?: number;
  /** False: logs carry no trace context (LOG_TRACE_CONTEXT=off, the broken-on-purpose variant). Default true. */
  logTraceContext?: boolean;
  /** How calls to other services travel (default HTTP; the simulator's in-memory network). */
  transport?: Transport;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function log(
  deps: ShopDeps,
  severity: 'INFO' | 'ERROR',
  body: string,
  attributes: Record<string, string | number> = {}
) {
  deps.telemetry.logger.emit({
    severityNumber: severity === 'ERROR' ? SeverityNumber.ERROR : SeverityNumber.INFO,
    severityText: severity,
    body,
    attributes,
    // The SDK takes the span context from the record's context, else from the active one.
    ...(deps.logTraceContext === false ? { context: ROOT_CONTEXT } : {}),
  });
}

async function maybeSpike(deps: ShopDeps, span: Span) {
  if (deps.random() < deps.rates().slowRate) {
    span.setAttribute('demo.latency_spike', true);
    await sleep(deps.spikeMs ?? 800);
  }
}

export function paymentsHandler(deps: ShopDeps): Handler {
  return async (path, body, span) => {
    if (path !== '/charge') {
      return { status: 404, body: { error: 'not found' } };
    }
    await maybeSpike(deps, span);
    const order = (body as { orderId?: string })?.orderId ?? 'unknown';
    if (deps.random() < deps.rates().declineRate) {
      const message = `payment declined: insufficient funds for order ${order}`;
      log(deps, 'ERROR', message, { 'order.id': order, 'exception.type': 'PaymentDeclinedError' });
      return { status: 402, body: { error: 'declined' }, error: 'payment declined' };
    }
    log(deps, 'INFO', `charged order ${order}`, { 'order.id': order });
    return { status: 200, body: { charged: true } };
  };
}

/** Inventory logs through Loki's push API only: JSON lines carrying `traceId`. */
export function inventoryHandler(deps: ShopDeps, push: (entry: LokiPushEntry) => void): Handler {
  return async (path, body, span) => {
    if (path !== '/reserve') {
      return { status: 404, body: { error: 'not found' } };
    }
    const ids =
      deps.logTraceContext === false ? {} : { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
    const order = (body as { orderId?: string })?.orderId ?? 'unknown';
    if (deps.random() < deps.rates().timeoutRate) {
      push({ timeMs: Date.now(), level: 'error', message: `stock database lock wait for order ${order}`, ...ids });
      await sleep(deps.hangMs ?? 3000);
      return { status: 503, body: { error: 'lock timeout' }, error: 'stock database lock timeout' };
    }
    await maybeSpike(deps, span);
    push({ timeMs: Date.now(), level: 'info', message: `reserved items for order ${order}`, ...ids });
    return { status: 200, body: { reserved: true } };
  };
}

export function ordersHandler(deps: ShopDeps, peers: { inventory: string; payments: string }): Handler {
  return async (path, body, span): Promise<Reply> => {
    if (path !== '/orders') {
      return { status: 404, body: { error: 'not found' } };
    }
    const orderId = `ord-${Math.floor(deps.random() * 1e9)}`;
    span.setAttribute('order.id', orderId);
    const t = deps.telemetry;
    try {
      const reserved = await call(
        t,
        `${peers.inventory}/reserve`,
        { orderId, items: (body as any)?.items ?? 1 },
        deps.callTimeoutMs ?? 1000,
        deps.transport
      );
      if (reserved.status >= 500) {
        log(deps, 'ERROR', `inventory failed for order ${orderId}: HTTP ${reserved.status}`, { 'order.id': orderId });
        return { status: 502, body: { error: 'inventory failed' }, error: 'inventory failed' };
      }
    } catch (err) {
      const message = `inventory call failed for order ${orderId}: ${(err as Error).message}`;
      log(deps, 'ERROR', message, { 'order.id': orderId, 'exception.type': 'TimeoutError' });
      return { status: 504, body: { error: 'inventory timeout' }, error: 'inventory timeout' };
    }
    if (deps.random() < deps.rates().upstreamErrorRate) {
      log(deps, 'ERROR', `upstream returned 503 for order ${orderId} after 3 retries`, { 'order.id': orderId });
      return { status: 503, body: { error: 'upstream unavailable' }, error: 'upstream returned 503' };
    }
    const charged = await call(t, `${peers.payments}/charge`, { orderId }, deps.callTimeoutMs ?? 1000, deps.transport);
    if (charged.status >= 500) {
      log(deps, 'ERROR', `payments failed for order ${orderId}: HTTP ${charged.status}`, { 'order.id': orderId });
      return { status: 502, body: { error: 'payments failed' }, error: 'payments failed' };
    }
    if (charged.status !== 200) {
      // A decline is the payer's problem, answered as a 4xx: OpenTelemetry's HTTP semantic conventions
      // leave a SERVER span's status unset for 4xx (as gatewayHandler already does), so the failure is
      // counted once, in payments, and payments fails most (demo/__tests__/failsMost.test.ts).
      log(deps, 'ERROR', `order ${orderId} not placed: payment declined`, { 'order.id': orderId });
      return { status: 402, body: { error: 'payment declined', orderId } };
    }
    log(deps, 'INFO', `order ${orderId} placed`, { 'order.id': orderId });
    return { status: 201, body: { orderId } };
  };
}

export function gatewayHandler(deps: ShopDeps, peers: { orders: string }): Handler {
  return async (path, body): Promise<Reply> => {
    if (path !== '/checkout') {
      return { status: 404, body: { error: 'not found' } };
    }
    const t = deps.telemetry;
    try {
      const placed = await call(t, `${peers.orders}/orders`, body, (deps.callTimeoutMs ?? 1000) * 3, deps.transport);
      if (placed.status >= 500) {
        log(deps, 'ERROR', `checkout failed: orders answered HTTP ${placed.status}`);
        return { status: 502, body: placed.body, error: `orders answered HTTP ${placed.status}` };
      }
      return { status: placed.status, body: placed.body };
    } catch (err) {
      log(deps, 'ERROR', `checkout failed: ${(err as Error).message}`);
      return { status: 504, body: { error: 'timeout' }, error: 'orders timeout' };
    }
  };
}
