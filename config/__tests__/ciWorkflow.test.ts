import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import pluginJson from '../../src/plugin.json';
import { ROOT, filesUnder, readText, readYaml } from './stackFiles';
import { BAD_DEPLOY_SCHEDULE } from '../../demo/src/badDeploySchedule';

/**
 * The GitHub Actions workflow is what runs the e2e specs (no Docker engine runs where these tests
 * run), so its shape is checked here: the supported versions, the README's test command, the report.
 */
const workflow = readYaml('.github/workflows/ci.yml');
const versions: { oldest: string; newest: string; hostPackages: string[] } = JSON.parse(
  readText('config/grafana-versions.json')
);
const steps = (job: string): Array<Record<string, any>> => workflow.jobs[job].steps;
const runs = (job: string) => steps(job).map((s) => String(s.run ?? ''));
const isStackUp = (run: string) => /^docker compose( -f \S+)* up\b/.test(run);

describe('CI workflow', () => {
  it('runs the README’s test command in the build job', () => {
    expect(readText('README.md')).toContain('bash .ci/run');
    expect(runs('build')).toContain('bash .ci/run');
  });

  it('runs the e2e specs on the versions config/grafana-versions.json names, read by a job step', () => {
    const read = steps('versions').find((s) => s.id === 'read');
    expect(workflow.jobs.versions.outputs.grafana).toBe('${{ steps.read.outputs.grafana }}');
    expect(workflow.jobs.e2e.needs).toEqual(expect.arrayContaining(['build', 'versions']));
    expect(workflow.jobs.e2e.strategy.matrix.grafana).toBe('${{ fromJSON(needs.versions.outputs.grafana) }}');
    // The step itself, run as the runner would: bash in the checkout, writing to $GITHUB_OUTPUT.
    const dir = mkdtempSync(join(tmpdir(), 'correlate-gh-output-'));
    try {
      const output = join(dir, 'output');
      execFileSync('bash', ['-e', '-c', String(read?.run)], {
        cwd: ROOT,
        env: {
          ...process.env,
          PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`,
          GITHUB_OUTPUT: output,
        },
      });
      const line = readFileSync(output, 'utf8').trim();
      expect(line.startsWith('grafana=')).toBe(true);
      expect(JSON.parse(line.slice('grafana='.length))).toEqual([versions.oldest, versions.newest]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const stack = steps('e2e').find((s) => isStackUp(String(s.run)));
    expect(stack?.env?.GRAFANA_VERSION).toBe('${{ matrix.grafana }}');
    expect(stack?.run).toMatch(/--wait\b/);
  });

  it('keeps the checked versions those of plugin.json and the development stack', () => {
    const nested = filesUnder('src', ['plugin.json']).map(
      (f) => JSON.parse(readText(f)).dependencies.grafanaDependency
    );
    expect(pluginJson.dependencies.grafanaDependency).toBe(`>=${versions.oldest}`);
    expect(nested).toEqual(nested.map(() => `>=${versions.oldest}`));
    expect(/GRAFANA_VERSION:-([\d.]+)\}/.exec(readText('docker-compose.yaml'))?.[1]).toBe(versions.newest);
    const [a, b] = [versions.oldest, versions.newest].map((v) => v.split('.').map(Number));
    expect(a[0] * 1e6 + a[1] * 1e3 + a[2]).toBeLessThanOrEqual(b[0] * 1e6 + b[1] * 1e3 + b[2]);
  });

  it('has levitate compare the packages Grafana supplies at run time', () => {
    // Grafana lends plugins these (webpack externals), so their version is Grafana's, not ours.
    const externals = readText('.config/bundler/externals.ts');
    const pkg = JSON.parse(readText('package.json'));
    for (const name of versions.hostPackages) {
      expect(externals).toContain(`/^${name.replace('/', '\\/')}/i`);
      expect(pkg.dependencies[name]).toBeDefined();
    }
    expect(readText('scripts/test-all.sh')).toMatch(/^node scripts\/levitate\/check\.mjs$/m);
  });

  it('names the oldest and the newest checked version in the README, and how they are checked', () => {
    const readme = readText('README.md');
    const section = readme.slice(readme.indexOf('## Supported Grafana versions'));
    const text = section.slice(0, section.indexOf('\n## ', 1));
    for (const word of [versions.oldest, versions.newest, 'levitate', 'React 18', 'e2e']) {
      expect(text).toContain(word);
    }
  });

  it('keeps the pictures of every page (browser/tests/pictures.spec.ts) after the build job, even when a check failed', () => {
    const upload = steps('build').find((s) => String(s.with?.path).startsWith('test-results/pictures'));
    expect(upload?.uses).toMatch(/^actions\/upload-artifact@/);
    expect(upload?.if).toBe('${{ !cancelled() }}');
    expect(readText('browser/tests/pictures.spec.ts')).toContain("'test-results/pictures'");
  });

  it('runs the specs on the build job’s dist/, after the stack is up, and uploads the report unless cancelled', () => {
    const order = runs('e2e');
    const download = steps('e2e').findIndex((s) => String(s.uses).startsWith('actions/download-artifact'));
    const up = order.findIndex(isStackUp);
    const e2e = order.indexOf('npm run e2e');
    expect(download).toBeGreaterThan(-1);
    expect(up).toBeGreaterThan(download);
    expect(e2e).toBeGreaterThan(up);
    // The artifact the build job uploaded, into the folder Grafana mounts.
    const uploaded = steps('build').find((s) => String(s.uses).startsWith('actions/upload-artifact'));
    expect(steps('e2e')[download].with).toEqual({ name: uploaded?.with?.name, path: 'dist' });
    expect(uploaded?.with?.path).toBe('dist');
    // The stack with the e2e additions, its plugin builder checking dist/ instead of building another.
    const files = [...order[up].matchAll(/-f (\S+)/g)].map((m) => m[1]);
    expect(files).toEqual(['docker-compose.yaml', 'tests/stack/compose.e2e.yaml', 'tests/stack/compose.ci.yaml']);
    const builder = readYaml('tests/stack/compose.ci.yaml').services['plugin-builder'].command.join(' ');
    expect(builder).toContain('test -s dist/module.js');
    expect(builder).not.toMatch(/npm (ci|run build)/);
    const embedHost = readYaml('tests/stack/compose.e2e.yaml').services.grafana;
    expect(embedHost.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toContain('correlate-embedtest-app');
    // A test that passed only on its retry still leaves its trace: upload whenever not cancelled.
    const upload = steps('e2e').find((s) => String(s.uses).startsWith('actions/upload-artifact'));
    expect(upload?.if).toBe('${{ !cancelled() }}');
    expect(upload?.with?.path).toContain('playwright-report/');
    // One credentials pair, the one plugin-e2e's login reads.
    const run = steps('e2e')[e2e].env;
    expect(Object.keys(run)).toEqual(expect.arrayContaining(['GRAFANA_ADMIN_USER', 'GRAFANA_ADMIN_PASSWORD']));
  });

  it('runs the broken-stack spec alone, keeping its own traces and report beside the main run’s', () => {
    const broken = steps('e2e').find((s) => String(s.run).includes('--grep @broken'))!;
    // Without --no-deps the auth project and the settings teardown (8 config specs) run again.
    expect(broken.run).toMatch(/--no-deps\b/);
    const output = /--output (\S+)/.exec(broken.run)?.[1];
    const report = broken.env?.PLAYWRIGHT_HTML_OUTPUT_DIR;
    expect(output).toBeDefined();
    expect(report).toBeDefined();
    expect([output, report]).not.toContain('test-results');
    expect([output, report]).not.toContain('playwright-report');
    // The main run writes the defaults (playwright.config.ts sets neither folder).
    expect(readText('playwright.config.ts')).not.toMatch(/outputDir|outputFolder/);
    const uploads = steps('e2e').filter((s) => String(s.uses).startsWith('actions/upload-artifact'));
    const paths = uploads.map((u) => String(u.with?.path));
    expect(paths.some((p) => p.includes(`${output}/`) && p.includes(`${report}/`))).toBe(true);
    expect(paths.some((p) => p.includes('test-results/') && p.includes('playwright-report/'))).toBe(true);
    const names = uploads.map((u) => u.with?.name);
    expect(new Set(names).size).toBe(names.length);
    expect(uploads.every((u) => u.if === '${{ !cancelled() }}')).toBe(true);
  });

  it('runs What changed on a short bad-deploy cycle the demo and the spec both read, within the job timeout', () => {
    const env: Record<string, string> = workflow.jobs.e2e.env;
    const every = Number(env.BAD_DEPLOY_EVERY_S);
    const offset = Number(env.BAD_DEPLOY_OFFSET_S);
    const length = Number(env.BAD_DEPLOY_LENGTH_S);
    expect(every).toBeLessThan(BAD_DEPLOY_SCHEDULE.everyS);
    // Every demo service gets the same values from compose as the spec gets from the job.
    const services = readYaml('docker-compose.yaml').services;
    for (const name of ['gateway', 'orders', 'payments', 'inventory', 'loadgen']) {
      const e = services[name].environment;
      for (const key of ['BAD_DEPLOY_EVERY_S', 'BAD_DEPLOY_OFFSET_S', 'BAD_DEPLOY_LENGTH_S']) {
        expect([name, e[key]]).toEqual([name, `\${${key}:-}`]);
      }
      expect([name, e.INCIDENT_EVERY_S]).toEqual([name, '${DEMO_INCIDENT_EVERY_S:-}']);
    }
    // No error bursts (demo/src/config.ts): the cycle below has no room to keep clear of them.
    expect(env.DEMO_INCIDENT_EVERY_S).toBe('0');
    const spec = readText('tests/changed.spec.ts');
    const into = Number(/const INTO_DEPLOY_S = (\d+);/.exec(spec)?.[1]);
    const after = Number(/const AFTER_DEPLOY_S = (\d+);/.exec(spec)?.[1]);
    expect(spec).toContain("env('BAD_DEPLOY_EVERY_S'");
    // Test 1 looks at the deploy while it runs, against the calm stretch before it (the previous cycle's).
    expect(length).toBeGreaterThan(into);
    expect(every - offset - length - after).toBeGreaterThanOrEqual(120);
    expect(offset - into).toBeGreaterThanOrEqual(offset + length + after - every);
    // Job timeout: changed.spec waits at most two cycles, plus ~3 min of work a test, run twice (one
    // retry); the stack and Chromium ~12 min; the broken run: payments restarted (its --wait-timeout)
    // and the @broken test's own timeout, twice.
    const brokenTestS =
      Number(
        /@broken[\s\S]*?test\.setTimeout\((\d[\d_]*)\)/.exec(readText('tests/health.spec.ts'))?.[1].replace(/_/g, '')
      ) / 1000;
    const restart = steps('e2e').find((s) => /--no-deps payments/.test(String(s.run)));
    const restartS = Number(/--wait-timeout (\d+)/.exec(String(restart?.run))?.[1]);
    const changedS = 2 * (2 * every + 2 * 180);
    const neededMin = (changedS + 12 * 60 + restartS + 2 * brokenTestS) / 60;
    expect(brokenTestS).toBeGreaterThan(0);
    expect(workflow.jobs.e2e['timeout-minutes']).toBeGreaterThanOrEqual(Math.ceil(neededMin));
  });
});
