/**
 * What Loki adds to an entry's structured metadata at ingestion from `discover_generic_fields`.
 * Reproduces grafana/loki pkg/distributor/field_detection.go (v3.7.6; unchanged up to the 3.7.7
 * release commit): FieldDetector.extractGenericField, detectGenericFieldFromLogEntry, isJSON,
 * getValueUsingJSONParser, getValueUsingLogfmtParser, called for every pushed entry (push API and
 * OTLP alike) in Distributor.PushWithResolver (pkg/distributor/distributor.go), and only while
 * `allow_structured_metadata` is on (shouldDiscoverGenericFields). Quirks kept: each hint is
 * looked up by exact name in the stream labels, then in the structured metadata the entry already
 * has, then in the line; a field already present is added again (nothing checks the target name);
 * in a JSON line a hint is a path (`a.b`) and the first hint found wins; in a logfmt line keys
 * compare case-insensitively and the earliest hint wins. JSON paths with brackets are not covered.
 */

export interface LokiLimits {
  allow_structured_metadata?: boolean;
  discover_generic_fields?: { fields?: Record<string, string[]> };
}

export interface PushedEntry {
  streamLabels: Record<string, string>;
  structuredMetadata: Array<[string, string]>;
  line: string;
}

/** Loki's isJSON: the first and last non-space characters are `{` and `}`. */
function isJSON(line: string): boolean {
  const t = line.trim();
  return t.startsWith('{') && t.endsWith('}');
}

/** jsonparser.Get on a dotted path: a string's raw text, any other value's JSON text. */
function jsonValue(line: string, hints: string[]): string {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return '';
  }
  for (const hint of hints) {
    let node: unknown = doc;
    for (const key of hint.split('.')) {
      node =
        node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
    }
    if (node !== undefined) {
      return typeof node === 'string' ? node : JSON.stringify(node);
    }
  }
  return '';
}

/** Loki's logfmt scan: `key=value` or `key="quoted value"` pairs. */
function logfmtValue(line: string, hints: string[]): string {
  let best = hints.length;
  let value = '';
  for (const m of line.matchAll(/([^\s=]+)=("((?:[^"\\]|\\.)*)"|\S*)/g)) {
    const i = hints.findIndex((h) => h.toLowerCase() === m[1].toLowerCase());
    if (i >= 0 && i < best) {
      best = i;
      value = m[3] !== undefined ? m[3] : m[2];
    }
  }
  return value;
}

function lineValue(line: string, hints: string[]): string {
  if (isJSON(line)) {
    return jsonValue(line, hints);
  }
  return line.includes('=') ? logfmtValue(line, hints) : '';
}

/** The entry's structured metadata after Loki's generic field discovery. */
export function discoverGenericFields(limits: LokiLimits, entry: PushedEntry): Array<[string, string]> {
  const fields = limits.discover_generic_fields?.fields ?? {};
  const out = [...entry.structuredMetadata];
  // allow_structured_metadata defaults to true (-validation.allow-structured-metadata).
  if (limits.allow_structured_metadata === false || Object.keys(fields).length === 0) {
    return out;
  }
  const metadata = new Map(entry.structuredMetadata);
  for (const [name, hints] of Object.entries(fields)) {
    const fromLabels = hints.find((h) => h in entry.streamLabels);
    const fromMetadata = hints.find((h) => metadata.has(h));
    const value =
      fromLabels !== undefined
        ? entry.streamLabels[fromLabels]
        : fromMetadata !== undefined
          ? metadata.get(fromMetadata)!
          : lineValue(entry.line, hints);
    if (value !== '') {
      out.push([name, value]);
    }
  }
  return out;
}
