import { countText, percentText } from './format';
import { rateChange } from './score';
import type { AttributeCounts, SpanCounts, ValueCounts } from './spanCounts';
import type { ChangeRow } from './types';

/**
 * Span attribute values failing more often in the incident window than in the baseline
 * (`http.route`, `k8s.pod.name`, `db.system`, …), from span counts of each window. A value the
 * baseline never had is compared with the baseline's failure fraction over all spans, weighted as
 * PRIOR_SPANS spans, so one new failing span is weak evidence and hundreds are strong. Pure.
 */

/** Weight, in spans, of the baseline's overall failure fraction for a value's own. */
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

export function attributeChanges(input: {
  incident: SpanCounts;
  baseline: SpanCounts;
  services: string[];
  /** The TraceQL of the failing spans with this value, for the row's link. */
  tracesQuery: (v: AttributeValue) => string | undefined;
}): ChangeRow[] {
  const { incident, baseline, services } = input;
  if (baseline.spans <= 0) {
    return [];
  }
  const overall = (baseline.failed + 0.5) / (baseline.spans + 1);
  const rows: ChangeRow[] = [];
  for (const [attribute, inc] of incident.attributes) {
    if (isCoveredAttribute(attribute)) {
      continue;
    }
    for (const { value, inc: i, base: b } of comparableValues(inc, baseline.attributes.get(attribute))) {
      const baseFailed = b?.failed ?? 0;
      const baseTotal = b?.total ?? 0;
      const s = rateChange(
        { count: i.failed, exposure: i.total },
        { count: baseFailed + PRIOR_SPANS * overall, exposure: baseTotal + PRIOR_SPANS }
      );
      if (s.direction !== 'up' || s.score <= 0 || i.total <= 0) {
        continue;
      }
      const fraction = (failed: number, total: number) =>
        total > 0 ? `${percentText(failed / total)} of ${countText(total, 'spans')}` : 'no spans';
      const query = input.tracesQuery({ attribute, value, type: i.type });
      rows.push({
        id: `attribute:${attribute}=${value}`,
        kind: 'attribute',
        title: `Failing more often with ${attribute} = ${value}`,
        service: services.length === 1 ? services[0] : undefined,
        baselineText: baseTotal > 0 ? `${fraction(baseFailed, baseTotal)} failing` : 'not seen',
        incidentText: `${fraction(i.failed, i.total)} failing`,
        baselineValue: baseTotal > 0 ? baseFailed / baseTotal : 0,
        incidentValue: i.failed / i.total,
        score: s.score,
        direction: s.direction,
        ratio: s.ratio,
        appeared: baseTotal === 0,
        link: query ? { to: 'traces', query } : { to: 'service', service: services[0] ?? '' },
      });
    }
  }
  return rows.sort((a, b) => b.score - a.score).slice(0, MAX_ATTRIBUTE_ROWS);
}
