import { errorSignatures, type ErrorSignature } from '../../correlation/errorSignature';
import { fieldValues, type FrameLike } from '../../correlation/frame';
import { logRowsOfFrame, type LogRow } from '../../correlation/logRows';

export interface PanelContent {
  rows: LogRow[];
  signatures: ErrorSignature[];
  /** Error count per step (all services together). */
  trend: { times: number[]; counts: number[] };
  total: number;
}

/** What the panel shows, from the frames of its two queries (refIds logs and trend). */
export function panelContent(frames: FrameLike[]): PanelContent {
  const rows = frames
    .filter((f) => f.refId === 'logs')
    .flatMap((f) => logRowsOfFrame(f))
    .sort((a, b) => (b.timeMs || 0) - (a.timeMs || 0));
  const trendFrame = frames.find((f) => f.refId === 'trend');
  // Loki's metric frame: `Time`, and `Value` with the series' labels (found by type, as a frame's fields are).
  const times = trendFrame ? Array.from(fieldValues(trendFrame.fields.find((f) => f.type === 'time')), Number) : [];
  const counts = trendFrame
    ? Array.from(fieldValues(trendFrame.fields.find((f) => f.type === 'number')), (v) => Number(v) || 0)
    : [];
  return {
    rows,
    signatures: errorSignatures(rows),
    trend: { times, counts },
    total: counts.reduce((a, b) => a + b, 0),
  };
}
