/**
 * The one pair of Grafana credentials the e2e run uses: plugin-e2e logs in with
 * GRAFANA_ADMIN_USER / GRAFANA_ADMIN_PASSWORD (its options.js, default admin / admin), and the
 * readiness checks and the specs' API calls read the same variables.
 */
export interface Credentials {
  user: string;
  password: string;
}

export function adminCredentials(): Credentials {
  return {
    user: process.env.GRAFANA_ADMIN_USER || 'admin',
    password: process.env.GRAFANA_ADMIN_PASSWORD || 'admin',
  };
}

export function basicAuth({ user, password }: Credentials = adminCredentials()): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** Where plugin-e2e's login writes the signed-in state (fixtures/commands/login.js). */
export function authStatePath({ user }: Credentials = adminCredentials()): string {
  return `playwright/.auth/${user}.json`;
}
