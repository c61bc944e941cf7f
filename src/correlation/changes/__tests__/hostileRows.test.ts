import { attributeChanges } from '../attributeChanges';
import type { SpanCounts, ValueCounts } from '../spanCounts';
import { versionChanges } from '../versionChanges';

const counts = (attribute: string, values: Array<[string, number, number?]>): SpanCounts => {
  const map = new Map<string, ValueCounts>(
    values.map(([v, total, failed = 0]) => [v, { total, failed, slow: 0, type: 'string' }])
  );
  const spans = values.reduce((s, [, t]) => s + t, 0);
  const failed = values.reduce((s, [, , f = 0]) => s + f, 0);
  return { attributes: new Map([[attribute, { values: map, truncated: false }]]), spans, failed, slow: 0 };
};
// TraceQL cannot write these attribute names: the page's query builder gives no query for them.
const noQuery = () => undefined;

describe('versionChanges bounds (security review F14)', () => {
  const old = Array.from(
    { length: 10_000 },
    (_, i) => [`1.${i}.0-${'x'.repeat(i % 3 ? 5 : 500)}`, 10] as [string, number]
  );
  const fresh = Array.from({ length: 10_000 }, (_, i) => [`2.${i}.0`, 10 + (i % 7)] as [string, number]);

  it('returns at most 20 rows, and the deploy row names 3 replaced versions and counts the rest', () => {
    const rows = versionChanges({
      incident: counts('resource.service.version', fresh),
      baseline: counts('resource.service.version', old),
      services: ['payments'],
      tracesQuery: () => '{}',
    });
    expect(rows.length).toBeLessThanOrEqual(20);
    const deploy = rows.find((r) => r.title.includes('replacing'))!;
    expect(deploy.title).toMatch(/\(replacing [^,]+, [^,]+, [^,]+ and 9,997 more\); errors and latency unchanged$/);
    expect(Math.max(...rows.map((r) => r.title.length))).toBeLessThan(400);
  });
});

describe('rows whose attribute TraceQL cannot write (security review F13)', () => {
  it.each([[[] as string[]], [['a', 'b']]])(
    'link to the Errors page of the compared services %p, not to /services/',
    (services) => {
      const rows = [
        ...attributeChanges({
          // x fails more than the rest of the window and than its own baseline: a rate change.
          incident: counts('span.a b', [
            ['x', 100, 90],
            ['z', 100, 1],
          ]),
          baseline: counts('span.a b', [
            ['x', 100, 1],
            ['z', 100, 1],
          ]),
          services,
          tracesQuery: noQuery,
        }),
        ...versionChanges({
          incident: counts('service.version', [['2', 100]]),
          baseline: counts('service.version', [['1', 100]]),
          services,
          tracesQuery: noQuery,
        }),
      ];
      expect(rows.length).toBeGreaterThan(1);
      for (const r of rows) {
        expect(r.link).toEqual({ to: 'errors', services });
      }
    }
  );

  it('links to the one service compared', () => {
    const [row] = versionChanges({
      incident: counts('service.version', [['2', 100]]),
      baseline: counts('service.version', [['1', 100]]),
      services: ['payments'],
      tracesQuery: noQuery,
    });
    expect(row.link).toEqual({ to: 'service', service: 'payments' });
  });
});
