// Reproduces grafana-prometheus-datasource packages/grafana-prometheus/src/datasource.ts query() without
// incremental querying (jsonData.incrementalQuerying, off by default): one backend call for every target,
// each target's `exemplar` flag decided by shouldRunExemplarQuery (kept only when no earlier target of the
// request names the same `_bucket` histogram the language provider knows); then src/result_transformer.ts
// transformV2: series frames get preferredVisualisationType "graph", exemplar frames move to the annotations
// topic (and so out of the panel's series) with the data source's exemplarTraceIdDestinations as internal
// links on the trace-id field (getDataLinks). Grafana 12.4 (in-tree, main at the 12.4 branch cut) and 13.2
// (v13.1.7) alike. Not reproduced: table format, heatmaps, the language provider's metric lookup itself.
import { DataTopic, type DataFrame, type DataLink, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { map, type Observable } from 'rxjs';
import { callBackend, toQueryResponse, type Backend } from './backendQuery';
import { withMimirLimits, type LimitObservation, type MimirLimits, type SeriesStore } from './limits/mimirLimits';

/** jsonData.exemplarTraceIdDestinations of the data source. */
export interface ExemplarDestination {
  name: string;
  datasourceUid?: string;
  url?: string;
  urlDisplayLabel?: string;
}

export interface PrometheusOptions {
  exemplarTraceIdDestinations?: ExemplarDestination[];
  /** The `_bucket` metric names the language provider has loaded (none until it has). */
  histogramMetrics?: string[];
  /** Answer as Mimir does: its query limits over these stored series (src/test/mocks/limits/mimirLimits.ts). */
  mimir?: { limits?: MimirLimits; store?: SeriesStore; observe?: (o: LimitObservation) => void };
}

type PromTarget = { refId: string; expr?: string; hide?: boolean; exemplar?: boolean };

function shouldRunExemplarQuery(target: PromTarget, targets: PromTarget[], histogramMetrics: string[]): boolean {
  if (!target.exemplar) {
    return false;
  }
  const expr = target.expr ?? '';
  const metricName = histogramMetrics.find((m) => expr.includes(m));
  const before = targets
    .slice(
      0,
      targets.findIndex((t) => t.refId === target.refId)
    )
    .filter((t) => !t.hide);
  return !metricName || !before.some((t) => (t.expr ?? '').includes(metricName));
}

function exemplarLinks(destination: ExemplarDestination): DataLink[] {
  const links: DataLink[] = [];
  const ds = destination.datasourceUid ? getDataSourceSrv().getInstanceSettings(destination.datasourceUid) : undefined;
  if (destination.datasourceUid && ds) {
    links.push({
      title: destination.urlDisplayLabel || `Query with ${ds.name}`,
      url: '',
      internal: {
        query: { query: '${__value.raw}', queryType: 'traceql' } as never,
        panelsState: { trace: { spanId: '${__data.fields["span_id"]}' } } as never,
        datasourceUid: destination.datasourceUid,
        datasourceName: ds.name ?? 'Data source not found',
      },
    });
  }
  if (destination.url) {
    links.push({
      title: destination.urlDisplayLabel || `Go to ${destination.url}`,
      url: destination.url,
      targetBlank: true,
    });
  }
  return links;
}

export function prometheusQuery(
  request: DataQueryRequest,
  backend: Backend,
  opts: PrometheusOptions = {}
): Observable<DataQueryResponse> {
  const visible = request.targets.filter((t) => !t.hide) as PromTarget[];
  const targets = visible.map((t) => ({
    ...t,
    exemplar: shouldRunExemplarQuery(t, request.targets as PromTarget[], opts.histogramMetrics ?? []),
  }));
  const range = { fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() };
  const mimir = opts.mimir;
  const served = mimir
    ? {
        ...backend,
        respond: withMimirLimits(backend.respond, mimir.limits, { store: mimir.store, observe: mimir.observe }),
      }
    : backend;
  return callBackend(served, targets, range).pipe(
    map((answer) => {
      const response = toQueryResponse(answer as DataFrame[] | Error, targets);
      const frames = response.data as DataFrame[];
      const isExemplar = (f: DataFrame) => f.meta?.custom?.resultType === 'exemplar';
      const destinations = opts.exemplarTraceIdDestinations ?? [];
      return {
        ...response,
        data: [
          ...frames
            .filter((f) => !isExemplar(f))
            .map((f) => ({ ...f, meta: { ...f.meta, preferredVisualisationType: 'graph' as const } })),
          ...frames.filter(isExemplar).map((f) => {
            for (const destination of destinations) {
              const field = f.fields.find((x) => x.name === destination.name);
              if (field) {
                const links = exemplarLinks(destination);
                field.config.links = field.config.links?.length ? [...field.config.links, ...links] : links;
              }
            }
            return { ...f, meta: { ...f.meta, dataTopic: DataTopic.Annotations } };
          }),
        ],
      };
    })
  );
}
