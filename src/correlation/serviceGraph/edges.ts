import { fieldValues, frameLength, type FieldLike, type FrameLike } from '../frame';

/**
 * The edges of Tempo's service graph around a service, read from the frames of the edge queries
 * (`src/queries/serviceGraph.ts`: refIds `requests`, `errors`, `p95`, `present`), one frame per series
 * with the `client` and `server` labels on its value field, as Grafana's Prometheus data source returns
 * them. Pure.
 */

export interface ServiceEdge {
  /** The caller. */
  client: string;
  /** The callee. */
  server: string;
  /** Requests per second over the window. */
  rate?: number;
  /** Fraction (0..1) of the requests that failed. */
  errorFraction?: number;
  /** p95 latency in seconds. */
  p95?: number;
}

export interface EdgeAnswer {
  edges: ServiceEdge[];
  /** Whether the service-graph metrics exist at all (they did at the window's end, or some edge came back). */
  present: boolean;
  /** Series beyond MAX_EDGE_SERIES, not read. */
  dropped: number;
}

/** Series read per answer at most: a hub can have hundreds of edges, each three series; beyond is hostile. */
export const MAX_EDGE_SERIES = 6000;
/**
 * Edges kept: the series' three measures each. Edges are chosen by their request series first, so a
 * hub's edges keep their error fraction and p95 whatever order the frames arrive in (security
 * review F6: in query order, 6,000 request series once left no room for any other measure).
 */
const MAX_EDGES = MAX_EDGE_SERIES / 3;

type Measure = 'rate' | 'errorFraction' | 'p95';
const MEASURE_OF: Record<string, Measure> = { requests: 'rate', errors: 'errorFraction', p95: 'p95' };

/** The series' value field: the one carrying its labels (the time field has none). */
function valueField(frame: FrameLike): FieldLike | undefined {
  return frame.fields.find((f) => f && f.labels) ?? frame.fields[1];
}

/** The last finite value of a series (an instant query has one). */
function lastValue(field: FieldLike | undefined): number | undefined {
  const values = fieldValues(field);
  for (let i = values.length - 1; i >= 0; i--) {
    const v = Number(values[i]);
    if (values[i] !== null && values[i] !== '' && Number.isFinite(v)) {
      return v;
    }
  }
  return undefined;
}

export function readServiceEdges(frames: FrameLike[]): EdgeAnswer {
  const byKey = new Map<string, ServiceEdge>();
  let present = false;
  let dropped = 0;
  const series: Array<{ measure: Measure; client: string; server: string; field: FieldLike | undefined }> = [];
  for (const frame of frames ?? []) {
    if (!frame || !Array.isArray(frame.fields) || frameLength(frame) === 0) {
      continue;
    }
    if (frame.refId === 'present') {
      present = present || lastValue(valueField(frame)) !== undefined;
      continue;
    }
    const measure = MEASURE_OF[frame.refId ?? ''];
    const field = valueField(frame);
    const client = field?.labels?.client;
    const server = field?.labels?.server;
    if (!measure || typeof client !== 'string' || typeof server !== 'string' || !client || !server) {
      continue;
    }
    series.push({ measure, client, server, field });
  }
  // Request series choose the edges; the other measures fill them in, or add edges while there is room.
  for (const pass of ['rate', 'other'] as const) {
    for (const { measure, client, server, field } of series) {
      if ((measure === 'rate') !== (pass === 'rate')) {
        continue;
      }
      const key = `${client}\u0000${server}`;
      let edge = byKey.get(key);
      if (!edge) {
        if (byKey.size >= MAX_EDGES) {
          dropped++;
          continue;
        }
        edge = { client, server };
        byKey.set(key, edge);
      }
      edge[measure] = lastValue(field);
    }
  }
  const edges = [...byKey.values()];
  return { edges, present: present || edges.length > 0, dropped };
}
