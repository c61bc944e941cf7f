import { durationText } from '../../correlation/changes/format';
import { windowLengthMs, type Windows } from '../../correlation/changes/windows';
import { rangeText } from '../../shared/time';

/** The two windows in Grafana's date format and the page's zone (the copied summary keeps UTC). */
export function windowsText(w: Windows, timeZone?: string): string {
  const length = durationText(windowLengthMs(w.incident));
  return `Incident ${rangeText(w.incident.fromMs, w.incident.toMs, timeZone)} (${length}), against ${rangeText(w.baseline.fromMs, w.baseline.toMs, timeZone)}.`;
}
