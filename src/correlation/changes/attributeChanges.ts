import { countText, percentText } from './format';
import { rateChange } from './score';
import type { AttributeCounts, SpanCounts, ValueCounts } from './spanCounts';
import type { ChangeLink, ChangeRow } from './types';

/**
 * Span attribute values that fail (or are slow) more often in the incident window, judged by rate,
 * not share (issue 21): a value is flagged when its failing (slow) rate differs from the rest of the
 * incident window AND from its own rate in the baseline (`k8s.pod.name`, `http.route`, and on client
 * spans `peer.service`, `server.address`, `db.system`, `db.statement` as a fingerprint). A pod whose
 * failure rate never changed is not flagged after a rollback, though its share of the failures did;
 * a status code that always fails is not flagged because it still always fails. A value new in the
 * incident is compared with the whole baseline's rate. Pure.
 */

export const MAX_ATTRIBUTE_ROWS = 20;

/**
 * Attributes other rows already cover or that cannot differ: the service (RED), its version
 * (Versions), the status that defines failing, the span kind every query fixes, the status message
 * (an error signature).
 */
const COVERED = new Set(['service.name', 'service.version', 'status', 'kind', 'statusMessage', 'status.message']);

/** An attribute's name without its scope (`resource.`, `span.`), as search results name it. */
export const unscoped = (name: string) => name.replace(/^(resource|span|event|link|instrumentation)\./, '');

export const isCoveredAttribute = (name: string) => COVERED.has(unscoped(name));

/** Which spans a row is about: `failing` (status = error) or `slow` (at or above the slow threshold). */
export type Among = 'failing' | 'slow';

const AMONG: Record<Among, { field: 'failed' | 'slow'; rate: string; covered: (name: string) => boolean }> = {
  failing: { field: 'failed', rate: 'failing:', covered: isCoveredAttribute },
  slow: { field: 'slow', rate: 'slow:', covered: isCoveredAttribute },
};

/** Attributes of client spans that name what was called: a row of these names a dependency. */
export const DEPENDENCY = new Set(['peer.service', 'server.address', 'db.system', 'db.statement', 'db.name']);

/** A value as TraceQL writes it: a number or boolean as it is, a string quoted (the builder escapes). */
export interface AttributeValue {
  attribute: string;
  value: string;
  type: ValueCounts['type'];
}

/** Values of an attribute compared in both windows; a value missing from a truncated side is unknown, so skipped. */
export function comparableValues(inc: AttributeCounts | undefined, base: AttributeCounts | undefined) {
  const out: Array<{ value: string; inc: ValueCounts; base?: ValueCounts }> = [];
  for (const [value, i] of inc?.values ?? []) {
    const b = base?.values.get(value);
    if (!b && (!base || base.truncated)) {
      continue;
    }
    out.push({ value, inc: i, base: b });
  }
  return out;
}

/** Span counts of both windows, for the span attribute and version rows. */
export interface SpanChangesInput {
  incident: SpanCounts;
  baseline: SpanCounts;
  services: string[];
  /** The TraceQL of the spans with this value, for the row's link. */
  tracesQuery: (v: AttributeValue) => string | undefined;
}

/** `db.statement` values as fingerprints: literals (strings, numbers) become `?`, so one query shape is one value. */
export function statementFingerprint(sql: string): string {
  return sql
    .replace(/'(?:[^'\\]|\\.|'')*'/g, '?')
    .replace(/"(?:[^"\\]|\\.)*"/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(?)')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The attribute's values, `db.statement` merged by fingerprint (Tempo's top values, each shape summed). */
function valuesOf(a: AttributeCounts | undefined, attribute: string): AttributeCounts | undefined {
  if (!a || unscoped(attribute) !== 'db.statement') {
    return a;
  }
  const values = new Map<string, ValueCounts>();
  for (const [raw, v] of a.values) {
    const key = statementFingerprint(raw);
    const sum = values.get(key) ?? { failed: 0, slow: 0, total: 0, type: v.type };
    values.set(key, { ...sum, failed: sum.failed + v.failed, slow: sum.slow + v.slow, total: sum.total + v.total });
  }
  return { values, truncated: a.truncated };
}

export function attributeChanges(input: SpanChangesInput & { among?: Among }): ChangeRow[] {
  const { incident, baseline, services } = input;
  const among = AMONG[input.among ?? 'failing'];
  const rows: ChangeRow[] = [];
  const mapOf = (c: SpanCounts | undefined) =>
    c?.attributes instanceof Map ? c.attributes : new Map<string, AttributeCounts>();
  const selectedOf = (c: SpanCounts | undefined) => (among.field === 'failed' ? c?.failed : c?.slow) || 0;
  const incAll = { selected: selectedOf(incident), spans: incident?.spans || 0 };
  const baseAll = { selected: selectedOf(baseline), spans: baseline?.spans || 0 };
  if (incAll.spans <= 0 || baseAll.spans <= 0) {
    return [];
  }
  const spansText = (n: number, of: number) => `${percentText(of > 0 ? n / of : NaN)} of ${countText(of, 'spans')}`;
  for (const [attribute, rawInc] of mapOf(incident)) {
    if (among.covered(attribute)) {
      continue;
    }
    const inc = valuesOf(rawInc, attribute);
    const base = valuesOf(mapOf(baseline).get(attribute), attribute);
    for (const { value, inc: i, base: b } of comparableValues(inc, base)) {
      const iCount = i[among.field] || 0;
      // A value every span has (the one route of a service) has no rest to differ from.
      if (iCount <= 0 || i.total <= 0 || incAll.spans - i.total <= 0) {
        continue;
      }
      // Against the rest of the same window, and against the value's own baseline (or, new, the whole baseline's).
      const rest = rateChange(
        { count: iCount, exposure: i.total },
        { count: Math.max(0, incAll.selected - iCount), exposure: incAll.spans - i.total }
      );
      const own =
        b && b.total > 0
          ? { count: b[among.field] || 0, exposure: b.total }
          : { count: baseAll.selected, exposure: baseAll.spans };
      const before = rateChange({ count: iCount, exposure: i.total }, own);
      if (rest.direction !== 'up' || before.direction !== 'up') {
        continue;
      }
      const score = Math.min(rest.score, before.score);
      if (score <= 0) {
        continue;
      }
      const query = input.tracesQuery({ attribute, value, type: i.type });
      const verb = input.among === 'slow' ? 'Slow more often' : 'Failing more often';
      rows.push({
        id: `${input.among === 'slow' ? 'slow' : 'attribute'}:${attribute}=${value}`,
        kind: 'attribute',
        title: `${verb}: ${attribute} = ${value}`,
        service: services.length === 1 ? services[0] : undefined,
        baselineText: b
          ? `${among.rate} ${spansText(own.count, own.exposure)}`
          : `not seen (all spans: ${percentText(own.count / own.exposure)})`,
        incidentText: `${among.rate} ${spansText(iCount, i.total)}; the rest ${percentText((incAll.selected - iCount) / Math.max(1, incAll.spans - i.total))}`,
        baselineValue: own.count / own.exposure,
        incidentValue: iCount / i.total,
        score,
        direction: 'up',
        ratio: before.ratio,
        appeared: !b,
        measure: 'attribute',
        dependency: DEPENDENCY.has(unscoped(attribute)) ? value : undefined,
        link: query ? { to: 'traces', query } : fallbackLink(services),
      });
    }
  }
  return rows.sort((a, b) => b.score - a.score).slice(0, MAX_ATTRIBUTE_ROWS);
}

/**
 * Where a row links when TraceQL cannot write its attribute (review F13): the service it is about,
 * or the Errors page of the compared services; never a service page without a service.
 */
export function fallbackLink(services: string[]): ChangeLink {
  return services.length === 1 && services[0] ? { to: 'service', service: services[0] } : { to: 'errors', services };
}
