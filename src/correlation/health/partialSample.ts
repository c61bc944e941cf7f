import { count, plural } from './format';
import type { CheckResult } from './types';

/**
 * The trace-id check over a sample the page's time budget cut short (hostile lines or patterns):
 * its figure says how many of the lines Loki sent were read, so the share is not taken for the whole.
 */
export function withPartialSample(check: CheckResult, skipped: { read: number; received: number }): CheckResult {
  if (skipped.received === 0) {
    return check;
  }
  return {
    ...check,
    figure: `${check.figure} · Partial: read ${count(skipped.read)} of ${plural(skipped.received, 'line')} within the page’s time budget; the others are slow to read (very long lines or costly trace-id patterns).`,
  };
}
