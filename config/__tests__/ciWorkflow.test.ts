import pluginJson from '../../src/plugin.json';
import { readText, readYaml } from './stackFiles';

/**
 * The GitHub Actions workflow is what runs the e2e specs (no Docker engine runs where these tests
 * run), so its shape is checked here: the supported versions, the README's test command, the report.
 */
const workflow = readYaml('.github/workflows/ci.yml');
const steps = (job: string): Array<Record<string, any>> => workflow.jobs[job].steps;
const runs = (job: string) => steps(job).map((s) => String(s.run ?? ''));

describe('CI workflow', () => {
  it('runs the README’s test command in the build job', () => {
    expect(readText('README.md')).toContain('bash .ci/run');
    expect(runs('build')).toContain('bash .ci/run');
  });

  it('runs the e2e specs on the oldest and the newest supported Grafana', () => {
    const oldest = /^>=(\d+\.\d+\.\d+)$/.exec(pluginJson.dependencies.grafanaDependency)?.[1];
    const newest = /GRAFANA_VERSION:-([\d.]+)\}/.exec(readText('docker-compose.yaml'))?.[1];
    expect(workflow.jobs.e2e.strategy.matrix.grafana).toEqual([oldest, newest]);
    const stack = steps('e2e').find((s) => String(s.run).startsWith('docker compose up'));
    expect(stack?.env?.GRAFANA_VERSION).toBe('${{ matrix.grafana }}');
    expect(stack?.run).toMatch(/--wait\b/);
  });

  it('runs the specs after the stack is up and uploads the Playwright report on failure', () => {
    const order = runs('e2e');
    const up = order.findIndex((r) => r.startsWith('docker compose up'));
    const e2e = order.indexOf('npm run e2e');
    expect(up).toBeGreaterThan(-1);
    expect(e2e).toBeGreaterThan(up);
    const upload = steps('e2e').find((s) => String(s.uses).startsWith('actions/upload-artifact'));
    expect(upload?.if).toBe('failure()');
    expect(upload?.with?.path).toContain('playwright-report/');
  });
});
