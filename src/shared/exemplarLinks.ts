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
  };
}

/** A copy of `frame` with the given rows only (fields and their config copied, values sliced). */
function pickRows(frame: DataFrame, rows: ExemplarRow[]): DataFrame {
  return {
    ...frame,
    meta: { ...frame.meta, dataTopic: DataTopic.Annotations },
    length: rows.length,
    fields: frame.fields.map((f) => ({
      ...f,
      config: { ...f.config },
      values: rows.map((r) => f.values[r.index]),
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
    const withLinks = pickRows(frame, linked);
    const field = idField(withLinks)!;
    field.values = linked.map((r) => r.traceId);
    const link: DataLink = {
      title: EXEMPLAR_LINK_TITLE,
      url: traceLinkTemplate({ service, range: context.range, dataSources: context.dataSources }),
    };
    field.config.links = [link];
    out.push(withLinks);
  }
  if (unlinked.length > 0) {
    const withoutLinks = pickRows(frame, unlinked);
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
