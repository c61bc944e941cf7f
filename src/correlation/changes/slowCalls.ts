import { fieldValues, type FrameLike } from '../frame';
import { statementFingerprint } from './attributeChanges';
import type { EdgeChange } from './edgeChanges';
import { countText, secondsText } from './format';
import { isFlagged } from './rank';
import { rateChange } from './score';
import type { ChangeRow } from './types';

/**
 * A slow dependency, named by its client-span attribute (issue 21). Tempo's compare() over the last 30
 * minutes reads the metrics-generator's local blocks, which keep server spans only by default
 * (`metrics_generator.processor.local_blocks.filter_server_spans`), so it never sees the calls a service
 * makes. For the services that got slower, a TraceQL search of their slow client spans in each window
 * (a bounded sample: at most SLOW_CALL_TRACES traces) tells which callee got slow: a database statement
 * (as a fingerprint), a peer service, an address. Each callee is scored by its slow calls per request of
 * the service, incident against baseline. Pure.
 */

/** Traces, and spans of each, a slow-call search asks for per window (Tempo's defaults: 20 and 3). */
export const SLOW_CALL_TRACES = 100;
export const SLOW_CALL_SPANS_PER_TRACE = 5;
/** Services whose calls are searched at most: two searches each. */
export const MAX_SLOW_CALL_SERVICES = 3;
/** Longest attribute value read; a longer one is cut (a statement can be megabytes). */
const MAX_VALUE_CHARS = 2000;
/** Calls read from one answer at most, whatever its size (Tempo sends at most traces × spans). */
const MAX_CALLS = 10_000;

/** A service to search the slow calls of, and from what duration a call is slow for it. */
export interface SlowCallTarget {
  service: string;
  /** The service's own p95 in the baseline: a call taking that long is as slow as a slow request was. */
  thresholdMs: number;
  score: number;
}

/**
 * The services that got slower (a flagged p95 latency row), deepest first: one that calls another
 * slower service is left out, its slowness is that one's. At most MAX_SLOW_CALL_SERVICES.
 */
export function slowCallTargets(rows: ChangeRow[], edges: EdgeChange[]): SlowCallTarget[] {
  const slower = new Map<string, SlowCallTarget>();
  for (const r of rows) {
    const base = r.baselineValue;
    if (r.measure !== 'latency' || r.direction !== 'up' || !r.service || !isFlagged(r)) {
      continue;
    }
    if (!Number.isFinite(base) || base <= 0 || (slower.get(r.service)?.score ?? -1) >= r.score) {
      continue;
    }
    slower.set(r.service, { service: r.service, thresholdMs: Math.max(1, Math.ceil(base * 1000)), score: r.score });
  }
  const all = [...slower.values()].sort((a, b) => b.score - a.score);
  const deepest = all.filter(
    (t) => !edges.some((e) => e.client === t.service && e.server !== t.service && slower.has(e.server))
  );
  return (deepest.length ? deepest : all).slice(0, MAX_SLOW_CALL_SERVICES);
}

/** The attributes of a call, by their name without scope, as the search table names its columns. */
const CALL_ATTRIBUTES = ['peer.service', 'server.address', 'db.name', 'db.system', 'db.statement'] as const;
type CallAttribute = (typeof CALL_ATTRIBUTES)[number];
export type SlowCall = Partial<Record<CallAttribute, string>>;

export interface SlowCallSample {
  /** Traces the search returned (Tempo returns at most the request's limit). */
  traces: number;
  calls: SlowCall[];
}

const text = (v: unknown) =>
  typeof v === 'string' && v !== ''
    ? v.slice(0, MAX_VALUE_CHARS)
    : typeof v === 'number' && Number.isFinite(v)
      ? String(v)
      : undefined;

/**
 * The slow calls of a search answer (Grafana's trace table: one row per trace, its span sets as nested
 * frames, one row per span, a column per attribute). Anything else in the frames is skipped.
 */
export function slowCallsOfSearch(frames: FrameLike[]): SlowCallSample {
  const sample: SlowCallSample = { traces: 0, calls: [] };
  for (const frame of Array.isArray(frames) ? frames : []) {
    const fields = Array.isArray(frame?.fields) ? frame.fields : [];
    const nested = fields.find((f) => f?.name === 'nested');
    if (!nested) {
      continue;
    }
    const ids = fieldValues(fields.find((f) => f?.name === 'traceID'));
    const spanSetsOfTraces = Array.from(fieldValues(nested));
    sample.traces += Math.max(ids.length, spanSetsOfTraces.length);
    for (const spanSets of spanSetsOfTraces) {
      for (const spanSet of Array.isArray(spanSets) ? (spanSets as FrameLike[]) : []) {
        readSpanSet(spanSet, sample.calls);
      }
    }
  }
  return sample;
}

function readSpanSet(spanSet: FrameLike, calls: SlowCall[]) {
  const fields = Array.isArray(spanSet?.fields) ? spanSet.fields : [];
  const rows = fieldValues(fields.find((f) => f?.name === 'spanID')).length;
  const columns = CALL_ATTRIBUTES.map((name) => [name, fieldValues(fields.find((f) => f?.name === name))] as const);
  for (let i = 0; i < rows && calls.length < MAX_CALLS; i++) {
    const call: SlowCall = {};
    for (const [name, values] of columns) {
      const v = text(values[i]);
      if (v !== undefined) {
        call[name] = v;
      }
    }
    calls.push(call);
  }
}

/**
 * The node Tempo's service graph draws for a call's callee, and the attribute it came from: peer.service,
 * else server.address, else for a database db.name (grafana/tempo v2.10.8
 * modules/generator/processor/servicegraphs/servicegraphs.go:260-269 upsertDatabaseRequest).
 */
export function calleeOf(c: SlowCall): { attribute: CallAttribute; value: string } | undefined {
  for (const attribute of ['peer.service', 'server.address', 'db.name'] as const) {
    if (c[attribute]) {
      return { attribute, value: c[attribute]! };
    }
  }
  return undefined;
}

/** What a row names a call by: the statement's fingerprint when there is one, else its callee, else its database system. */
function nameOf(c: SlowCall): { attribute: CallAttribute; value: string } | undefined {
  if (c['db.statement']) {
    return { attribute: 'db.statement', value: statementFingerprint(c['db.statement']) };
  }
  return calleeOf(c) ?? (c['db.system'] ? { attribute: 'db.system', value: c['db.system'] } : undefined);
}

export interface SlowCallsInput extends SlowCallTarget {
  incident: SlowCallSample;
  baseline: SlowCallSample;
  /** Seconds of each window. */
  seconds: { incident: number; baseline: number };
  /** The service's requests per second in each window (RED), when known: calls are counted per request. */
  traffic?: { incident: number; baseline: number };
  /** The search behind a row, for its link. */
  tracesQuery: (callee?: { attribute: string; value: string }) => string | undefined;
}

const perRequestExposure = (seconds: number, rate: number | undefined) =>
  rate !== undefined && Number.isFinite(rate) && rate > 0 ? seconds * rate : seconds;

/**
 * Rows for the callees whose slow calls rose: at least the sample's count in the incident against the
 * baseline's. A baseline that reached the search's limit says the calls were often slow before too, and
 * how often is unknown: no rows then.
 */
export function slowCallChanges(input: SlowCallsInput): ChangeRow[] {
  const { service, incident, baseline } = input;
  if (baseline.traces >= SLOW_CALL_TRACES || incident.calls.length === 0) {
    return [];
  }
  const count = (s: SlowCallSample) => {
    const out = new Map<
      string,
      { attribute: CallAttribute; value: string; callee?: { attribute: CallAttribute; value: string }; n: number }
    >();
    for (const c of s.calls) {
      const name = nameOf(c);
      if (!name) {
        continue;
      }
      const key = `${name.attribute}=${name.value}`;
      const v = out.get(key) ?? { ...name, callee: calleeOf(c), n: 0 };
      v.n++;
      out.set(key, v);
    }
    return out;
  };
  const inc = count(incident);
  const base = count(baseline);
  const exposure = {
    incident: perRequestExposure(input.seconds.incident, input.traffic?.incident),
    baseline: perRequestExposure(input.seconds.baseline, input.traffic?.baseline),
  };
  const capped = incident.traces >= SLOW_CALL_TRACES;
  const slowText = `${secondsText(input.thresholdMs / 1000)} or more`;
  const rows: ChangeRow[] = [];
  for (const [key, i] of inc) {
    const b = base.get(key)?.n ?? 0;
    const s = rateChange({ count: i.n, exposure: exposure.incident }, { count: b, exposure: exposure.baseline });
    if (s.direction !== 'up' || s.score <= 0) {
      continue;
    }
    const to = i.callee && i.callee.value !== i.value ? ` (${i.callee.value})` : '';
    // A fingerprint is no value a span has: its calls are found by their callee.
    const query = input.tracesQuery(i.callee ?? (i.attribute === 'db.statement' ? undefined : i));
    rows.push({
      id: `slowcall:${service}:${key}`,
      kind: 'attribute',
      title: `Slow calls from ${service}: ${i.attribute} = ${i.value}${to}`,
      service,
      baselineText: b
        ? `${countText(b, 'slow calls')} (${slowText}) in ${countText(baseline.traces, 'traces')}`
        : `no slow calls (${slowText})`,
      incidentText: capped
        ? `at least ${countText(i.n, 'slow calls')}: a sample, Tempo returns at most ${countText(SLOW_CALL_TRACES, 'traces')}`
        : `${countText(i.n, 'slow calls')} in ${countText(incident.traces, 'traces')}`,
      baselineValue: b / exposure.baseline,
      incidentValue: i.n / exposure.incident,
      score: s.score,
      direction: 'up',
      ratio: s.ratio,
      appeared: b === 0,
      measure: 'latency',
      dependency: i.callee?.value,
      link: query ? { to: 'traces', query } : { to: 'service', service },
    });
  }
  return rows.sort((a, b) => b.score - a.score);
}
