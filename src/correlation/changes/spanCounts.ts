import { fieldValues, type FrameLike } from '../frame';
import { seriesOfFrame, sum } from './seriesOfFrames';

/**
 * Span counts per attribute value in one window: failing, slow and all. Read from Tempo's TraceQL
 * metrics `compare()` (failing spans, or slow ones, are the selection, the others the baseline; one
 * query each), or counted over a sample of spans from a TraceQL search. Pure.
 */

export type ValueType = 'string' | 'number' | 'bool';

export interface ValueCounts {
  failed: number;
  /** At or above the slow threshold. */
  slow: number;
  total: number;
  type: ValueType;
}

export interface AttributeCounts {
  values: Map<string, ValueCounts>;
  /** Tempo kept only the most frequent values of this attribute: a value it left out is unknown, not 0. */
  truncated: boolean;
}

export interface SpanCounts {
  attributes: Map<string, AttributeCounts>;
  /** Spans in the window, how many failed, how many were slow. */
  spans: number;
  failed: number;
  slow: number;
}

/** What a compare() query selected: failing spans (`status = error`) or slow ones (`duration >= …`). */
export type Selected = 'failed' | 'slow';

const META_TYPE = '__meta_type';
const META_ERROR = '__meta_error';
const TOO_MANY = '__too_many_values__';

/**
 * Grafana's Tempo data source writes a string label value in quotes (`"2.0.0"`) and a number or
 * boolean as it is (grafana-tempo-datasource pkg/tempo/traceql/metrics.go metricsValueToString).
 */
function labelValue(raw: string): { value: string; type: ValueType } {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return { value: raw.slice(1, -1), type: 'string' };
  }
  return { value: raw, type: raw === 'true' || raw === 'false' ? 'bool' : 'number' };
}

const unquote = (raw: string | undefined) => (raw === undefined ? undefined : labelValue(raw).value);

function attributeOf(counts: SpanCounts, name: string): AttributeCounts {
  let a = counts.attributes.get(name);
  if (!a) {
    a = { values: new Map(), truncated: false };
    counts.attributes.set(name, a);
  }
  return a;
}

const emptyCounts = (): SpanCounts => ({ attributes: new Map(), spans: 0, failed: 0, slow: 0 });

/** Attributes that say how many spans there are: every span has a status. */
const TOTAL_ATTRIBUTE = 'status';

/**
 * Counts from the frames of one `compare()` range query; its selection counts as `selected` (the
 * other figure stays 0: each query knows one split).
 */
export function spanCountsFromCompare(frames: FrameLike[], selected: Selected = 'failed'): SpanCounts {
  const counts = emptyCounts();
  const totals = new Map<string, { selected: number; total: number }>();
  for (const frame of frames ?? []) {
    const series = seriesOfFrame(frame);
    if (!series) {
      continue;
    }
    const { labels } = series;
    const names = Object.keys(labels).filter((k) => k !== META_TYPE && k !== META_ERROR);
    if (names.length !== 1) {
      continue;
    }
    const name = names[0];
    if (unquote(labels[META_ERROR]) === TOO_MANY) {
      attributeOf(counts, name).truncated = true;
      continue;
    }
    const type = unquote(labels[META_TYPE]);
    const n = sum(series.values);
    if (type === 'selection' || type === 'baseline') {
      const { value, type: valueType } = labelValue(labels[name] ?? '');
      const a = attributeOf(counts, name);
      const v = a.values.get(value) ?? { failed: 0, slow: 0, total: 0, type: valueType };
      v.total += n;
      if (type === 'selection') {
        v[selected] += n;
      }
      a.values.set(value, v);
    } else if (type === 'selection_total' || type === 'baseline_total') {
      const t = totals.get(name) ?? { selected: 0, total: 0 };
      t.total += n;
      if (type === 'selection_total') {
        t.selected += n;
      }
      totals.set(name, t);
    }
  }
  const all = totals.get(TOTAL_ATTRIBUTE) ?? [...totals.values()].sort((a, b) => b.total - a.total)[0];
  counts.spans = all?.total ?? 0;
  counts[selected] = all?.selected ?? 0;
  return counts;
}

/** Columns of a search result's span rows that are not attributes. */
const SPAN_COLUMNS = new Set(['traceIdHidden', 'spanID', 'time', 'name', 'duration']);

/**
 * Counts over the spans of a TraceQL search (Grafana's trace table: every span set is a nested
 * frame, one row per span, one column per returned attribute, the attribute's name without its
 * scope, and the span's `duration` in nanoseconds). A span failed when its `status` attribute is
 * `error`; it was slow when its duration is at least `slowMs` (a span without a readable duration is
 * not counted slow).
 */
export function spanCountsFromSearch(frames: FrameLike[], slowMs: number): SpanCounts {
  const counts = emptyCounts();
  const slowNs = Number.isFinite(slowMs) && slowMs > 0 ? slowMs * 1e6 : Infinity;
  for (const frame of frames ?? []) {
    const nested = frame?.fields?.find((f) => f?.name === 'nested');
    for (const spanSets of Array.from(fieldValues(nested))) {
      for (const spanSet of Array.isArray(spanSets) ? (spanSets as FrameLike[]) : []) {
        countSpanSet(counts, spanSet, slowNs);
      }
    }
  }
  return counts;
}

function countSpanSet(counts: SpanCounts, spanSet: FrameLike, slowNs: number) {
  const fields = Array.isArray(spanSet?.fields) ? spanSet.fields : [];
  const rows = fieldValues(fields.find((f) => f?.name === 'spanID')).length;
  const status = fieldValues(fields.find((f) => f?.name === TOTAL_ATTRIBUTE));
  const duration = fieldValues(fields.find((f) => f?.name === 'duration'));
  const attributes = fields.filter((f) => f && !SPAN_COLUMNS.has(f.name) && f.name !== TOTAL_ATTRIBUTE);
  for (let i = 0; i < rows; i++) {
    const failed = status[i] === 'error';
    const ns = duration[i];
    const slow = typeof ns === 'number' && Number.isFinite(ns) && ns >= slowNs;
    counts.spans++;
    counts.failed += failed ? 1 : 0;
    counts.slow += slow ? 1 : 0;
    for (const field of attributes) {
      const raw = fieldValues(field)[i];
      if (raw === null || raw === undefined || raw === '') {
        continue;
      }
      const type: ValueType = typeof raw === 'number' ? 'number' : typeof raw === 'boolean' ? 'bool' : 'string';
      const a = attributeOf(counts, field.name);
      const v = a.values.get(String(raw)) ?? { failed: 0, slow: 0, total: 0, type };
      v.total++;
      v.failed += failed ? 1 : 0;
      v.slow += slow ? 1 : 0;
      a.values.set(String(raw), v);
    }
  }
}
