import { countText, percentText } from './format';
import { rateChange } from './score';
import type { AttributeCounts, SpanCounts, ValueCounts } from './spanCounts';
import type { ChangeRow } from './types';

/**
 * Span attribute values over-represented among failing spans in the incident window, compared with
 * the baseline (`http.route`, `k8s.pod.name`, `db.system`, …): a value's share of the failing spans
 * in each window. A value every span has (the one route of a service) keeps its share however much
 * more fails, so only what singles out the failures scores. The baseline's share is smoothed towards
 * the value's share of all baseline spans, weighted as PRIOR_SPANS failing spans: a baseline without
 * failures still gives a reference, and a value new in the incident is compared with none. Pure.
 */

/** Weight, in failing spans, of a value's share of all baseline spans in its baseline share of failing spans. */
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

export function attributeChanges(input: SpanChangesInput): ChangeRow[] {
  const { incident, baseline, services } = input;
  const rows: ChangeRow[] = [];
  for (const [attribute, inc] of incident.attributes) {
    const base = baseline.attributes.get(attribute);
    if (isCoveredAttribute(attribute) || !base) {
      continue;
    }
    const failing = (a: AttributeCounts) => [...a.values.values()].reduce((n, v) => n + v.failed, 0);
    const spans = (a: AttributeCounts) => [...a.values.values()].reduce((n, v) => n + v.total, 0);
    const incFailing = failing(inc);
    const baseFailing = failing(base);
    const baseSpans = spans(base);
    if (incFailing <= 0 || baseSpans <= 0) {
      continue;
    }
    for (const { value, inc: i, base: b } of comparableValues(inc, base)) {
      const prior = PRIOR_SPANS * ((b?.total ?? 0) / baseSpans);
      const s = rateChange(
        { count: i.failed, exposure: incFailing },
        { count: (b?.failed ?? 0) + prior, exposure: baseFailing + PRIOR_SPANS }
      );
      if (s.direction !== 'up' || s.score <= 0 || i.failed <= 0) {
        continue;
      }
      const share = (n: number, of: number) =>
        of > 0 ? `${percentText(n / of)} of ${countText(of, 'failing spans')}` : 'no failing spans';
      const query = input.tracesQuery({ attribute, value, type: i.type });
      rows.push({
        id: `attribute:${attribute}=${value}`,
        kind: 'attribute',
        title: `Over-represented among failing spans: ${attribute} = ${value}`,
        service: services.length === 1 ? services[0] : undefined,
        baselineText: b ? share(b.failed, baseFailing) : 'not seen',
        incidentText: share(i.failed, incFailing),
        baselineValue: baseFailing > 0 ? (b?.failed ?? 0) / baseFailing : 0,
        incidentValue: i.failed / incFailing,
        score: s.score,
        direction: s.direction,
        ratio: s.ratio,
        appeared: !b,
        link: query ? { to: 'traces', query } : { to: 'service', service: services[0] ?? '' },
      });
    }
  }
  return rows.sort((a, b) => b.score - a.score).slice(0, MAX_ATTRIBUTE_ROWS);
}
