import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkArchive } from '../archiveRules';
import { validate } from '../miniSchema';
import { checkPlugin } from '../rules';
import {
  PNG_SIGNATURE,
  VERSION,
  fixtureApp,
  fixtureLogo,
  fixtureMap,
  fixturePanel,
  makeFixture,
  type Fixture,
} from './fixture';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => fx.cleanup());

const check = (templateLogoHashes?: string[]) =>
  checkPlugin({ pluginDir: fx.pluginDir, sourceDir: fx.sourceDir, packageVersion: VERSION, templateLogoHashes });
const rules = (templateLogoHashes?: string[]) => check(templateLogoHashes).map((f) => `${f.rule} ${f.file}`);

it('finds nothing wrong with a well-built app and its nested panel', () => {
  expect(check()).toEqual([]);
});

describe('nested plugins', () => {
  it('catch a nested panel declared without its path, and say which path to declare', () => {
    const app = fixtureApp();
    app.includes[1] = { type: 'panel', name: 'Acme panel' } as never;
    fx.write('plugin.json', app);
    const [finding] = check();
    expect(finding.rule).toBe('nested-plugins-not-declared');
    expect(finding.message).toContain('"path": "panels/acme/plugin.json"');
  });

  it('catch a declared type that is not the nested plugin’s, and an include of a file not built', () => {
    const app = fixtureApp();
    app.includes[1] = { type: 'datasource', name: 'Acme panel', path: 'panels/acme/plugin.json' };
    app.includes.push({ type: 'panel', name: 'Gone', path: 'panels/gone/plugin.json' });
    fx.write('plugin.json', app);
    expect(rules()).toEqual([
      'nested-plugin-type-missmatch panels/acme/plugin.json',
      'include-path-not-exists panels/gone/plugin.json',
    ]);
  });

  it('refuse nested plugins in a plugin that is not an app', () => {
    fx.write('plugin.json', { ...fixtureApp(), type: 'panel', id: 'acme-tool-panel' });
    expect(rules()).toContain('nested-plugin-id-in-non-app plugin.json');
  });
});

describe('logos', () => {
  it.each([
    ['an empty file', '', 'logo-not-svg'],
    ['XML that is not well-formed', '<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', 'logo-not-svg'],
    ['another XML document', '<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', 'logo-not-svg'],
    ['an SVG that draws nothing', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"/>', 'logo-empty'],
  ])('catch %s', (_label, content, rule) => {
    fx.write('img/logo.svg', content);
    expect(rules()).toContain(`${rule} img/logo.svg`);
  });

  it('catch the template’s logo, by its SHA-256', () => {
    const hash = createHash('sha256').update(fixtureLogo('#f2495c')).digest('hex');
    expect(rules([hash])).toEqual(['logo-from-template img/logo.svg']);
  });

  it('catch a panel whose logo is the app’s', () => {
    fx.write('panels/acme/img/logo.svg', fixtureLogo('#f2495c'));
    expect(rules()).toEqual(['logos-not-distinct img/logo.svg']);
  });

  it.each([
    ['', 'logos plugin.json'],
    ['./img/logo.svg', 'invalid-relative-path plugin.json'],
    ['https://example.com/logo.svg', 'path-relative-to-metadata plugin.json'],
    ['img/missing.svg', 'path-not-exists img/missing.svg'],
  ])('catch the logo path %p', (path, expected) => {
    const app = fixtureApp();
    app.info.logos.small = path;
    fx.write('plugin.json', app);
    expect(rules()).toContain(expected);
  });

  it.each([
    ['a script element', '<script>alert(1)</script>'],
    ['an event handler attribute', '<rect width="8" height="8" onclick="alert(1)"/>'],
  ])('catch an unsafe SVG: %s', (_label, inner) => {
    fx.write('img/extra.svg', `<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/>${inner}</svg>`);
    expect(rules()).toEqual(['unsafe-svg-file img/extra.svg']);
  });
});

describe('source maps', () => {
  it('catch a JS file without its map, and one that does not name its map', () => {
    fx.remove('panels/acme/module.js.map');
    fx.write('module.js', 'console.log(42);\n');
    expect(rules()).toEqual(['js-map-not-referenced module.js', 'js-map-not-found panels/acme/module.js.map']);
  });

  it('catch a map without sources or their content', () => {
    fx.write('module.js.map', { version: 3, sources: ['webpack://acme-tool-app/./module.ts'], mappings: '' });
    expect(rules()).toEqual(['js-map-invalid module.js.map']);
  });

  it.each([
    ['a source that differs from the code', ['webpack://acme-tool-app/./module.ts'], ['export const answer = 41;\n']],
    ['a source the code does not have', ['webpack://acme-tool-app/./gone.ts'], ['x']],
    ['a source under another plugin id', ['webpack://acme-tool-panel/./module.ts'], ['export const answer = 42;\n']],
  ])('catch %s', (_label, sources, contents) => {
    fx.write('module.js.map', fixtureMap(sources, contents));
    expect(rules()).toEqual(['js-map-no-match module.js.map']);
  });

  it('catch a build without module.js', () => {
    fx.remove('module.js');
    fx.remove('module.js.map');
    fx.remove('panels/acme/module.js');
    fx.remove('panels/acme/module.js.map');
    expect(rules()).toEqual(['missing-modulejs .']);
  });
});

describe('plugin.json', () => {
  it('catch what the schema refuses, naming the place', () => {
    const app = fixtureApp() as Record<string, any>;
    app.colour = 'red';
    app.info.keywords = [];
    app.extensions.addedLinks[0].title = 'Open';
    app.extensions.exposedComponents[0].id = 'thing';
    app.includes[0].type = 'screen';
    fx.write('plugin.json', app);
    expect(check().map((f) => f.message)).toEqual([
      'plugin.json: info.keywords: must have at least 1 item(s)',
      'plugin.json: includes[0].type: must be one of dashboard, page, panel, datasource, is "screen"',
      'plugin.json: extensions.addedLinks[0].title: must be at least 10 characters',
      'plugin.json: extensions.exposedComponents[0].id: "thing" does not match ^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)\\/[a-zA-Z0-9_-]+\\/v[0-9_.-]+$',
      'plugin.json: (root): colour is not allowed',
      'info.keywords is empty.',
    ]);
  });

  it('catch a panel without keywords (the schema requires them of every plugin.json)', () => {
    const panel = fixturePanel() as Record<string, any>;
    delete panel.info.keywords;
    fx.write('panels/acme/plugin.json', panel);
    expect(rules()).toEqual(['invalid-metadata panels/acme/plugin.json', 'empty-keywords panels/acme/plugin.json']);
  });

  it.each([
    ['%VERSION%', 'wrong-plugin-version'],
    ['1.2.4', 'packagecode-version-mismatch'],
  ])('catch the version %p when package.json says 1.2.3', (version, rule) => {
    const app = fixtureApp();
    app.info.version = version;
    fx.write('plugin.json', app);
    expect(rules()).toEqual([`${rule} plugin.json`]);
  });

  it('catch a Grafana dependency that is not a constraint, an id not ending in its type, broken JSON', () => {
    const app = fixtureApp();
    app.dependencies.grafanaDependency = 'latest';
    fx.write('plugin.json', app);
    fx.write('panels/acme/plugin.json', { ...fixturePanel(), id: 'acme-tool-viz' });
    fx.write('panels/other/plugin.json', '{ not json');
    expect(rules()).toEqual([
      'invalid-metadata panels/other/plugin.json',
      'invalid-metadata panels/acme/plugin.json',
      'plugin-type-suffix panels/acme/plugin.json',
      'invalid-metadata plugin.json',
      'invalid-grafana-dependency plugin.json',
    ]);
  });

  it('warn when the catalogue has no screenshots', () => {
    const app = fixtureApp();
    app.info.screenshots = [];
    fx.write('plugin.json', app);
    expect(check()).toEqual([expect.objectContaining({ rule: 'screenshots', severity: 'warning' })]);
  });

  it('catch a screenshot that is not an image, one named for another type, and one not in the build', () => {
    fx.write('img/shot.png', 'not an image');
    expect(rules()).toEqual(['screenshots-image-type img/shot.png']);
    const app = fixtureApp();
    app.info.screenshots = [{ name: 'Overview', path: 'img/shot.jpg' }];
    fx.write('plugin.json', app);
    fx.write('img/shot.jpg', PNG_SIGNATURE);
    expect(rules()).toEqual(['screenshots-image-type img/shot.jpg']);
    fx.remove('img/shot.jpg');
    expect(rules()).toEqual(['path-not-exists img/shot.jpg']);
  });

  it('take a PNG, a JPEG, a GIF and an SVG as screenshots', () => {
    const app = fixtureApp();
    const shots: Array<[string, string | Buffer]> = [
      ['img/a.png', PNG_SIGNATURE],
      ['img/b.jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0])],
      ['img/c.gif', 'GIF89a......'],
      ['img/d.svg', fixtureLogo('#73bf69')],
    ];
    app.info.screenshots = shots.map(([path], i) => ({ name: `Shot ${i}`, path }));
    fx.write('plugin.json', app);
    shots.forEach(([path, content]) => fx.write(path, content));
    expect(check()).toEqual([]);
  });
});

describe('LICENSE and README', () => {
  it('catch the Apache appendix left as the template wrote it', () => {
    fx.write('LICENSE', 'Apache License\nVersion 2.0\n\n   Copyright {yyyy} {name of copyright owner}\n');
    expect(rules()).toEqual(['license-with-generic-text LICENSE']);
  });

  it('catch a missing LICENSE and another licence', () => {
    fx.remove('LICENSE');
    expect(rules()).toEqual(['license-not-provided LICENSE']);
    fx.write('LICENSE', 'MIT License\n\nCopyright (c) 2026 Acme\n');
    expect(rules()).toEqual(['license-not-valid LICENSE']);
  });

  it('warn about a missing or empty CHANGELOG.md', () => {
    fx.write('CHANGELOG.md', '\n');
    expect(check()).toEqual([expect.objectContaining({ rule: 'missing-changelog', severity: 'warning' })]);
    fx.remove('CHANGELOG.md');
    expect(rules()).toEqual(['missing-changelog CHANGELOG.md']);
  });

  it('catch the create-plugin README, an empty one, and developer words', () => {
    fx.write('README.md', '# Grafana App Plugin Template\n');
    expect(rules()).toEqual(['template-readme README.md']);
    fx.write('README.md', '  \n');
    expect(rules()).toEqual(['missing-readme README.md']);
    fx.write('README.md', '# Acme\n<!-- todo -->\nRun yarn.\n');
    expect(rules()).toEqual(['readme-comment README.md', 'developer-jargon README.md']);
  });
});

describe('archive layout', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'validator-archive-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('accepts one folder named after the id, as package-plugin builds it from dist/', () => {
    symlinkSync(fx.pluginDir, join(root, 'acme-tool-app'));
    expect(checkArchive(root)).toEqual([]);
  });

  it.each([
    ['dist', (r: string) => symlinkSync(fx.pluginDir, join(r, 'dist')), 'no-ident-root-dir'],
    [
      'two folders',
      (r: string) => {
        mkdirSync(join(r, 'a'));
        mkdirSync(join(r, 'b'));
      },
      'more-than-one-dir',
    ],
    ['a file', (r: string) => writeFileSync(join(r, 'plugin.json'), '{}'), 'no-root-dir'],
    ['nothing', () => undefined, 'empty-archive'],
    [
      'a dist folder inside',
      (r: string) => {
        symlinkSync(fx.pluginDir, join(r, 'acme-tool-app'));
        mkdirSync(join(fx.pluginDir, 'dist'));
      },
      'dist',
    ],
  ])('refuses %s at the root', (_label, lay, rule) => {
    lay(root);
    expect(checkArchive(root).map((f) => f.rule)).toEqual([rule]);
  });
});

describe('the schema subset', () => {
  it('reports a wrong type instead of looking inside', () => {
    expect(validate('x', { type: 'object', required: ['a'] })).toEqual(['(root): must be object, is string']);
    expect(validate([1], { type: 'array', items: { type: 'string' } })).toEqual([
      '(root)[0]: must be string, is number',
    ]);
    expect(validate(null, { type: 'object' })).toEqual(['(root): must be object, is null']);
  });
});
