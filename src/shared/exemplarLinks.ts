import { map } from 'rxjs';
import { DataTopic, type DataFrame, type DataLink, type Field } from '@grafana/data';
import type { CustomTransformerDefinition } from '@grafana/scenes';
import { traceLinkTemplate, type UrlDataSources, type UrlTimeRange } from '../app/urls';
import { exemplarRows, isExemplarFrame, type ExemplarRow, type ExemplarSource } from '../correlation/exemplars';
import type { RedProfile } from '../queries/redProfiles';
import { EXEMPLAR_LINK_TITLE } from './linkTitles';

/** What an exemplar link carries besides the trace id and its time. */
export interface ExemplarLinkContext {
  /** The graph's range, where Tempo looks for the trace. */
  range?: UrlTimeRange;
  dataSources?: UrlDataSources;
}

/** How a RED metric family writes its exemplars. */
export function exemplarSourceOf(profile: RedProfile): ExemplarSource {
  return {
    traceIdLabel: profile.exemplarTraceIdLabel,
    serviceLabel: profile.serviceLabel,
    namespacedJob: profile.namespacedJob,
    idsTrimmed: profile.exemplarIdsTrimmed,
    valueUnit: profile.durationUnit,
  };
}

/**
 * A copy of `frame` with the given rows only (fields and their config copied, values sliced), its `Value`
 * in seconds like the p95 axis. An exemplar's value is the observation in the histogram's unit: the
 * collector's spanmetrics connector observes ms (opentelemetry-collector-contrib connector/spanmetricsconnector
 * `p.addExemplar(span, duration, h)`), and Grafana copies it unchanged (grafana-prometheus-datasource
 * pkg/promlib/converter/prom.go readLabelsOrExemplars, "value"); the time series panel clamps a marker above
 * the axis to its top (ExemplarsPlugin.tsx mapExemplarToXYCoords).
 */
function pickRows(frame: DataFrame, rows: ExemplarRow[], valueUnit: ExemplarSource['valueUnit']): DataFrame {
  const scale = valueUnit === 'ms' ? 1 / 1000 : 1;
  return {
    ...frame,
    meta: { ...frame.meta, dataTopic: DataTopic.Annotations },
    length: rows.length,
    fields: frame.fields.map((f) => ({
      ...f,
      config: { ...f.config },
      values: rows.map((r) => {
        const v = f.values[r.index];
        return f.name === 'Value' && scale !== 1 && typeof v === 'number' ? v * scale : v;
      }),
    })),
  };
}

/**
 * The exemplars of one service, as annotation frames a time series panel draws: those with a valid trace
 * id in a frame whose trace-id field holds the id in normal form and links to Correlate's trace
 * investigation (replacing the data source's links into Explore); the others in a frame without links.
 */
export function serviceExemplarFrames(
  frame: DataFrame,
  source: ExemplarSource,
  service: string,
  context: ExemplarLinkContext
): DataFrame[] {
  const rows = exemplarRows(frame, source).filter((r) => r.service === service);
  const linked = rows.filter((r) => r.traceId);
  const unlinked = rows.filter((r) => !r.traceId);
  const out: DataFrame[] = [];
  const idField = (f: DataFrame) => f.fields.find((x: Field) => x.name === source.traceIdLabel);
  if (linked.length > 0) {
    const withLinks = pickRows(frame, linked, source.valueUnit);
    const field = idField(withLinks)!;
    field.values = linked.map((r) => r.traceId);
    const link: DataLink = {
      title: EXEMPLAR_LINK_TITLE,
      url: traceLinkTemplate({ service, lookupRange: context.range, dataSources: context.dataSources }),
    };
    field.config.links = [link];
    out.push(withLinks);
  }
  if (unlinked.length > 0) {
    const withoutLinks = pickRows(frame, unlinked, source.valueUnit);
    const field = idField(withoutLinks);
    if (field) {
      field.config.links = [];
    }
    out.push(withoutLinks);
  }
  return out;
}

/**
 * The annotations transformation of one RED panel. Exemplars ride on the duration query, whose annotations
 * all three panels of a service share: the p95 panel (`service` given) keeps that service's exemplars with
 * Correlate links, the others drop them. Other annotations (the trace's moment) pass unchanged.
 */
export function exemplarAnnotations(
  source: ExemplarSource,
  service: string | undefined,
  context: () => ExemplarLinkContext
): CustomTransformerDefinition {
  return {
    topic: DataTopic.Annotations,
    operator: () => (frames$) =>
      frames$.pipe(
        map((frames: DataFrame[]) =>
          frames.flatMap((frame) => {
            if (!isExemplarFrame(frame)) {
              return [frame];
            }
            return service === undefined ? [] : serviceExemplarFrames(frame, source, service, context());
          })
        )
      ),
  };
}
