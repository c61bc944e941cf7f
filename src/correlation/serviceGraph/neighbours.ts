import type { ServiceEdge } from './edges';

/** A service's direct callers and callees, most failing first. Pure. */
export interface Neighbours {
  /** Edges into the service, from another service. */
  callers: ServiceEdge[];
  /** Edges out of the service, to another service. */
  callees: ServiceEdge[];
  /** The service's calls to itself, if any. */
  selfCall?: ServiceEdge;
}

/** Highest error fraction first, then the busiest, then by name: what an on-call engineer looks at first. */
export function mostFailingFirst(a: ServiceEdge, b: ServiceEdge): number {
  return (
    (b.errorFraction ?? -1) - (a.errorFraction ?? -1) ||
    (b.rate ?? -1) - (a.rate ?? -1) ||
    a.client.localeCompare(b.client) ||
    a.server.localeCompare(b.server)
  );
}

export function neighboursOf(service: string, edges: ServiceEdge[]): Neighbours {
  const callers: ServiceEdge[] = [];
  const callees: ServiceEdge[] = [];
  let selfCall: ServiceEdge | undefined;
  for (const e of edges) {
    if (e.client === service && e.server === service) {
      selfCall = e;
    } else if (e.server === service) {
      callers.push(e);
    } else if (e.client === service) {
      callees.push(e);
    }
  }
  return { callers: callers.sort(mostFailingFirst), callees: callees.sort(mostFailingFirst), selfCall };
}

/** The other services of the neighbourhood, each once, most failing first (callers before callees on ties). */
export function neighbourServices(n: Neighbours, service: string): string[] {
  const ordered = [...n.callers, ...n.callees].sort(mostFailingFirst);
  return [...new Set(ordered.map((e) => (e.client === service ? e.server : e.client)))];
}
