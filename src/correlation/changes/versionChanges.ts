import { countText, percentText } from './format';
import { rateChange } from './score';
import type { SpanCounts } from './spanCounts';
import type { ChangeRow } from './types';
import { fallbackLink, MAX_ATTRIBUTE_ROWS, unscoped, type SpanChangesInput } from './attributeChanges';

/**
 * `service.version` values whose share of the spans changed: a version that appears (a deploy) or
 * disappears is the first suspect. A version that appeared while others disappeared is one row (the
 * deploy), naming what it replaced. Pure.
 */

const VERSION = 'service.version';
/** Replaced versions a deploy row names; the rest are counted (10,000 made an 88,930-character title). */
const NAMED_REPLACED = 3;
/** A version longer than this is cut in a title (the full value stays in the row's query). */
const VERSION_TEXT = 60;

const versionText = (v: string) => (v.length > VERSION_TEXT ? `${v.slice(0, VERSION_TEXT - 1)}…` : v);

function versionAttribute(counts: SpanCounts): string | undefined {
  return [...counts.attributes.keys()].find((name) => unscoped(name) === VERSION);
}

export function versionChanges(input: SpanChangesInput): ChangeRow[] {
  const { incident, baseline, services } = input;
  const incName = versionAttribute(incident);
  const baseName = versionAttribute(baseline);
  const inc = incName ? incident.attributes.get(incName) : undefined;
  const base = baseName ? baseline.attributes.get(baseName) : undefined;
  if (!inc || !base) {
    return [];
  }
  const spans = (a: typeof inc) => [...a.values.values()].reduce((s, v) => s + v.total, 0);
  const incSpans = spans(inc);
  const baseSpans = spans(base);
  if (incSpans <= 0 || baseSpans <= 0) {
    return [];
  }
  const attribute = incName ?? VERSION;
  const who = services.length === 1 ? `${services[0]}: ` : '';
  const share = (n: number, total: number) =>
    n > 0 ? `${percentText(n / total)} of spans (${countText(n, 'spans')})` : 'not seen';
  const rows: ChangeRow[] = [];
  for (const value of new Set([...inc.values.keys(), ...base.values.keys()])) {
    const i = inc.values.get(value)?.total;
    const b = base.values.get(value)?.total;
    // A value one side left out of its most frequent values is unknown there, not absent.
    if ((i === undefined && inc.truncated) || (b === undefined && base.truncated)) {
      continue;
    }
    const s = rateChange({ count: i ?? 0, exposure: incSpans }, { count: b ?? 0, exposure: baseSpans });
    if (s.score <= 0) {
      continue;
    }
    const appeared = !b;
    const disappeared = !i;
    const what = appeared ? 'appeared' : disappeared ? 'disappeared' : s.direction === 'up' ? 'grew' : 'shrank';
    const type = inc.values.get(value)?.type ?? base.values.get(value)?.type ?? 'string';
    const query = input.tracesQuery({ attribute, value, type });
    rows.push({
      id: `version:${value}`,
      kind: 'version',
      title: `${who}service.version ${versionText(value)} ${what}`,
      service: services.length === 1 ? services[0] : undefined,
      baselineText: share(b ?? 0, baseSpans),
      incidentText: share(i ?? 0, incSpans),
      baselineValue: (b ?? 0) / baseSpans,
      incidentValue: (i ?? 0) / incSpans,
      score: s.score,
      direction: s.direction,
      ratio: s.ratio,
      appeared,
      disappeared,
      link: query ? { to: 'traces', query } : fallbackLink(services),
    });
  }
  // A deploy is one row: the strongest version that appeared, naming those that disappeared; the
  // versions it took spans from are part of the same change.
  const newest = rows.filter((r) => r.appeared).sort((a, b) => b.score - a.score)[0];
  if (!newest) {
    return rows.sort((a, b) => b.score - a.score).slice(0, MAX_ATTRIBUTE_ROWS);
  }
  const gone = rows
    .filter((r) => r.disappeared)
    .sort((a, b) => b.score - a.score)
    .map((r) => versionText(r.id.slice('version:'.length)));
  if (gone.length) {
    const named = gone.slice(0, NAMED_REPLACED).join(', ');
    const more = gone.length > NAMED_REPLACED ? ` and ${countText(gone.length - NAMED_REPLACED, 'more')}` : '';
    newest.title += ` (replacing ${named}${more})`;
  }
  return rows
    .filter((r) => r.appeared || r.direction === 'up')
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_ATTRIBUTE_ROWS);
}
