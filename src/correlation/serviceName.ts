/**
 * OTLP translation (Prometheus, Mimir) writes `job` as `<service.namespace>/<service.name>`, or the
 * name alone without a namespace. The service is what follows the first `/`, as the RED queries
 * match it (`src/queries/promql.ts`), so a name that itself holds a `/` survives.
 */
export function serviceOfJob(job: string): string {
  return job.slice(job.indexOf('/') + 1);
}
