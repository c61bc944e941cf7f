import { SceneQueryRunner, type SceneObject } from '@grafana/scenes';
import type { DataQuery } from '@grafana/schema';

/**
 * Runners the pages start themselves instead of waiting for a panel to render: an investigation
 * must send every independent request at once. Scenes counts activations, so a panel that renders
 * later shares the same running query.
 */
export function startRunner(runner: SceneQueryRunner): () => void {
  return runner.activate();
}

export function queryRunner(
  datasource: { uid: string },
  queries: Array<DataQuery & Record<string, unknown>>,
  maxDataPoints?: number
) {
  return new SceneQueryRunner({ datasource, queries, maxDataPoints });
}

/** Interpolates a data source variable (`${metrics}`) in the context of a scene object. */
export function dataSourceUidOf(
  object: SceneObject,
  variableRef: string,
  interpolate: (o: SceneObject, s: string) => string
) {
  const uid = interpolate(object, variableRef);
  return uid && uid !== variableRef ? uid : undefined;
}
