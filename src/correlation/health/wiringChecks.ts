import { normalizeTraceId } from '../traceIdValue';
import { couldNotCheck, dataSourceLink, result } from './checks';
import { count, group, groupOf, nameList, percent, plural, shortName } from './format';
import {
  compileDerivedField,
  derivedFieldsOf,
  derivedFieldWindow,
  derivedValue,
  tryDerivedFields,
  type CompiledDerivedField,
  type DerivedField,
} from './derivedFields';
import type { SampledLine } from './sampledLines';
import type { CheckId, CheckLink, CheckResult, DetailRow, Fetched } from './types';

/**
 * Grafana's own wiring between the data sources, read from `GET /api/datasources/uid/:uid`
 * (grafana/grafana pkg/api/datasources.go GetDataSourceByUID: the data source's DTO with its
 * `jsonData`; 403 without `datasources:read`).
 */
export interface DataSourceSettings {
  uid?: string;
  name?: string;
  type?: string;
  jsonData: Record<string, unknown>;
}

export function dataSourceSettingsOf(body: unknown): DataSourceSettings | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return undefined;
  }
  const b = body as Record<string, unknown>;
  const jsonData = b.jsonData && typeof b.jsonData === 'object' && !Array.isArray(b.jsonData) ? b.jsonData : {};
  return {
    uid: typeof b.uid === 'string' ? b.uid : undefined,
    name: typeof b.name === 'string' ? b.name : undefined,
    type: typeof b.type === 'string' ? b.type : undefined,
    jsonData: jsonData as Record<string, unknown>,
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** "Could not check" for settings Grafana would not give: a 403 names the permission that is missing. */
function settingsUnreadable(
  id: CheckId,
  dataSource: string,
  settings: { error: string; status?: number },
  links: CheckLink[]
): CheckResult {
  const error =
    settings.status === 403
      ? `${settings.error}. Reading a data source’s settings needs the datasources:read permission (an admin has it)`
      : settings.error;
  return couldNotCheck(id, `Could not read the ${dataSource} data source’s settings`, error, links);
}

// ---- Tempo → Loki: traces to logs ----

export interface TraceToLogs {
  datasourceUid?: string;
  filterByTraceID?: boolean;
  customQuery?: boolean;
  query?: string;
}

/**
 * The trace-to-logs settings Grafana's trace view uses (@grafana/o11y-ds-frontend
 * TraceToLogs/TraceToLogsSettings getTraceToLogsOptions, 13.2.1; the same in 12.4): `tracesToLogsV2`,
 * else the pre-V2 `tracesToLogs` read as V2 (customQuery false). Newer Grafana also reads a
 * `tracesToLogsV3` list first; its first entry wins there.
 */
export function traceToLogsOf(jsonData: Record<string, unknown>): TraceToLogs | undefined {
  const v3 = jsonData.tracesToLogsV3;
  const source = (Array.isArray(v3) && v3.length ? v3[0] : undefined) ?? jsonData.tracesToLogsV2;
  if (source && typeof source === 'object') {
    const s = source as Record<string, unknown>;
    return {
      datasourceUid: str(s.datasourceUid),
      filterByTraceID: s.filterByTraceID === true,
      customQuery: s.customQuery === true,
      query: str(s.query),
    };
  }
  const legacy = jsonData.tracesToLogs;
  if (legacy && typeof legacy === 'object') {
    const l = legacy as Record<string, unknown>;
    return { datasourceUid: str(l.datasourceUid), filterByTraceID: l.filterByTraceID === true, customQuery: false };
  }
  return undefined;
}

/** A custom query filters by trace id when it uses the trace id of the span or trace (Grafana's link variables). */
const TRACE_ID_VARIABLE = /\$\{?__(?:trace|span)\.traceId\}?/;

export interface WiringInput {
  settings: Fetched<DataSourceSettings>;
  /** The uid of the data source this one should link to (Correlate's). */
  targetUid?: string;
  /** The uid of the data source whose settings these are. */
  ownUid?: string;
}

/** Tempo's traces-to-logs points at Correlate's Loki and filters by trace id. */
export function tempoToLokiCheck(input: WiringInput): CheckResult {
  const links = dataSourceLink(input.ownUid, 'Tempo');
  if (!input.settings.ok) {
    return settingsUnreadable('tempo-to-loki', 'Tempo', input.settings, links);
  }
  const t2l = traceToLogsOf(input.settings.value.jsonData);
  if (!t2l?.datasourceUid) {
    return result('tempo-to-loki', {
      state: 'broken',
      figure: 'Trace to logs is not set',
      cause:
        'Tempo’s trace view offers no “Logs for this span”: the Tempo data source has no trace-to-logs data source.',
      fix: 'In the Tempo data source’s settings, under Trace to logs, pick Correlate’s Loki and filter by trace id (or use a custom query such as {${__tags}} | trace_id="${__trace.traceId}").',
      links,
    });
  }
  const byTraceId = t2l.customQuery ? TRACE_ID_VARIABLE.test(t2l.query ?? '') : t2l.filterByTraceID === true;
  const how = t2l.customQuery ? 'custom query' : 'built-in query';
  const figure = `Trace to logs → ${shortName(t2l.datasourceUid)}, ${byTraceId ? 'by trace id' : 'not by trace id'} (${how})`;
  if (input.targetUid && t2l.datasourceUid !== input.targetUid) {
    return result('tempo-to-loki', {
      state: 'degraded',
      figure,
      cause: `Tempo links traces to the logs of another data source (uid \`${shortName(t2l.datasourceUid)}\`), not to Correlate’s Loki (uid \`${shortName(input.targetUid)}\`).`,
      fix: 'Pick the same Loki in the Tempo data source’s Trace to logs settings as in Correlate’s configuration.',
      links,
    });
  }
  if (!byTraceId) {
    return result('tempo-to-loki', {
      state: 'degraded',
      figure,
      cause: t2l.customQuery
        ? 'The custom trace-to-logs query does not use the trace id, so “Logs for this span” shows every log of the service in the time range.'
        : '“Filter by trace ID” is off, so “Logs for this span” shows every log of the service in the time range.',
      fix: t2l.customQuery
        ? 'Add a trace id filter to the query, for example | trace_id="${__trace.traceId}" for OpenTelemetry logs.'
        : 'Turn on “Filter by trace ID” in the Tempo data source’s Trace to logs settings, or use a custom query that filters on the trace_id structured metadata.',
      links,
    });
  }
  return result('tempo-to-loki', { state: 'ok', figure, links });
}

// ---- Loki → Tempo: derived fields ----

export { derivedFieldsOf, derivedValue, type DerivedField } from './derivedFields';

export interface LokiToTempoInput extends WiringInput {
  /** Sampled error lines that carry a trace id (Correlate's reading), to see whether Grafana links them. */
  lines: SampledLine[];
}

/** Loki's derived fields link log lines to Correlate's Tempo, for the lines that carry a trace id. */
export function lokiToTempoCheck(input: LokiToTempoInput): CheckResult {
  const links = dataSourceLink(input.ownUid, 'Loki');
  if (!input.settings.ok) {
    return settingsUnreadable('loki-to-tempo', 'Loki', input.settings, links);
  }
  const all = derivedFieldsOf(input.settings.value.jsonData);
  // Grafana groups derived fields by name; the first of each name decides how the value is found.
  const firstOfName = all.filter((f, i) => all.findIndex((g) => g.name === f.name) === i);
  const toTempo = all.filter((f) => f.datasourceUid && (!input.targetUid || f.datasourceUid === input.targetUid));
  const elsewhere = all.filter((f) => f.datasourceUid && input.targetUid && f.datasourceUid !== input.targetUid);
  if (toTempo.length === 0) {
    return result('loki-to-tempo', {
      state: 'broken',
      figure: all.length ? `${all.length} derived fields, none linking to Correlate’s Tempo` : 'No derived fields',
      cause: elsewhere.length
        ? `Loki’s derived fields link to another data source (uid ${nameList(elsewhere.map((f) => f.datasourceUid!))}), not to Correlate’s Tempo.`
        : 'Log lines in Explore and dashboards get no link to their trace: the Loki data source has no derived field pointing at Tempo.',
      fix: 'In the Loki data source’s settings add derived fields with an internal link to Tempo: type Label, regex trace_id (OpenTelemetry logs), and for JSON lines type Regex, "traceId":"(\\w+)".',
      links,
    });
  }
  const compiled = new Map<DerivedField, CompiledDerivedField>(
    toTempo.map((f) => [f, compileDerivedField(f.matcherRegex)])
  );
  const broken = toTempo.filter((f) => compiled.get(f)?.kind === 'invalid');
  const skipped = toTempo.filter((f) => compiled.get(f)?.kind === 'skipped');
  const usable = firstOfName.flatMap((field) => {
    const c = compiled.get(field);
    return c?.kind === 'ok' ? [{ field, re: c.re, cost: c.cost }] : [];
  });
  const window = derivedFieldWindow(usable.map((u) => u.cost));
  const { tried: withId, linked } = tryDerivedFields(
    input.lines.filter((l) => l.traceId),
    (l) => usable.some(({ field, re }) => normalizeTraceId(derivedValue(field, re, l, window)) === l.traceId)
  );
  const linkedCount = linked.filter(Boolean).length;
  const unlinkedByService = new Map<string, number>();
  for (const [i, l] of withId.entries()) {
    if (!linked[i]) {
      unlinkedByService.set(l.service, (unlinkedByService.get(l.service) ?? 0) + 1);
    }
  }
  const rows: DetailRow[] = toTempo.map((f) => {
    const c = compiled.get(f);
    return {
      name: f.name || '(unnamed)',
      figure: `${f.matcherType ?? 'regex'} ${shortName(f.matcherRegex)}`,
      state: c?.kind === 'invalid' ? 'broken' : c?.kind === 'skipped' ? 'unknown' : undefined,
      note:
        c?.kind === 'invalid'
          ? 'invalid regular expression'
          : c?.kind === 'skipped'
            ? `not tried: ${c.reason}`
            : undefined,
    };
  });
  const unlinked = [...unlinkedByService].sort((a, b) => b[1] - a[1]);
  const details = [
    group('Derived fields linking to Tempo', rows),
    groupOf('Services whose lines get no link', unlinked, ([service, n]) => ({
      name: service,
      figure: `${plural(n, 'line')} with a trace id but no link`,
      state: 'degraded',
    })),
  ];
  const coverage = withId.length
    ? `; ${count(linkedCount)} of ${plural(withId.length, 'sampled line')} with a trace id get a link (${percent(linkedCount, withId.length)})`
    : '';
  const untried = input.lines.filter((l) => l.traceId).length - withId.length;
  const partial = untried > 0 ? ` (${plural(untried, 'more line')} not tried, to keep the page responsive)` : '';
  const figure = `${plural(toTempo.length, 'derived field')} linking to Tempo${coverage}${partial}`;
  if (broken.length) {
    return result('loki-to-tempo', {
      state: 'degraded',
      figure,
      cause: `Derived field ${nameList(broken.map((f) => f.name))} has a regular expression that does not compile, so it links nothing.`,
      fix: 'Correct the regular expression in the Loki data source’s derived fields.',
      links,
      details,
    });
  }
  if (linkedCount < withId.length) {
    const services = [...unlinkedByService.keys()];
    return result('loki-to-tempo', {
      state: 'degraded',
      figure,
      cause: skipped.length
        ? `Lines of ${nameList(services)} carry a trace id that no derived field Correlate could try reads. Derived field ${nameList(skipped.map((f) => f.name))} was not tried (Correlate runs these regexes only on RE2, without lookaround or backreferences), so it may still link them.`
        : `Lines of ${nameList(services)} carry a trace id that no derived field reads, so Explore shows no trace link for them.`,
      fix: 'Add a derived field that reads their trace id: type Label for a structured-metadata field, type Regex with one capture group for an id in the text (for JSON, "traceId":"(\\w+)").',
      links,
      details,
    });
  }
  return result('loki-to-tempo', { state: 'ok', figure, links, details });
}

// ---- Prometheus → Tempo: exemplar links ----

export interface ExemplarDestination {
  name: string;
  datasourceUid?: string;
  url?: string;
}

/** `jsonData.exemplarTraceIdDestinations` (grafana-prometheus-datasource src/types.ts, 12.4 and v13.1.7). */
export function exemplarDestinationsOf(jsonData: Record<string, unknown>): ExemplarDestination[] {
  const list = Array.isArray(jsonData.exemplarTraceIdDestinations) ? jsonData.exemplarTraceIdDestinations : [];
  return list
    .filter((d): d is Record<string, unknown> => Boolean(d) && typeof d === 'object')
    .map((d) => ({ name: str(d.name) ?? '', datasourceUid: str(d.datasourceUid), url: str(d.url) }))
    .slice(0, 100);
}

export interface MetricsToTempoInput extends WiringInput {
  /** Trace-id label names the exemplars in the window carry. */
  exemplarLabels: string[];
}

/**
 * The metrics data source links exemplars to Tempo. Grafana links an exemplar through the destination
 * whose `name` equals the exemplar's label exactly (grafana-prometheus-datasource src/result_transformer.ts).
 */
export function metricsToTempoCheck(input: MetricsToTempoInput): CheckResult {
  const links = dataSourceLink(input.ownUid, 'Metrics data source');
  if (!input.settings.ok) {
    return settingsUnreadable('metrics-to-tempo', 'metrics', input.settings, links);
  }
  const all = exemplarDestinationsOf(input.settings.value.jsonData);
  const toTempo = all.filter((d) =>
    d.datasourceUid ? !input.targetUid || d.datasourceUid === input.targetUid : Boolean(d.url)
  );
  if (toTempo.length === 0) {
    return result('metrics-to-tempo', {
      state: 'broken',
      figure: all.length ? `${all.length} exemplar links, none to Correlate’s Tempo` : 'No exemplar links',
      cause:
        'Exemplars on graphs open no trace: the metrics data source has no exemplar trace-id destination pointing at Tempo.',
      fix: 'In the metrics data source’s settings, under Exemplars, add internal links to Tempo for the label names traceID (Tempo’s metrics-generator) and trace_id (OpenTelemetry SDKs).',
      links,
    });
  }
  const names = new Set(toTempo.map((d) => d.name));
  const uncovered = input.exemplarLabels.filter((l) => !names.has(l));
  const figure = `Exemplar links to Tempo for ${nameList([...names])}`;
  if (uncovered.length) {
    return result('metrics-to-tempo', {
      state: 'degraded',
      figure,
      cause: `The exemplars in this window carry their trace id under ${nameList(uncovered)}, which no exemplar link names (Grafana matches the label name exactly).`,
      fix: `Add an exemplar destination named ${nameList(uncovered)} with an internal link to Tempo.`,
      links,
    });
  }
  return result('metrics-to-tempo', { state: 'ok', figure, links });
}
