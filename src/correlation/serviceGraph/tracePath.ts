import type { TraceSpan } from '../traceSummary';

/**
 * The path a trace took through its services, from the trace's spans alone (no metrics): which service
 * called which, how often and how often the call failed, and how far each service is from the trace's
 * root. Linear in the spans: one pass to index span ids, one to collect the calls, then a breadth-first
 * walk over the services (far fewer than spans). Spans may arrive in any order, parents may be missing
 * (those subtrees are marked detached), and a service may appear at several places (it is one node). Pure.
 */

export interface PathService {
  service: string;
  /** Calls between services from the trace's root service to this one; undefined when no path reaches it. */
  depth?: number;
  spans: number;
  errorSpans: number;
  /** The services calling it in this trace, most calls first. */
  calledBy: string[];
  /** Its earliest span's start. */
  firstStartMs: number;
  /** The service of the likely root cause (the deepest failing span on the error's path). */
  rootCause: boolean;
}

export interface PathCall {
  from: string;
  to: string;
  /** Spans of `to` whose parent span is in `from`. */
  calls: number;
  /** Of those, the failing ones. */
  errors: number;
}

export interface TracePath {
  /** Nearest to the root first, then by first start. */
  services: PathService[];
  calls: PathCall[];
  rootService?: string;
  /** Spans naming a parent span the trace does not hold. */
  missingParents: number;
}

/** Services are numbered as met; a call's key packs both numbers (fewer than 2^26 services: spans are fewer). */
const KEY_SHIFT = 2 ** 26;

export function tracePath(spans: TraceSpan[], root?: TraceSpan, rootCause?: TraceSpan): TracePath {
  // Only span ids some span names as its parent are keyed: inserting is the costly part of a Map.
  const indexById = new Map<string, number>();
  for (const s of spans) {
    if (s.parentSpanId && !indexById.has(s.parentSpanId)) {
      indexById.set(s.parentSpanId, -1);
    }
  }
  const idOf = new Map<string, number>();
  const services: PathService[] = [];
  const serviceOf = new Int32Array(spans.length);
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (indexById.get(s.spanId) === -1) {
      indexById.set(s.spanId, i);
    }
    let id = idOf.get(s.service);
    if (id === undefined) {
      id = services.length;
      idOf.set(s.service, id);
      services.push({
        service: s.service,
        spans: 0,
        errorSpans: 0,
        calledBy: [],
        firstStartMs: s.startMs,
        rootCause: false,
      });
    }
    serviceOf[i] = id;
    const entry = services[id];
    entry.spans++;
    entry.errorSpans += s.error ? 1 : 0;
    entry.firstStartMs = Math.min(entry.firstStartMs, s.startMs);
  }
  const calls = new Map<number, PathCall & { fromId: number; toId: number }>();
  let missingParents = 0;
  for (let i = 0; i < spans.length; i++) {
    const parentId = spans[i].parentSpanId;
    if (!parentId) {
      continue;
    }
    const p = indexById.get(parentId) ?? -1;
    if (p < 0) {
      missingParents++;
      continue;
    }
    const fromId = serviceOf[p];
    const toId = serviceOf[i];
    if (fromId === toId) {
      continue;
    }
    const key = fromId * KEY_SHIFT + toId;
    let call = calls.get(key);
    if (!call) {
      call = { from: services[fromId].service, to: services[toId].service, calls: 0, errors: 0, fromId, toId };
      calls.set(key, call);
    }
    call.calls++;
    call.errors += spans[i].error ? 1 : 0;
  }
  // Breadth-first over the services from the root's: each service and each call visited once.
  const out: number[][] = services.map(() => []);
  const into: Array<Array<[string, number]>> = services.map(() => []);
  for (const c of calls.values()) {
    out[c.fromId].push(c.toId);
    into[c.toId].push([c.from, c.calls]);
  }
  const rootService = root?.service ?? spans[0]?.service;
  const rootId = rootService === undefined ? undefined : idOf.get(rootService);
  const queue: number[] = [];
  if (rootId !== undefined) {
    services[rootId].depth = 0;
    queue.push(rootId);
  }
  for (let head = 0; head < queue.length; head++) {
    const from = services[queue[head]];
    for (const to of out[queue[head]]) {
      if (services[to].depth === undefined) {
        services[to].depth = from.depth! + 1;
        queue.push(to);
      }
    }
  }
  services.forEach((s, id) => {
    s.calledBy = into[id].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  });
  const causeId = rootCause ? idOf.get(rootCause.service) : undefined;
  if (causeId !== undefined) {
    services[causeId].rootCause = true;
  }
  const ordered = [...services].sort(
    (a, b) =>
      (a.depth ?? Number.MAX_SAFE_INTEGER) - (b.depth ?? Number.MAX_SAFE_INTEGER) || a.firstStartMs - b.firstStartMs
  );
  return {
    services: ordered,
    calls: [...calls.values()].map(({ from, to, calls: n, errors }) => ({ from, to, calls: n, errors })),
    rootService,
    missingParents,
  };
}
