import { findTraceId } from '../../src/correlation/traceId';
import { derivedFieldTraceId, derivedFieldValues } from '../derivedFields';
import { IN_HOUSE_PATTERN, makeLogPage } from '../logPage';

describe('the benchmark page', () => {
  const page = makeLogPage(1000, 7);

  it('is deterministic and mixes every format', () => {
    expect(makeLogPage(1000, 7)).toEqual(page);
    const kinds = new Set(page.map((l) => l.kind));
    for (const kind of [
      'otel-metadata',
      'json-traceId',
      'json-ecs',
      'logfmt',
      'traceparent',
      'in-house',
      'no-id',
      'decoy-uuid',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('is read correctly by findTraceId, line by line', () => {
    const options = { patterns: [IN_HOUSE_PATTERN] };
    const wrong = page.filter((l) => findTraceId(l.line, l.fields, options) !== l.expected);
    expect(wrong.map((l) => l.kind)).toEqual([]);
  });

  it('agrees with the derived fields wherever those read the right id', () => {
    for (const l of page) {
      const theirs = derivedFieldTraceId(l.line, l.fields);
      if (theirs && theirs.length === 32 && theirs === l.expected) {
        expect(findTraceId(l.line, l.fields, { patterns: [IN_HOUSE_PATTERN] })).toBe(theirs);
      }
    }
  });

  it('runs every derived field on every line, as Grafana does', () => {
    expect(derivedFieldValues('x', {})).toHaveLength(5);
  });
});
