/**
 * The baseline: Grafana's Loki derived fields, configured as a team would to find trace ids, and
 * evaluated the way Grafana's Loki data source does (getDerivedFields): every derived field is a
 * column of its own, so every configured matcher runs on every line; a regex matcher is passed as
 * its source string to `line.match`, and a `label` matcher tests each label key with a RegExp made
 * from its source. What a matcher captures is not validated.
 */

import { IN_HOUSE_PATTERN } from './logPage';

interface DerivedField {
  name: string;
  matcherType: 'regex' | 'label';
  matcherRegex: string;
}

export const DERIVED_FIELDS: DerivedField[] = [
  { name: 'otel', matcherType: 'label', matcherRegex: '^trace_id$' },
  { name: 'logfmt', matcherType: 'regex', matcherRegex: '(?:trace_id|traceId|traceID)=["\']?(\\w+)' },
  { name: 'json', matcherType: 'regex', matcherRegex: '"(?:traceId|trace_id|traceID)":\\s*"(\\w+)"' },
  { name: 'traceparent', matcherType: 'regex', matcherRegex: '00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}' },
  { name: 'in-house', matcherType: 'regex', matcherRegex: IN_HOUSE_PATTERN },
];

/** The derived-field values of one line, in configuration order (null where a matcher found nothing). */
export function derivedFieldValues(
  line: string,
  labels: Record<string, string>,
  fields = DERIVED_FIELDS
): Array<string | null> {
  const values: Array<string | null> = [];
  for (const field of fields) {
    if (field.matcherType === 'label') {
      const key = Object.keys(labels).find((k) => new RegExp(field.matcherRegex).test(k));
      values.push(key ? labels[key] : null);
      continue;
    }
    const m = line.match(field.matcherRegex);
    values.push(m && m[1] ? m[1] : null);
  }
  return values;
}

/** The trace id a user would follow: the first derived field with a value. */
export function derivedFieldTraceId(line: string, labels: Record<string, string>): string | undefined {
  return derivedFieldValues(line, labels).find((v): v is string => v !== null);
}

/**
 * A stricter reference than Grafana itself: the same matchers compiled once, stopping at the
 * first match. Printed beside the real baseline so the comparison is not flattered.
 */
export function makeIdealisedExtractor(fields = DERIVED_FIELDS) {
  const regexes = fields.filter((f) => f.matcherType === 'regex').map((f) => new RegExp(f.matcherRegex));
  return (line: string, labels: Record<string, string>): string | undefined => {
    if (labels.trace_id) {
      return labels.trace_id;
    }
    for (const re of regexes) {
      const m = re.exec(line);
      if (m && m[1]) {
        return m[1];
      }
    }
    return undefined;
  };
}
