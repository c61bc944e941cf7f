import { readFileSync } from 'node:fs';
import type { Env } from '../config.ts';

/**
 * The demo's environment in the CI e2e job: the variables .github/workflows/ci.yml sets, as
 * docker-compose.yaml hands them to the demo services (DEMO_INCIDENT_EVERY_S becomes INCIDENT_EVERY_S,
 * DEMO_REQUESTS_PER_SECOND the load generator's REQUESTS_PER_SECOND; BAD_DEPLOY_* pass through).
 * Read from the workflow itself, so the e2e facts follow it.
 */
const RENAMED: Record<string, string> = {
  DEMO_INCIDENT_EVERY_S: 'INCIDENT_EVERY_S',
  DEMO_REQUESTS_PER_SECOND: 'REQUESTS_PER_SECOND',
  BAD_DEPLOY_EVERY_S: 'BAD_DEPLOY_EVERY_S',
  BAD_DEPLOY_OFFSET_S: 'BAD_DEPLOY_OFFSET_S',
  BAD_DEPLOY_LENGTH_S: 'BAD_DEPLOY_LENGTH_S',
};

export function ciDemoEnv(workflow: string): Env {
  const env: Env = {};
  for (const m of workflow.matchAll(/^\s+([A-Z_]+):\s*'?([^'\s#]+)'?\s*$/gm)) {
    if (m[1] in RENAMED) {
      env[RENAMED[m[1]]] = m[2];
    }
  }
  if (!env.BAD_DEPLOY_EVERY_S) {
    throw new Error('The CI workflow sets no BAD_DEPLOY_EVERY_S for the e2e job: the demo facts need its schedule.');
  }
  return env;
}

export const readCiDemoEnv = () =>
  ciDemoEnv(readFileSync(new URL('../../../.github/workflows/ci.yml', import.meta.url), 'utf8'));
