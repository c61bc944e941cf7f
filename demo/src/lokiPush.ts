import { request } from 'node:http';

/**
 * Pushes JSON log lines straight to Loki's push API (no OpenTelemetry), the way many existing
 * services log: the trace id lives only in the line's `traceId` field.
 */
export interface LokiPushEntry {
  timeMs: number;
  level: 'info' | 'warn' | 'error';
  message: string;
  traceId?: string;
  spanId?: string;
  fields?: Record<string, unknown>;
}

export interface LokiPushPayload {
  streams: Array<{ stream: Record<string, string>; values: Array<[string, string]> }>;
}

/** The push payload for entries of one service: one stream per level, nanosecond string times. */
export function lokiPayload(service: string, entries: LokiPushEntry[]): LokiPushPayload {
  const byLevel = new Map<string, Array<[string, string]>>();
  for (const e of entries) {
    const line = JSON.stringify({
      ts: new Date(e.timeMs).toISOString(),
      level: e.level,
      service,
      msg: e.message,
      traceId: e.traceId,
      spanId: e.spanId,
      ...e.fields,
    });
    const values = byLevel.get(e.level) ?? [];
    values.push([`${BigInt(Math.floor(e.timeMs)) * 1_000_000n}`, line]);
    byLevel.set(e.level, values);
  }
  return {
    streams: [...byLevel].map(([level, values]) => ({
      stream: { service_name: service, service_namespace: 'shop', level },
      values,
    })),
  };
}

/** Buffers entries and sends them every `intervalMs`; failures are reported, not thrown. */
export function createLokiPusher(
  url: string,
  service: string,
  intervalMs = 1000,
  onError = (e: Error) => console.warn(e.message)
) {
  let buffer: LokiPushEntry[] = [];
  const send = (): Promise<void> => {
    if (buffer.length === 0) {
      return Promise.resolve();
    }
    const body = JSON.stringify(lokiPayload(service, buffer));
    buffer = [];
    return new Promise((resolve) => {
      const req = request(
        url,
        { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 5000, agent: false },
        (res) => {
          res.resume();
          if ((res.statusCode ?? 0) >= 300) {
            onError(new Error(`Loki push to ${url} answered HTTP ${res.statusCode}`));
          }
          res.on('end', resolve);
        }
      );
      req.on('timeout', () => req.destroy(new Error(`Loki push to ${url} timed out`)));
      req.on('error', (err) => {
        onError(err);
        resolve();
      });
      req.end(body);
    });
  };
  const timer = setInterval(send, intervalMs);
  timer.unref();
  return {
    log: (entry: LokiPushEntry) => buffer.push(entry),
    flush: send,
    stop: () => clearInterval(timer),
  };
}
