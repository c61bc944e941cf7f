/** The Grafana the specs drive: `GRAFANA_URL`, else the development stack's. */
export function grafanaUrl(): string {
  return (process.env.GRAFANA_URL || 'http://localhost:3000').replace(/\/+$/, '');
}
