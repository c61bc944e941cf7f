import { changedUrl, traceUrl, type UrlDataSources } from '../../app/urls';
import type { Comparison } from '../../correlation/changes/compareAll';
import { causeLine } from '../../correlation/changes/causeText';
import { utcText } from '../../correlation/changes/format';
import { changeSummary } from '../../correlation/changes/summary';
import type { ChangeRow } from '../../correlation/changes/types';
import type { Windows } from '../../correlation/changes/windows';

/** The page's Markdown for the incident channel; every link absolute, on `base` (this Grafana's URL). */
export function pageSummary(input: {
  base: string;
  windows: Windows;
  services: string[];
  traceId?: string;
  trace?: { rootCause?: string };
  comparison: Comparison;
  dataSources: UrlDataSources;
  /** A row's link, relative to this Grafana. */
  rowUrl: (row: ChangeRow) => string;
}): string {
  const { base, windows, services, traceId, trace, comparison, dataSources } = input;
  const range = { from: windows.incident.fromMs, to: windows.incident.toMs };
  return changeSummary({
    windows,
    services,
    rows: comparison.rows,
    outcome: comparison.outcome,
    cause: causeLine(comparison.analysis, utcText),
    symptomOf: comparison.analysis.symptomOf,
    pageUrl: base + changedUrl({ range, baseline: windows.mode, services, traceId, dataSources }),
    rowUrl: (row) => base + input.rowUrl(row),
    trace: traceId
      ? {
          id: traceId,
          url:
            base +
            traceUrl(traceId, {
              lookupRange: { from: windows.baseline.fromMs, to: windows.incident.toMs },
              dataSources,
            }),
          rootCause: trace?.rootCause,
        }
      : undefined,
    missing: comparison.outcome.missing,
  });
}
