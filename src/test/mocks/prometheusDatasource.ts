// Reproduces grafana-prometheus-datasource packages/grafana-prometheus/src/datasource.ts query() without
// incremental querying (jsonData.incrementalQuerying, off by default): one backend call for every target,
// then src/result_transformer.ts transformV2: series frames get preferredVisualisationType "graph",
// exemplar frames move to the annotations topic (and so out of the panel's series). Grafana 12.4
// (in-tree, main at the 12.4 branch cut) and 13.2 (v13.1.7) alike. Not reproduced: table format, heatmaps.
import { DataTopic, type DataFrame, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { map, type Observable } from 'rxjs';
import { callBackend, toQueryResponse, type Backend } from './backendQuery';

export function prometheusQuery(request: DataQueryRequest, backend: Backend): Observable<DataQueryResponse> {
  const targets = request.targets.filter((t) => !t.hide);
  const range = { fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() };
  return callBackend(backend, targets, range).pipe(
    map((answer) => {
      const response = toQueryResponse(answer as DataFrame[] | Error, targets);
      const frames = response.data as DataFrame[];
      const isExemplar = (f: DataFrame) => f.meta?.custom?.resultType === 'exemplar';
      return {
        ...response,
        data: [
          ...frames
            .filter((f) => !isExemplar(f))
            .map((f) => ({ ...f, meta: { ...f.meta, preferredVisualisationType: 'graph' as const } })),
          ...frames.filter(isExemplar).map((f) => ({ ...f, meta: { ...f.meta, dataTopic: DataTopic.Annotations } })),
        ],
      };
    })
  );
}
