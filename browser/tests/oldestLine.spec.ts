import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { OLDEST_LINE_TESTS } from '../oldestLineTests';
import { expect, test } from './support/line';

/**
 * The oldest end of the range runs the tests whose titles match OLDEST_LINE_TESTS. A renamed or removed
 * test would leave a pattern that matches nothing, and that line would quietly test less: each pattern
 * must name a test the grafana-12.4 project lists.
 */
test('every test picked for the oldest Grafana line exists under its title', ({ grafanaLine }) => {
  test.skip(grafanaLine !== '13.2', 'lists the 12.4 project once, from the newest line');
  const root = path.resolve(__dirname, '..', '..');
  const listed = execFileSync(
    'npx',
    ['playwright', 'test', '-c', 'browser/playwright.config.ts', '--list', '--project', 'grafana-12.4'],
    { cwd: root, encoding: 'utf8', timeout: 60_000 }
  );
  // grep matches the title path joined by spaces; --list joins it by ' › '.
  const titles = listed
    .split('\n')
    .filter((l) => l.includes('[grafana-12.4]'))
    .map((l) => l.split(' › ').join(' '));
  const unmatched = OLDEST_LINE_TESTS.filter((p) => !titles.some((t) => p.test(t))).map(String);
  expect(unmatched, 'patterns in browser/oldestLineTests.ts that name no test').toEqual([]);
  expect(titles.length).toBeGreaterThanOrEqual(OLDEST_LINE_TESTS.length);
});
