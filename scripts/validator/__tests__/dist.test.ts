import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkArchive } from '../archiveRules';
import { checkPlugin } from '../rules';

// The built plugin, checked as @grafana/plugin-validator would check its release archive.
const repo = resolve(__dirname, '../../..');
const dist = join(repo, 'dist');
const packageVersion: string = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version;

const describeBuilt = existsSync(join(dist, 'plugin.json')) ? describe : describe.skip;

it('has a build to check (run "npm run build" first)', () => {
  expect(existsSync(join(dist, 'plugin.json'))).toBe(true);
});

describeBuilt('the built dist/', () => {
  const findings = checkPlugin({ pluginDir: dist, sourceDir: join(repo, 'src'), packageVersion });
  const show = (severity: string) =>
    findings.filter((f) => f.severity === severity).map((f) => `${f.rule} ${f.file}: ${f.message}`);

  it('breaks none of the validator’s rules', () => {
    expect(show('error')).toEqual([]);
  });

  // The signature warning is the only one left upstream: the plugin is signed at release (npm run sign).
  it('draws no warning: screenshots (docs/pictures, npm run pictures), links and a CHANGELOG are there', () => {
    expect(show('warning')).toEqual([]);
  });

  it('packs as one folder named after the plugin id', () => {
    const root = mkdtempSync(join(tmpdir(), 'correlate-archive-'));
    try {
      const id = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8')).id;
      symlinkSync(dist, join(root, id));
      expect(checkArchive(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
