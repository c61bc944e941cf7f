import { filesUnder, readText } from './stackFiles';

/**
 * The e2e specs cannot run here (no Docker), so the defects a first real run would show are checked
 * in their text: each rule below names the failure it prevents.
 */
const SPECS = filesUnder('tests', ['.spec.ts']);

describe('e2e specs', () => {
  it('finds specs to check', () => {
    expect(SPECS).toEqual(expect.arrayContaining(['tests/alerts.spec.ts', 'tests/dashboard.spec.ts']));
  });

  it('never tears down in afterAll what another group of the same file may be using', () => {
    // fullyParallel (playwright.config.ts) splits a file with hooks into groups that each run beforeAll and
    // afterAll, at the same time on different workers (playwright/lib/runner createTestGroups): an
    // afterAll that deletes shared state pulls it from under another group, unless the file is serial.
    expect(readText('playwright.config.ts')).toMatch(/fullyParallel: true/);
    for (const spec of SPECS) {
      const text = readText(spec);
      if (/test\.afterAll\(/.test(text)) {
        expect([spec, /describe\.configure\(\{ mode: 'serial' \}\)/.test(text)]).toEqual([spec, true]);
      }
    }
  });

  it('scrolls a dashboard panel into view with plugin-e2e, which mounts lazy panels first', () => {
    // Scenes mounts a lazy panel only near the viewport (LazyLoader rootMargin "100px"): until then its
    // header is not in the page, so scrollIntoViewIfNeeded on its locator waits for nothing and times out.
    for (const spec of SPECS) {
      expect([spec, /getPanelByTitle\([^)]*\)\.locator\.scrollIntoViewIfNeeded/.test(readText(spec))]).toEqual([
        spec,
        false,
      ]);
      const panels = [...readText(spec).matchAll(/(\w+) = \w+\.getPanelByTitle\(/g)].map((m) => m[1]);
      for (const panel of panels) {
        expect([spec, readText(spec).includes(`${panel}.locator.scrollIntoViewIfNeeded`)]).toEqual([spec, false]);
      }
    }
  });

  it('finds the alert instance actions by either name Grafana gives them, not by version alone', () => {
    const text = readText('tests/alerts.spec.ts');
    const name = /getByRole\('button', \{ name: (\/.+\/) \}\)/.exec(text)?.[1];
    expect(name).toBeDefined();
    const pattern = new RegExp(name!.slice(1, -1));
    // grafana/grafana AlertInstanceExtensionPoint.tsx: 'Actions' (PR #77900 to 13.0), 'Alert instance
    // actions' (the restore after grafana#130562, PR #131328).
    for (const label of ['Actions', 'Alert instance actions']) {
      expect(pattern.test(label)).toBe(true);
    }
    expect(pattern.test('Alert rule actions')).toBe(false);
    // A version skip only where the column is absent: never a skip on the version alone.
    expect(text).not.toMatch(/test\.skip\(gte\(grafanaVersion, '[\d.]+'\),/);
  });
});
