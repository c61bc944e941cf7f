import type { CauseLine } from './causeText';
import { durationText, utcText } from './format';
import type { Outcome } from './outcome';
import { isFlagged } from './rank';
import { KIND_NAMES, type ChangeRow } from './types';
import { windowLengthMs, type Windows } from './windows';

/**
 * The Markdown summary the Copy summary button puts on the clipboard, for the incident channel: the
 * windows, the top changes with their figures and a link to each, the trace investigated and its
 * likely root cause, and a link back to the page. Pure: every link is made by the caller.
 */

export const SUMMARY_ROWS = 5;

/**
 * Characters that change how text reads without being seen: bidi embeddings, overrides and isolates
 * (U+202E shows `gnp.exe` as `exe.png`), marks, and C0/C1 controls (whitespace is folded before).
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The forms GitHub, Slack and most chat tools turn into links by themselves (`https://…`, `www.…`,
 * `name@host.tld`), defanged the usual way (`https[:]//`, `www[.]`, `[@]`) so that text from data
 * never becomes a link to a foreign site. Brackets are escaped afterwards, so they show as typed.
 */
function defanged(text: string): string {
  return text
    .replace(/:\/\//g, '[:]//')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}[.]`)
    .replace(/@(?=[\w-]+\.[\w-])/g, '[@]');
}

/** Untrusted text (patterns, attribute values, services) as inline Markdown: no markup, no links, one line. */
export function markdownText(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').replace(INVISIBLE, '').trim();
  const cut = defanged(line.length > max ? `${line.slice(0, max - 1)}…` : line);
  // What would start markup in GitHub or Slack flavoured Markdown; parentheses are harmless once
  // brackets are escaped.
  return cut.replace(/[\\`*_[\]|<>~]/g, '\\$&');
}

/** A URL inside a Markdown link: characters that would end the link are percent-encoded. */
export const markdownUrl = (url: string) =>
  url.replace(/[()\s<>[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

export interface SummaryInput {
  windows: Windows;
  services: string[];
  /** Ranked rows; only those above the threshold are listed. */
  rows: ChangeRow[];
  pageUrl: string;
  rowUrl: (row: ChangeRow) => string;
  trace?: { id: string; url: string; rootCause?: string };
  /** Kinds that could not be compared, with why (said so in the summary). */
  missing?: string[];
  /** What the page may claim as a whole (honest states: never "nothing changed" when blind). */
  outcome?: Outcome;
  /** The probable cause, or "no single cause", with its chain of evidence. */
  cause?: CauseLine;
  /** Row id → the service whose symptom it is. */
  symptomOf?: Map<string, string>;
}

function windowsLine(w: Windows): string {
  const length = durationText(windowLengthMs(w.incident));
  const baseline = w.mode === 'day' ? `the same ${length} one day earlier` : `the ${length} before`;
  return `Incident window ${utcText(w.incident.fromMs)} to ${utcText(w.incident.toMs)}, compared with ${baseline} (${utcText(w.baseline.fromMs)} to ${utcText(w.baseline.toMs)}).`;
}

export function changeSummary(input: SummaryInput): string {
  const who = input.services.length ? input.services.map((s) => markdownText(s, 80)).join(', ') : 'every service';
  const lines = [`**What changed** for ${who}`, ''];
  // It opens with the answer: the probable cause and what follows from it, or no single cause.
  const cause = input.cause;
  if (cause && cause.state !== 'nothing') {
    lines.push(`**${markdownText(cause.text, 600)}**`);
    lines.push(...cause.symptoms.map((s) => `- symptom: ${markdownText(s, 300)}`), '');
  }
  lines.push(windowsLine(input.windows), '');
  const top = input.rows.filter(isFlagged).slice(0, SUMMARY_ROWS);
  const state = input.outcome?.state ?? 'nothing';
  if (top.length === 0) {
    lines.push(
      state === 'nothing' || !input.outcome
        ? "Nothing changed beyond the baseline's own variation."
        : markdownText(input.outcome.title, 400)
    );
  } else {
    top.forEach((row, i) => {
      const of = input.symptomOf?.get(row.id);
      const symptom = of ? ` (symptom of ${markdownText(of, 80)})` : '';
      lines.push(
        `${i + 1}. ${KIND_NAMES[row.kind]}: ${markdownText(row.title)}${symptom}: ${markdownText(row.baselineText)} → ${markdownText(row.incidentText)} (score ${row.score.toFixed(1)}) [evidence](${markdownUrl(input.rowUrl(row))})`
      );
    });
  }
  for (const text of input.missing ?? []) {
    lines.push('', `Not compared: ${markdownText(text, 300)}`);
  }
  if (input.trace) {
    const cause = input.trace.rootCause ? `, likely root cause: ${markdownText(input.trace.rootCause)}` : '';
    lines.push('', `Trace investigated: [${input.trace.id}](${markdownUrl(input.trace.url)})${cause}`);
  }
  lines.push('', `[Open What changed in Correlate](${markdownUrl(input.pageUrl)})`);
  return lines.join('\n');
}
