import { testIds } from '../../src/testIds';
import { filesUnder, readText } from './stackFiles';

/**
 * The e2e specs run only in CI (they need the Docker stack); the component tests run on every
 * `.ci/run`. Both locate Correlate's markup through tests/support/locators.ts, so what is checked here
 * is that the two stay tied: every stable test id is used by an e2e spec, and every shared locator an
 * e2e spec uses is also exercised by a component test against real markup in Chromium.
 */
const LOCATORS = 'tests/support/locators.ts';

/** `group.name` of every locator in `ui`, with the test ids its definition reads. */
function sharedLocators(): Map<string, string[]> {
  const text = readText(LOCATORS);
  const body = text.slice(text.indexOf('export const ui = {'));
  const locators = new Map<string, string[]>();
  let group = '';
  let current = '';
  for (const line of body.split('\n')) {
    const g = /^ {2}(\w+): \{$/.exec(line);
    const l = /^ {4}(\w+):/.exec(line);
    if (g) {
      group = g[1];
    } else if (l && group) {
      current = `${group}.${l[1]}`;
      locators.set(current, []);
    }
    for (const m of line.matchAll(/testIds\.(\w+)(?:\.(\w+)|\[(\w+)\])/g)) {
      if (current) {
        locators.get(current)!.push(m[2] ? `${m[1]}.${m[2]}` : `${m[1]}.*`);
      }
    }
  }
  return locators;
}

/** `group.name` of every `ui.group.name` the given files use. */
function usedLocators(files: string[]): Set<string> {
  const used = new Set<string>();
  for (const file of files) {
    for (const m of readText(file).matchAll(/\bui\.(\w+)\.(\w+)/g)) {
      used.add(`${m[1]}.${m[2]}`);
    }
  }
  return used;
}

/**
 * Test ids no e2e spec uses, each with the reason; empty now. A new id without a spec fails the test
 * below. (`health.error`, the alert shown only if the health runner rejects, which it is built never to
 * do, is reached by asserting that it stays absent beside a completed report: no input reaches it.)
 */
/**
 * Ids no e2e spec can reach on the development stack, each covered elsewhere: states that need
 * hostile or oversized data, a failing chunk, or more services than the demo has.
 */
const NOT_IN_E2E: string[] = [
  'errors.showMore', // more than 50 lines: errorLogListPages.test.tsx
  'errors.partial', // lines past the page's time budget: errorsHostile.test.tsx
  'errors.uncounted', // a count batch Loki refuses: errorsScale.test.tsx
  'trace.large', // a trace over 4,000 spans, not loaded: browser/tests/components/trace.spec.ts
  'trace.partial', // a trace over Tempo's max_bytes_per_trace: browser/tests/components/trace.spec.ts
  'services.searchError', // a search over 200 characters: servicesOverview tests
  'services.showMore', // more than 100 services: servicesScale.test.tsx
  'services.figuresError', // the rows-on-screen request failing alone: servicesOverview tests
  'changed.incomplete', // what could not be compared (sources failing): changedPage.test.tsx
  'changed.method', // the folded "How this was compared": changedPage.test.tsx
  'panel.sample', // the panel's lines as a sample of 3,000 services: panelScale.test.tsx
  'addToDashboard.dialog', // the dialog around the buttons: browser/tests/components/addToDashboard.spec.ts
  'app.loadFailed', // a page chunk that does not arrive: App.test.tsx
  'app.notFound', // an address with no page: App.test.tsx
  'app.re2Failed', // RE2's chunk that does not arrive: useRe2.test.tsx
];

const e2eFiles = filesUnder('tests', ['.ts']).filter((f) => f !== LOCATORS);
const componentFiles = filesUnder('browser/tests', ['.ts']);

describe('e2e locators', () => {
  const locators = sharedLocators();
  const inE2e = usedLocators(e2eFiles);

  it('reads the shared locators', () => {
    expect(locators.size).toBeGreaterThan(50);
    expect(locators.get('appConfig.pattern')).toEqual([]);
    expect(locators.get('errors.rowOfTrace')).toEqual(['errors.logRow']);
  });

  it('are the only way the e2e specs reach Correlate’s test ids', () => {
    expect(e2eFiles.filter((f) => /\btestIds\./.test(readText(f)))).toEqual([]);
  });

  it('use every test id of src/testIds.ts in at least one e2e spec', () => {
    const reached = new Set([...inE2e].flatMap((name) => locators.get(name) ?? []));
    const missing = Object.entries(testIds)
      .flatMap(([group, ids]) => Object.keys(ids).map((id) => `${group}.${id}`))
      .filter((id) => !reached.has(id) && !reached.has(`${id.split('.')[0]}.*`));
    expect(missing).toEqual(NOT_IN_E2E);
  });

  it('used by an e2e spec are all exercised by a component test in Chromium', () => {
    const inComponents = usedLocators(componentFiles);
    expect([...inE2e].filter((name) => !locators.has(name))).toEqual([]);
    expect([...inE2e].filter((name) => !inComponents.has(name))).toEqual([]);
  });
});
