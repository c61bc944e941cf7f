import { seededRandom } from '../seededRandom';
import { lognormal, pareto, weighted } from './distributions';
import { activeAt, type BurstFault, type DeployFault, type Fault } from './faults';
import type { SimEdge, SimLog, SimSpan, Simulation, SpanAttributes } from './simTypes';
import { arrivals } from './traffic';
import {
  DB,
  isDbCall,
  podName,
  serviceAddress,
  type HttpCall,
  type RouteSpec,
  type ServiceSpec,
  type Shop,
} from './shop';

/**
 * A request-level simulation of the shop over a time range: arrivals with drift and bursts, every
 * request walked through its calls, each service's work heavy-tailed, failures propagated to the
 * callers as the demo's services propagate them (demo/src/http.ts call/serve, demo/src/shop.ts).
 * Test code: seeded, so a seed always gives the same spans, lines and edges.
 */

export interface SimulateOptions {
  shop: Shop;
  faults: Fault[];
  fromMs: number;
  toMs: number;
  seed: number;
  /** Traffic drift over the range: 0.1 is 10% more at its end than at its start. */
  drift?: number;
}

interface Outcome {
  refused?: boolean;
  status: number;
  durationMs: number;
  failed: boolean;
}

export function simulate(opts: SimulateOptions): Simulation {
  const { shop, faults, fromMs, toMs } = opts;
  const random = seededRandom(opts.seed);
  const byName = new Map(shop.services.map((s) => [s.name, s]));
  const spans: SimSpan[] = [];
  const logs: SimLog[] = [];
  const edges: SimEdge[] = [];
  const burstLeft = new Map<BurstFault, number>();
  const byKind = new Map<Fault['kind'], Fault[]>();
  for (const f of faults) {
    byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
  }
  const active = <K extends Fault['kind']>(kind: K, service: string | undefined, t: number) => {
    const list = byKind.get(kind);
    return (list ?? []).filter(
      (f): f is Extract<Fault, { kind: K }> =>
        (service === undefined || (f as { service?: string }).service === service) && activeAt(f, t)
    );
  };
  let traces = 0;
  let spanIds = 0;
  const spanId = () => (++spanIds).toString(16).padStart(16, '0');
  const log = (timeMs: number, service: string, pattern: string, level: SimLog['level'] = 'error') =>
    logs.push({ timeMs, service, level, pattern });

  function work(s: ServiceSpec) {
    const w = s.work;
    return lognormal(random, w.medianMs, w.sigma) + (random() < w.tailP ? pareto(random, w.tailMinMs, w.tailAlpha) : 0);
  }

  function serve(s: ServiceSpec, route: RouteSpec, t: number, traceId: string): Outcome {
    if (active('crash', s.name, t).length) {
      return { refused: true, status: 0, durationMs: 0, failed: false };
    }
    const deploy: DeployFault | undefined = active('deploy', s.name, t)[0];
    const onNew = Boolean(deploy && random() < deploy.share);
    const version = onNew ? deploy!.version : s.version;
    const burst = active('burst', s.name, t).find((b) => (burstLeft.get(b) ?? b.count) > 0);
    const pod = burst ? burst.pod : podName(s.name, version, Math.floor(random() * s.pods));
    let elapsed = work(s) + (onNew ? deploy!.extraMs : 0);
    let status = 200;
    let message: string | undefined;
    const fail = (code: number, text: string, pattern: string) => {
      status = code;
      message = text;
      log(t + elapsed, s.name, pattern);
    };
    const errors = active('errors', s.name, t)[0];
    if (onNew && random() < deploy!.errorRate) {
      // demo/src/badDeploy.ts: the new version throws; serve() answers 500 and logs `<service> failed: <error>`.
      const error = deploy!.error ?? "TypeError: Cannot read properties of undefined (reading 'currency')";
      fail(500, `${s.name} failed: ${error}`, `${s.name} failed: ${error}`);
    } else if (errors && random() < errors.rate) {
      fail(500, errors.message, errors.pattern);
    } else if (burst) {
      burstLeft.set(burst, (burstLeft.get(burst) ?? burst.count) - 1);
      fail(500, burst.message, burst.pattern);
    } else if (random() < s.errorRate) {
      fail(500, `${s.name} failed: Error: internal error`, s.errorPattern);
    } else if (s.declines && random() < s.declines.rate) {
      // A 4xx is the caller's problem: the span's status stays unset (OpenTelemetry HTTP semantic conventions).
      status = s.declines.status;
      log(t + elapsed, s.name, s.declines.pattern);
    } else {
      for (const call of route.calls) {
        if (random() >= call.p) {
          continue;
        }
        const at = t + elapsed;
        if (isDbCall(call)) {
          const factor = active('slowDb', s.name, at)
            .filter((f) => f.table === call.table)
            .reduce((a, f) => a * f.factor, 1);
          const wanted = lognormal(random, call.medianMs, call.sigma) * factor;
          const timedOut = wanted > shop.dbTimeoutMs;
          const ms = Math.min(wanted, shop.dbTimeoutMs);
          const statement = call.statement.replace(/\?/g, () => String(Math.floor(random() * 100_000)));
          const verb = statement.split(' ')[0];
          spans.push({
            traceId,
            spanId: spanId(),
            startMs: at,
            durationMs: ms,
            service: s.name,
            version,
            pod,
            kind: 'client',
            name: `${verb} ${DB.name}.${call.table}`,
            failed: timedOut,
            statusMessage: timedOut ? 'canceling statement due to statement timeout' : undefined,
            attributes: {
              'db.system': DB.system,
              'db.name': DB.name,
              'db.statement': statement,
              'server.address': DB.address,
            },
          });
          // servicegraphs.go upsertDatabaseRequest: a client span with db.name is an edge of its own, to server.address.
          edges.push({
            timeMs: at,
            client: s.name,
            server: DB.address,
            failed: timedOut,
            serverSeconds: ms / 1000,
            clientSeconds: ms / 1000,
          });
          elapsed += ms;
          if (timedOut) {
            fail(500, 'database error', `database error for order <_>: canceling statement due to statement timeout`);
            break;
          }
          continue;
        }
        const outcome = callPeer(s, version, pod, call, at, traceId);
        elapsed += outcome.clientMs;
        if (outcome.fail) {
          fail(outcome.fail.status, outcome.fail.message, outcome.fail.pattern);
          break;
        }
        if (outcome.declined) {
          status = outcome.declined;
          log(t + elapsed, s.name, `order <_> not placed: ${outcome.callee} declined`);
          break;
        }
      }
    }
    const failed = message !== undefined;
    spans.push({
      traceId,
      spanId: spanId(),
      startMs: t,
      durationMs: elapsed,
      service: s.name,
      version,
      pod,
      kind: 'server',
      name: `${route.method} ${route.route}`,
      failed,
      statusMessage: message,
      attributes: {
        'http.request.method': route.method,
        'http.route': route.route,
        'http.response.status_code': status,
      },
    });
    if (!failed && status < 400 && s.infoPattern) {
      log(t + elapsed, s.name, s.infoPattern, 'info');
    }
    return { status, durationMs: elapsed, failed };
  }

  /** A CLIENT span around a call (demo/src/http.ts call): refused, timed out, 5xx, or the callee's answer. */
  function callPeer(s: ServiceSpec, version: string, pod: string, call: HttpCall, at: number, traceId: string) {
    const callee = byName.get(call.to)!;
    const route = callee.routes.find((r) => r.route === call.route) ?? callee.routes[0];
    const res = serve(callee, route, at + 0.3, traceId);
    const address = serviceAddress(call.to);
    let clientMs: number;
    let failed = false;
    let statusMessage: string | undefined;
    let fail: { status: number; message: string; pattern: string } | undefined;
    let declined: number | undefined;
    if (res.refused) {
      // Node's net error when nothing listens: the call rejects at once, the caller answers 502.
      clientMs = lognormal(random, 1, 0.3);
      failed = true;
      statusMessage = `connect ECONNREFUSED 10.0.${call.to.length}.17:8080`;
      fail = {
        status: 502,
        message: `${call.to} unavailable`,
        pattern: `${call.to} call failed for order <_>: connect ECONNREFUSED <_>`,
      };
    } else if (res.durationMs > call.timeoutMs) {
      clientMs = call.timeoutMs;
      failed = true;
      statusMessage = `timeout after ${call.timeoutMs}ms calling ${address}${call.route}`;
      fail = {
        status: 504,
        message: `${call.to} timeout`,
        pattern: `${call.to} call failed for order <_>: timeout after ${call.timeoutMs}ms calling ${address}${call.route}`,
      };
    } else {
      clientMs = res.durationMs + 0.6;
      if (res.status >= 500) {
        failed = true;
        statusMessage = `HTTP ${res.status}`;
        fail = {
          status: 502,
          message: `${call.to} failed`,
          pattern: `${call.to} failed for order <_>: HTTP ${res.status}`,
        };
      } else if (res.status >= 400) {
        declined = res.status;
      }
    }
    const attributes: SpanAttributes = {
      'peer.service': call.to,
      'server.address': address,
      'http.request.method': call.method,
    };
    if (!res.refused) {
      attributes['http.response.status_code'] = res.status;
    }
    spans.push({
      traceId,
      spanId: spanId(),
      startMs: at,
      durationMs: clientMs,
      service: s.name,
      version,
      pod,
      kind: 'client',
      name: `${call.method} ${call.route}`,
      failed,
      statusMessage,
      attributes,
    });
    // servicegraphs.go: the client span and the callee's server span are one edge; without a server span
    // the edge expires and, with peer.service set, is counted to it (onExpire, virtual node), failed.
    edges.push({
      timeMs: at,
      client: s.name,
      server: call.to,
      failed: failed || res.failed,
      serverSeconds: res.refused ? 0 : res.durationMs / 1000,
      clientSeconds: clientMs / 1000,
    });
    return { clientMs, fail, declined, callee: call.to };
  }

  const entry = byName.get(shop.entry)!;
  const requests = arrivals(random, { shop, faults, fromMs, toMs, drift: opts.drift }, (t) => {
    const res = serve(entry, weighted(random, entry.routes), t, (++traces).toString(16).padStart(32, '0'));
    // A root server span's request came from outside: Tempo names its client `user` (servicegraphs.go onExpire).
    if (!res.refused) {
      edges.push({
        timeMs: t,
        client: 'user',
        server: entry.name,
        failed: res.failed,
        serverSeconds: res.durationMs / 1000,
        clientSeconds: 0,
      });
    }
  });
  return { fromMs, toMs, spans, logs, edges, requests };
}
