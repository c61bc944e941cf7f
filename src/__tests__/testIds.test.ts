import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testIds } from '../testIds';

/** Every test id, with the functions' ids expanded for a sample argument. */
function allIds(node: unknown): string[] {
  if (typeof node === 'string') {
    return [node];
  }
  if (typeof node === 'function') {
    return [String(node('{x}'))];
  }
  return Object.values(node as Record<string, unknown>).flatMap(allIds);
}

describe('test ids', () => {
  const ids = allIds(testIds);

  it('are unique and carry Grafana’s "data-testid " prefix', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^data-testid correlate-[a-z-{}x]+$/);
    }
  });

  it('are all documented in docs/test-ids.md for teams writing their own e2e tests', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'docs', 'test-ids.md'), 'utf8');
    const missing = ids
      .map((id) => id.replace('data-testid ', '').replace('{x}', '{loki,tempo,metrics}'))
      .filter((id) => !readme.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });
});
