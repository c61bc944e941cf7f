/**
 * Bench baseline only: the fingerprint as Correlate computed it before its quoted-string scanner
 * was made single-pass (a backtracking expression trying up to 200 characters at every quote),
 * and the Errors page's old filter, which fingerprinted every row again on each keypress.
 */
import { messageOf } from '../../src/correlation/errorSignature';
import type { LogRow } from '../../src/correlation/logRows';

const REPLACEMENTS: Array<[RegExp, string]> = [
  [/"(?:[^"\\]|\\.){0,200}"|'(?:[^'\\]|\\.){0,200}'/g, '<str>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<ip>'],
  [/\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b/gi, '<ip>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b/gi, '<hex>'],
  [/\b\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h)\b/g, '<duration>'],
  [/\b([a-z]+[-_])\d[\w-]*/gi, '$1<id>'],
  [/\b\d+(?:\.\d+)?\b/g, '<num>'],
];

export function fingerprintNaive(message: string): string {
  let s = message.slice(0, 2000);
  for (const [re, to] of REPLACEMENTS) {
    s = s.replace(re, to);
  }
  return s.replace(/\s+/g, ' ').trim() || '<empty>';
}

/** Signatures of a page of rows, grouped as before (only the fingerprints matter for the cost). */
export function errorSignaturesNaive(rows: LogRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = fingerprintNaive(messageOf(row.line));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The old Errors page's visible rows: every row fingerprinted again, on every keypress. */
export function visibleRowsNaive(rows: LogRow[], signature: string): LogRow[] {
  return rows.filter((r) => fingerprintNaive(messageOf(r.line)) === signature);
}
