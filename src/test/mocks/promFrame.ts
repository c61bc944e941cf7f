import { FieldType, createDataFrame, type DataFrame } from '@grafana/data';

/** A Prometheus range-query series as Grafana's Prometheus data source returns it. */
export function promSeries(refId: string, labels: Record<string, string>, points: Array<[number, number]>): DataFrame {
  return createDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: points.map((p) => p[0]) },
      { name: 'Value', type: FieldType.number, values: points.map((p) => p[1]), labels },
    ],
  });
}

/** Series for every service a RED request's queries name (as the query writes it, escaped). */
export function redAnswer(
  targets: Array<{ refId: string; expr: string }>,
  label: string,
  values: Record<string, number>,
  t0: number
): DataFrame[] {
  return targets.flatMap((t) =>
    Object.entries(values)
      .filter(([service]) => t.expr.includes(`${label}=`) && t.expr.includes(JSON.stringify(service).slice(1, -1)))
      .map(([service, v]) =>
        promSeries(t.refId, { [label]: service }, [
          [t0, v],
          [t0 + 60_000, v],
        ])
      )
  );
}
