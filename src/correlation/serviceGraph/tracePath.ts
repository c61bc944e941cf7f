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

export function tracePath(spans: TraceSpan[], root?: TraceSpan, rootCause?: TraceSpan): TracePath {
  const indexById = new Map<string, number>();
  for (let i = 0; i < spans.length; i++) {
    if (!indexById.has(spans[i].spanId)) {
      indexById.set(spans[i].spanId, i);
    }
  }
  const services = new Map<string, PathService>();
  const calls = new Map<string, PathCall>();
  const callers = new Map<string, Map<string, number>>();
  let missingParents = 0;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    const entry = services.get(s.service) ?? {
      service: s.service,
      spans: 0,
      errorSpans: 0,
      calledBy: [],
      firstStartMs: s.startMs,
      rootCause: false,
    };
    entry.spans++;
    entry.errorSpans += s.error ? 1 : 0;
    entry.firstStartMs = Math.min(entry.firstStartMs, s.startMs);
    services.set(s.service, entry);
    if (!s.parentSpanId) {
      continue;
    }
    const p = indexById.get(s.parentSpanId);
    if (p === undefined) {
      missingParents++;
      continue;
    }
    const from = spans[p].service;
    if (p === i || from === s.service) {
      continue;
    }
    const key = `${from}\u0000${s.service}`;
    const call = calls.get(key) ?? { from, to: s.service, calls: 0, errors: 0 };
    call.calls++;
    call.errors += s.error ? 1 : 0;
    calls.set(key, call);
    const into = callers.get(s.service) ?? new Map<string, number>();
    into.set(from, (into.get(from) ?? 0) + 1);
    callers.set(s.service, into);
  }
  const rootService = root?.service ?? spans[0]?.service;
  // Breadth-first over the services from the root's: each service and each call visited once.
  const out = new Map<string, string[]>();
  for (const c of calls.values()) {
    const list = out.get(c.from) ?? [];
    list.push(c.to);
    out.set(c.from, list);
  }
  const queue: string[] = [];
  const rootEntry = rootService === undefined ? undefined : services.get(rootService);
  if (rootEntry) {
    rootEntry.depth = 0;
    queue.push(rootEntry.service);
  }
  for (let head = 0; head < queue.length; head++) {
    const from = services.get(queue[head])!;
    for (const to of out.get(from.service) ?? []) {
      const next = services.get(to)!;
      if (next.depth === undefined) {
        next.depth = from.depth! + 1;
        queue.push(to);
      }
    }
  }
  for (const [service, by] of callers) {
    services.get(service)!.calledBy = [...by.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  }
  if (rootCause && services.has(rootCause.service)) {
    services.get(rootCause.service)!.rootCause = true;
  }
  const ordered = [...services.values()].sort(
    (a, b) =>
      (a.depth ?? Number.MAX_SAFE_INTEGER) - (b.depth ?? Number.MAX_SAFE_INTEGER) || a.firstStartMs - b.firstStartMs
  );
  return { services: ordered, calls: [...calls.values()], rootService, missingParents };
}
