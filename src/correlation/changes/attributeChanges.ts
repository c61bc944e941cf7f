import { countText, percentText } from './format';
import { rateChange } from './score';
import type { AttributeCounts, SpanCounts, ValueCounts } from './spanCounts';
import type { ChangeLink, ChangeRow } from './types';

/**
 * Span attribute values over-represented among failing spans, or among slow ones, in the incident
 * window, compared with the baseline (`http.route`, `k8s.pod.name`, `db.system`, …): a value's share
 * of the failing (slow) spans in each window. A value every span has (the one route of a service) keeps its share however much
 * more fails, so only what singles out the failures scores. The baseline's share is smoothed towards
 * the value's share of all baseline spans, weighted as PRIOR_SPANS failing spans: a baseline without
 * failures still gives a reference, and a value new in the incident is compared with none. Pure.
 */

/** Weight, in failing (slow) spans, of a value's share of all baseline spans in its baseline share of them. */
export const PRIOR_SPANS = 10;
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

/**
 * The version is compared among slow spans: the Versions row says a version appeared, not that it is
 * the slow one, and RED's p95 is per service, so this row is what ties a slowdown to a deploy.
 */
const coveredAmongSlow = (name: string) => unscoped(name) !== 'service.version' && isCoveredAttribute(name);

/** Which spans a row is about: `failing` (status = error) or `slow` (at or above the slow threshold). */
export type Among = 'failing' | 'slow';

const AMONG: Record<Among, { field: 'failed' | 'slow'; spans: string; covered: (name: string) => boolean }> = {
  failing: { field: 'failed', spans: 'failing spans', covered: isCoveredAttribute },
  slow: { field: 'slow', spans: 'slow spans', covered: coveredAmongSlow },
};

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

export function attributeChanges(input: SpanChangesInput & { among?: Among }): ChangeRow[] {
  const { incident, baseline, services } = input;
  const among = AMONG[input.among ?? 'failing'];
  const rows: ChangeRow[] = [];
  const mapOf = (c: SpanCounts | undefined) =>
    c?.attributes instanceof Map ? c.attributes : new Map<string, AttributeCounts>();
  for (const [attribute, inc] of mapOf(incident)) {
    const base = mapOf(baseline).get(attribute);
    if (among.covered(attribute) || !base) {
      continue;
    }
    const selected = (a: AttributeCounts) => [...a.values.values()].reduce((n, v) => n + (v[among.field] || 0), 0);
    const spans = (a: AttributeCounts) => [...a.values.values()].reduce((n, v) => n + v.total, 0);
    const incSelected = selected(inc);
    const baseSelected = selected(base);
    const baseSpans = spans(base);
    if (incSelected <= 0 || baseSpans <= 0) {
      continue;
    }
    for (const { value, inc: i, base: b } of comparableValues(inc, base)) {
      const iCount = i[among.field] || 0;
      const bCount = b?.[among.field] || 0;
      const prior = PRIOR_SPANS * ((b?.total ?? 0) / baseSpans);
      const s = rateChange(
        { count: iCount, exposure: incSelected },
        { count: bCount + prior, exposure: baseSelected + PRIOR_SPANS }
      );
      if (s.direction !== 'up' || s.score <= 0 || iCount <= 0) {
        continue;
      }
      const share = (n: number, of: number) =>
        of > 0 ? `${percentText(n / of)} of ${countText(of, among.spans)}` : `no ${among.spans}`;
      const query = input.tracesQuery({ attribute, value, type: i.type });
      rows.push({
        id: `${input.among === 'slow' ? 'slow' : 'attribute'}:${attribute}=${value}`,
        kind: 'attribute',
        title: `Over-represented among ${among.spans}: ${attribute} = ${value}`,
        service: services.length === 1 ? services[0] : undefined,
        baselineText: b ? share(bCount, baseSelected) : 'not seen',
        incidentText: share(iCount, incSelected),
        baselineValue: baseSelected > 0 ? bCount / baseSelected : 0,
        incidentValue: iCount / incSelected,
        score: s.score,
        direction: s.direction,
        ratio: s.ratio,
        appeared: !b,
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
