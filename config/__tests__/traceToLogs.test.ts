import type { SyntaxNode } from '@lezer/common';
import { parser } from '@grafana/lezer-logql';
import { lokiPayload } from '../../demo/src/lokiPush';
import { discoverGenericFields, type PushedEntry } from './lokiFieldDetection';
import { readYaml } from './stackFiles';

/**
 * Grafana's "logs for this span" (the Tempo data source's traces-to-logs) must find the lines of a
 * trace in Loki for both ways the demo logs: OTLP (trace_id arrives as structured metadata) and
 * JSON lines pushed by the inventory service ("traceId" only in the text, until Loki's
 * discover_generic_fields copies it into trace_id structured metadata).
 */

const loki = readYaml('config/loki.yaml');
const tempoDs = readYaml('provisioning/datasources/datasources.yaml').datasources.find((d: any) => d.type === 'tempo');

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER_TRACE = '0af7651916cd43dd8448eb211c80319c';

/** Entries of the demo's inventory push, as Loki's push API receives them (no structured metadata). */
function inventoryEntries(traceId: string | undefined): PushedEntry[] {
  const payload = lokiPayload('inventory', [
    {
      timeMs: Date.UTC(2026, 10, 24, 10),
      level: 'error',
      message: 'stock database lock wait',
      traceId,
      spanId: '00f067aa0ba902b7',
    },
  ]);
  return payload.streams.flatMap((s) =>
    s.values.map(([, line]) => ({ streamLabels: s.stream, structuredMetadata: [], line }))
  );
}

/** An OTLP log as Loki stores it: pkg/loghttp/push/otlp.go (v3.7.6) puts trace_id and span_id in structured metadata. */
function otlpEntry(traceId: string): PushedEntry {
  return {
    streamLabels: { service_name: 'orders', service_namespace: 'shop' },
    structuredMetadata: [
      ['trace_id', traceId],
      ['span_id', '00f067aa0ba902b7'],
      ['severity_text', 'ERROR'],
    ],
    line: 'upstream returned 503 for order 42 after 3 retries',
  };
}

/**
 * The Loki query Grafana runs for a span: provisioning turns `$$` into `$`, then a custom query is
 * used as written with ${__tags} (the mapped span tags, `name="value"` joined by ", ") and
 * ${__trace.traceId} (the span's trace id) interpolated.
 */
function logsForSpan(span: { serviceName: string; traceId: string }): string {
  const t = tempoDs.jsonData.tracesToLogsV2;
  expect(t.customQuery).toBe(true);
  const tags = (t.tags as Array<{ key: string; value?: string }>)
    .filter((tag) => tag.key === 'service.name')
    .map((tag) => `${tag.value || tag.key}="${span.serviceName}"`)
    .join(', ');
  return String(t.query).replace(/\$\$/g, '$').replace('${__tags}', tags).replace('${__trace.traceId}', span.traceId);
}

/**
 * Whether a stored entry is returned by a LogQL query made of a stream selector and label filters,
 * all equality matchers (what the provisioned query holds); anything else fails the test.
 */
function selects(query: string, entry: PushedEntry): boolean {
  const tree = parser.parse(query);
  const selector: Array<[string, string]> = [];
  const filters: Array<[string, string]> = [];
  const text = (n: SyntaxNode | null) => (n ? query.slice(n.from, n.to) : '');
  tree.iterate({
    enter: (ref) => {
      expect([ref.name, ref.type.isError]).toEqual([ref.name, false]);
      if (ref.name === 'Matcher') {
        const node = ref.node;
        expect(text(node.getChild('Eq'))).toBe('=');
        const pair: [string, string] = [text(node.getChild('Identifier')), JSON.parse(text(node.getChild('String')))];
        (node.parent?.name === 'LabelFilter' ? filters : selector).push(pair);
      }
      expect(['LineFilter', 'LineFilters', 'Parser', 'JsonExpressionParser', 'LogfmtParser']).not.toContain(ref.name);
    },
  });
  expect(selector.length).toBeGreaterThan(0);
  const metadata = new Map(entry.structuredMetadata);
  return (
    selector.every(([k, v]) => entry.streamLabels[k] === v) &&
    filters.every(([k, v]) => (entry.streamLabels[k] ?? metadata.get(k)) === v)
  );
}

/** The entry as Loki stores it, after ingestion with the stack's limits. */
const stored = (entry: PushedEntry): PushedEntry => ({
  ...entry,
  structuredMetadata: discoverGenericFields(loki.limits_config, entry),
});

describe('traces to logs in the development stack', () => {
  it('Loki copies the JSON "traceId" of pushed lines into trace_id structured metadata', () => {
    expect(loki.limits_config.allow_structured_metadata).toBe(true);
    const fields = loki.limits_config.discover_generic_fields?.fields;
    expect(fields?.trace_id).toContain('traceId');
    for (const entry of inventoryEntries(TRACE)) {
      expect(stored(entry).structuredMetadata).toEqual([['trace_id', TRACE]]);
    }
  });

  it('does not list trace_id itself as a hint: OTLP lines, which carry it, would get it twice', () => {
    expect(loki.limits_config.discover_generic_fields.fields.trace_id).not.toContain('trace_id');
    const ids = stored(otlpEntry(TRACE)).structuredMetadata.filter(([k]) => k === 'trace_id');
    expect(ids).toEqual([['trace_id', TRACE]]);
  });

  it('Grafana’s logs for an inventory span find its pushed JSON line, and no other trace’s', () => {
    const query = logsForSpan({ serviceName: 'inventory', traceId: TRACE });
    expect(query).toBe(`{service_name="inventory"} | trace_id="${TRACE}"`);
    for (const entry of inventoryEntries(TRACE)) {
      expect(selects(query, stored(entry))).toBe(true);
    }
    for (const entry of inventoryEntries(OTHER_TRACE)) {
      expect(selects(query, stored(entry))).toBe(false);
    }
  });

  it('Grafana’s logs for an OTLP-logging span find its OTLP lines, and no other trace’s', () => {
    const query = logsForSpan({ serviceName: 'orders', traceId: TRACE });
    expect(selects(query, stored(otlpEntry(TRACE)))).toBe(true);
    expect(selects(query, stored(otlpEntry(OTHER_TRACE)))).toBe(false);
  });

  it('a pushed line without a usable traceId gets no trace_id, and is not found', () => {
    const query = logsForSpan({ serviceName: 'inventory', traceId: TRACE });
    const broken: PushedEntry[] = [
      ...inventoryEntries(undefined),
      { streamLabels: { service_name: 'inventory' }, structuredMetadata: [], line: `{"traceId": "${TRACE}"` },
      { streamLabels: { service_name: 'inventory' }, structuredMetadata: [], line: `plain text ${TRACE}` },
      { streamLabels: { service_name: 'inventory' }, structuredMetadata: [], line: '' },
    ];
    for (const entry of broken) {
      expect(stored(entry).structuredMetadata).toEqual([]);
      expect(selects(query, stored(entry))).toBe(false);
    }
  });
});
