import type { CauseAnalysis, CauseGroup } from './cause';
import { edgePoints } from './edgeChanges';
import { percentText, secondsText } from './format';
import type { ChangeRow } from './types';

/**
 * The sentence at the top of What changed and of the copied summary: the probable cause with its
 * chain of evidence ("shipping stopped answering at 14:02; checkout's error fraction (2.0% → 9.0%)
 * follows from its failed calls"), or "no single cause". Times are formatted by the caller (the page
 * uses Grafana's date format). Pure; every name in it is untrusted text, shown as text.
 */

export interface CauseLine {
  /** "probable" names one cause; "none" says no single cause; "nothing" when nothing is flagged. */
  state: 'probable' | 'none' | 'nothing';
  /** The cause's service, when one. */
  service?: string;
  /** The whole sentence. */
  text: string;
  /** The symptoms, one short phrase each, nearest caller first. */
  symptoms: string[];
}

const CHAIN_SYMPTOMS = 3;

/** What one row says, as a phrase: "Error fraction of checkout rose (2.0% → 9.0%)". */
export function rowPhrase(row: ChangeRow): string {
  return `${row.title} (${row.baselineText} → ${row.incidentText})`;
}

function causePhrase(g: CauseGroup, time: (ms: number) => string): string {
  const top = g.rows[0];
  if (top?.stopped) {
    const at = top.sinceMs !== undefined ? ` at ${time(top.sinceMs)}` : '';
    return `${g.service} stopped answering${at} (${top.baselineText} → ${top.incidentText})`;
  }
  if (top) {
    return rowPhrase(top);
  }
  // A dependency without spans of its own: what its callers saw of it.
  const e = [...g.edges].sort((a, b) => edgePoints(b, g.polarity) - edgePoints(a, g.polarity))[0];
  if (!e) {
    return `${g.service} changed`;
  }
  const parts = [
    e.errors.score > 0 && e.errors.base !== undefined && e.errors.inc !== undefined
      ? `failed calls ${percentText(e.errors.base)} → ${percentText(e.errors.inc)}`
      : '',
    e.p95Ratio !== undefined ? `p95 ${secondsText(e.base95 ?? NaN)} → ${secondsText(e.inc95 ?? NaN)}` : '',
    e.collapsed ? 'calls collapsed' : '',
  ].filter(Boolean);
  const how = g.polarity === 'up' ? 'got worse' : 'got better';
  return `calls from ${e.client} to ${g.service} ${how}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

export function causeLine(analysis: CauseAnalysis, time: (ms: number) => string): CauseLine {
  const g = analysis.probable;
  if (!g) {
    if (!analysis.noSingleCause) {
      return { state: 'nothing', text: '', symptoms: [] };
    }
    const named = analysis.groups
      .slice(0, 3)
      .map((x) => x.service)
      .filter(Boolean);
    const among = named.length > 1 ? `: changes in ${named.join(', ')} are of similar weight` : '';
    return { state: 'none', text: `No single cause${among}. Start with the strongest rows below.`, symptoms: [] };
  }
  // One phrase per caller: its strongest symptom.
  const symptoms = g.callers
    .map((c) => g.symptoms.find((r) => r.service === c))
    .filter((r): r is ChangeRow => Boolean(r))
    .sort((a, b) => b.score - a.score)
    .map(rowPhrase);
  const shown = symptoms.slice(0, CHAIN_SYMPTOMS);
  const follow = shown.length
    ? `; ${shown.join('; ')}${symptoms.length > shown.length ? ` and ${symptoms.length - shown.length} more` : ''} follow${shown.length === 1 ? 's' : ''} from their calls to ${g.service}`
    : '';
  const lead = g.polarity === 'up' ? 'Probable cause' : 'Probable cause of the recovery';
  // A callee known only from the service graph: say why no call to it is named, and what would name it.
  const unnamed =
    g.rows.length === 0 && g.edges.length > 0 && g.polarity === 'up'
      ? ` No call to ${g.service} is named: Tempo's compare() sees no client spans unless metrics_generator.processor.local_blocks.filter_server_spans is false, and no search of slow calls named one.`
      : '';
  return {
    state: 'probable',
    service: g.service,
    text: `${lead}: ${causePhrase(g, time)}${follow}.${unnamed}`,
    symptoms,
  };
}
